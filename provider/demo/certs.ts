// Self-signed RSA identities for the demo cluster (WebCrypto keys, @peculiar/x509 certs).
// Reused when the files already exist with the requested subject, so client pins stay
// valid across demo restarts.
import { webcrypto, X509Certificate } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import * as x509 from '../../shared/ctl/x509';
import { canonicalDn } from '../../shared/ctl/dn';

export interface DemoIdentity {
  certFile: string;
  keyFile: string;
  der: Uint8Array;
}

export interface DemoSubjectParts {
  cn: string;
  ou?: string;
  o: string;
  c: string;
}

/**
 * A subject in the DER order real certificates use: most general first (C, O, OU, CN).
 * Built as a JsonName on purpose: @peculiar/x509 keeps a string name's written order as the
 * DER order, so 'CN=…, O=…' would put CN first and render backwards (C=…;…;CN=…) in a CTL.
 */
export function demoSubject(parts: DemoSubjectParts): x509.JsonName {
  return [{ C: [parts.c] }, { O: [parts.o] }, ...(parts.ou ? [{ OU: [parts.ou] }] : []), { CN: [parts.cn] }];
}

const pem = (der: ArrayBuffer | Uint8Array, label: string) => {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
};

async function existing(certFile: string, keyFile: string, subject: x509.JsonName): Promise<DemoIdentity | null> {
  let cert: Buffer;
  try {
    [cert] = await Promise.all([readFile(certFile), readFile(keyFile)]);
  } catch {
    return null;
  }
  const der = new Uint8Array(new X509Certificate(cert).raw);
  // A different subject (or the same one in another DER order, as older versions wrote it)
  // is reissued: the rendering in the CTL must be right even if a pin has to be re-accepted.
  const kept = new x509.X509Certificate(der).subjectName;
  return canonicalDn(kept) === canonicalDn(subject) ? { certFile, keyFile, der } : null;
}

/** Creates (or reuses) `<dir>/<name>.crt.pem` and `<dir>/<name>.key.pem`; `subject` is in DER order. */
export async function demoIdentity(dir: string, name: string, subject: x509.JsonName, modulusBits = 2048): Promise<DemoIdentity> {
  const certFile = path.join(dir, `${name}.crt.pem`);
  const keyFile = path.join(dir, `${name}.key.pem`);
  const found = await existing(certFile, keyFile, subject);
  if (found) return found;
  const alg = { name: 'RSASSA-PKCS1-v1_5', modulusLength: modulusBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify']);
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^0/, '1'),
    name: subject,
    notBefore: new Date(now - 24 * 3600_000),
    notAfter: new Date(now + 5 * 365 * 24 * 3600_000),
    keys,
    signingAlgorithm: alg,
  });
  const der = new Uint8Array(cert.rawData);
  await writeFile(keyFile, pem(await webcrypto.subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY'), { mode: 0o600 });
  await writeFile(certFile, pem(der, 'CERTIFICATE'));
  return { certFile, keyFile, der };
}
