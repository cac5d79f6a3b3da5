// What the main process, the command line and the session read from a certificate without the
// JavaScript X.509 library (which costs start-up time): the validity dates from the codec's DER
// walker, the key and a full check through Node's parser (OpenSSL). The codec's @peculiar/x509
// stays for what only it gives (the names' structure).
import { X509Certificate } from 'node:crypto';
import { certificateValidity } from '../ctl/certificate-validity';
import { sha256Hex } from './hash';

/** Whether the bytes are one X.509 certificate, as OpenSSL reads it (a full parse). */
export function isX509Certificate(der: Uint8Array): boolean {
  try {
    new X509Certificate(der); // the parse is the check
    return true;
  } catch {
    return false;
  }
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
    return { fingerprint, notAfter: certificateValidity(der).notAfter, parseError: null };
  } catch (err) {
    return { fingerprint, notAfter: null, parseError: (err as Error).message };
  }
}
