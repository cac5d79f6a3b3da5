// The demo certificate authority of init-demo: a throwaway RSA CA named like Cisco's
// manufacturing CA, issuing SAST-style token certificates for keys generated on SoftHSM.
import { createPublicKey, webcrypto } from 'node:crypto';
import type { webcrypto as WebCrypto } from 'node:crypto';
import * as x509 from '../../../shared/ctl/x509';

type CryptoKey = WebCrypto.CryptoKey;
const subtle = webcrypto.subtle;
const algorithm = { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' };

export const DEMO_CA_SUBJECT = 'CN=Cisco Manufacturing CA (demo), O=Cisco Systems';

export interface DemoCa {
  certificate: x509.X509Certificate;
  privateKey: CryptoKey;
}

/**
 * A name written in reading order ('CN=…, O=…', most specific first) as DER in the order
 * real CAs (and OpenSSL) use: O before CN. peculiar's string parser keeps the written order,
 * which would put CN first and make every DN render backwards (O=…;CN=…) in the CTL.
 */
export function nameInDerOrder(readingOrder: string): x509.JsonName {
  return new x509.Name(readingOrder).toJSON().reverse();
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(8));
  bytes[0] = (bytes[0]! & 0x7f) | 0x10; // positive, eight bytes long
  return Buffer.from(bytes).toString('hex');
}

function validity(): { notBefore: Date; notAfter: Date } {
  const now = Date.now();
  return { notBefore: new Date(now - 24 * 3600 * 1000), notAfter: new Date(now + 10 * 365 * 24 * 3600 * 1000) };
}

export async function createDemoCa(): Promise<DemoCa> {
  const keys = (await subtle.generateKey({ ...algorithm, modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]) }, true, ['sign', 'verify'])) as WebCrypto.CryptoKeyPair;
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: nameInDerOrder(DEMO_CA_SUBJECT),
    ...validity(),
    signingAlgorithm: algorithm,
    keys,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
    ],
  });
  return { certificate, privateKey: keys.privateKey };
}

/** Issues a SAST-style certificate for an RSA public key given as modulus and exponent. */
export async function issueTokenCertificate(ca: DemoCa, subject: string, modulus: Buffer, exponent: Buffer): Promise<{ der: Buffer; serial: string }> {
  const spki = createPublicKey({ key: { kty: 'RSA', n: modulus.toString('base64url'), e: exponent.toString('base64url') }, format: 'jwk' }).export({ type: 'spki', format: 'der' });
  const publicKey = await subtle.importKey('spki', spki, algorithm, true, ['verify']);
  const serial = randomSerial();
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber: serial,
    subject: nameInDerOrder(subject),
    issuer: ca.certificate.subjectName,
    ...validity(),
    signingAlgorithm: algorithm,
    publicKey,
    signingKey: ca.privateKey,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
    ],
  });
  return { der: Buffer.from(certificate.rawData), serial };
}

/** DER of a certificate's subject and issuer names, for CKA_SUBJECT / CKA_ISSUER. */
export function certificateNames(der: Buffer): { subject: Buffer; issuer: Buffer; serial: Buffer } {
  const cert = new x509.X509Certificate(der);
  return {
    subject: Buffer.from(cert.subjectName.toArrayBuffer()),
    issuer: Buffer.from(cert.issuerName.toArrayBuffer()),
    serial: Buffer.from(cert.serialNumber, 'hex'),
  };
}
