// Builds model pieces from X.509 certificates (parsed with @peculiar/x509). Used by the
// writer side (build, the app); the decoder never needs it.
import { CtlCertificateError } from './errors';
import { canonicalDn } from './dn';
import { fingerprintSha256, serialFromHex, hexSerial } from './hash';
import { ipv4ToBytes } from './ip';
import type { CtlRecord, CtlRole, CtlSigner } from './model';
import { ctlPublicKeyField, publicKeyFromSpki, type CtlPublicKey } from './public-key';
import * as x509 from './x509';

function parse(der: Uint8Array): x509.X509Certificate {
  try {
    return new x509.X509Certificate(der as Uint8Array<ArrayBuffer>);
  } catch (e) {
    throw new CtlCertificateError(`not an X.509 certificate: ${(e as Error).message}`);
  }
}

function publicKeyOf(cert: x509.X509Certificate): CtlPublicKey {
  try {
    return publicKeyFromSpki(new Uint8Array(cert.publicKey.rawData));
  } catch (e) {
    throw new CtlCertificateError(`unsupported public key: ${(e as Error).message}`);
  }
}

export interface RecordOptions {
  dnsName?: string;
  ipAddress?: string | null;
}

export function recordFromCertificate(role: CtlRole, certDer: Uint8Array, options: RecordOptions = {}): CtlRecord {
  const cert = parse(certDer);
  let publicKey: Uint8Array;
  try {
    publicKey = ctlPublicKeyField(new Uint8Array(cert.publicKey.rawData));
  } catch (e) {
    throw new CtlCertificateError(`unsupported public key: ${(e as Error).message}`);
  }
  const ipAddress = options.ipAddress ?? null;
  if (ipAddress !== null && !ipv4ToBytes(ipAddress)) throw new CtlCertificateError(`"${ipAddress}" is not a dotted IPv4 address`);
  return {
    role,
    dnsName: options.dnsName ?? '',
    subject: canonicalDn(cert.subjectName),
    issuer: canonicalDn(cert.issuerName),
    serial: serialFromHex(cert.serialNumber),
    publicKey,
    signature: new Uint8Array(cert.signature),
    certificate: certDer.slice(),
    ipAddress,
  };
}

export function signerFromCertificate(certDer: Uint8Array): CtlSigner {
  const cert = parse(certDer);
  return { subject: canonicalDn(cert.subjectName), issuer: canonicalDn(cert.issuerName), serial: serialFromHex(cert.serialNumber) };
}

export interface CertificateSummary {
  subject: string;
  issuer: string;
  serialHex: string;
  notBefore: Date;
  notAfter: Date;
  keyType: 'rsa' | 'ec';
  /** RSA modulus size; null for EC. */
  modulusBits: number | null;
  sha256Fingerprint: string;
}

/** What inspect and the UI show about one certificate. */
export async function describeCertificate(certDer: Uint8Array): Promise<CertificateSummary> {
  const cert = parse(certDer);
  const key = publicKeyOf(cert);
  return {
    subject: canonicalDn(cert.subjectName),
    issuer: canonicalDn(cert.issuerName),
    serialHex: hexSerial(serialFromHex(cert.serialNumber)),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    keyType: key.kind,
    modulusBits: key.kind === 'rsa' ? key.modulusBits : null,
    sha256Fingerprint: await fingerprintSha256(certDer),
  };
}

/** RSA modulus size of a certificate's key, or null when the key is not RSA. */
export function rsaModulusBitsOfCertificate(certDer: Uint8Array): number | null {
  const key = publicKeyOf(parse(certDer));
  return key.kind === 'rsa' ? key.modulusBits : null;
}
