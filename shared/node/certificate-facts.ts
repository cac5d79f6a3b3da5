// What the main process, the command line and the session read from a certificate without the
// JavaScript X.509 library: Node's parser (OpenSSL) gives the validity dates at no start-up
// cost. The codec's @peculiar/x509 stays for what only it gives (the names' structure).
import { X509Certificate } from 'node:crypto';
import { sha256Hex } from './hash';

/** Validity of a certificate DER, as ISO 8601; throws when the DER is no certificate. */
export function certificateDates(der: Uint8Array): { notBefore: string; notAfter: string } {
  const cert = new X509Certificate(der);
  // OpenSSL prints "Jan  1 00:00:00 2025 GMT", which Date parses.
  return { notBefore: new Date(cert.validFrom).toISOString(), notAfter: new Date(cert.validTo).toISOString() };
}

/** The SubjectPublicKeyInfo DER of a certificate; throws when the DER is no certificate. */
export function certificateSpki(der: Uint8Array): Uint8Array {
  return new Uint8Array(new X509Certificate(der).publicKey.export({ type: 'spki', format: 'der' }));
}

export interface CertificateFacts {
  fingerprint: string | null;
  notAfter: string | null;
  parseError: string | null;
}

/** Fingerprint (SHA-256 hex), end of validity and parse error of a certificate, if any. */
export function certificateFacts(der: Uint8Array | null, fingerprint = der ? sha256Hex(der) : null): CertificateFacts {
  if (!der) return { fingerprint: null, notAfter: null, parseError: null };
  try {
    return { fingerprint, notAfter: certificateDates(der).notAfter, parseError: null };
  } catch (err) {
    return { fingerprint, notAfter: null, parseError: (err as Error).message };
  }
}
