// Throwaway keys and certificates for tests (WebCrypto + @peculiar/x509). Nothing here
// is secret: keys live only in memory or in the test's temp directory.
import { webcrypto } from 'node:crypto';
import type { webcrypto as WebCrypto } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { encodeCtl, signerFromCertificate } from '../../shared/ctl';
import type { CtlRecord, HashAlgorithm, SignFunction } from '../../shared/ctl/model';
import * as x509 from '../../shared/ctl/x509';

type CryptoKey = WebCrypto.CryptoKey;
const subtle = webcrypto.subtle;
const HASH_NAME: Record<HashAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

export type KeyType = 'rsa' | 'ec';

export interface TestKeys {
  type: KeyType;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export interface TestIdentity {
  keys: TestKeys;
  certificate: x509.X509Certificate;
  der: Uint8Array;
  certPem: string;
  /** PKCS#8 private key PEM. */
  keyPem: string;
  /** Certificate and private key in one PEM file, as `ctl-client build --signer` reads it. */
  combinedPem: string;
}

export async function generateKeys(type: KeyType = 'rsa', modulusBits = 2048): Promise<TestKeys> {
  const pair =
    type === 'rsa'
      ? await subtle.generateKey(
          { name: 'RSASSA-PKCS1-v1_5', modulusLength: modulusBits, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' },
          true,
          ['sign', 'verify'],
        )
      : await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  return { type, privateKey: pair.privateKey as CryptoKey, publicKey: pair.publicKey as CryptoKey };
}

export function toPem(der: ArrayBuffer | Uint8Array, label: string): string {
  const b64 = Buffer.from(der instanceof Uint8Array ? der : new Uint8Array(der)).toString('base64');
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}

export interface CertificateOptions {
  /**
   * Subject in the usual reading order, most specific first ('CN=SAST-1, O=Example');
   * the DER keeps the order real CAs use (O before CN), like OpenSSL does.
   */
  subject: string;
  keys?: TestKeys;
  /** Issuer identity; self-signed when omitted. Must hold an RSA or EC key. */
  issuer?: TestIdentity;
  /** Hex serial; random when omitted. */
  serial?: string;
  notBefore?: Date;
  notAfter?: Date;
  modulusBits?: number;
  keyType?: KeyType;
}

function signingAlgorithm(keys: TestKeys): { name: string; hash: string } {
  return keys.type === 'rsa' ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', hash: 'SHA-256' };
}

function derOrder(readingOrder: string): x509.JsonName {
  return new x509.Name(readingOrder).toJSON().reverse();
}

export async function makeIdentity(options: CertificateOptions): Promise<TestIdentity> {
  const keys = options.keys ?? (await generateKeys(options.keyType ?? 'rsa', options.modulusBits ?? 2048));
  const signerKeys = options.issuer?.keys ?? keys;
  const notBefore = options.notBefore ?? new Date(Date.UTC(2025, 0, 1));
  const notAfter = options.notAfter ?? new Date(Date.UTC(2035, 0, 1));
  const serialNumber = options.serial ?? Buffer.from(webcrypto.getRandomValues(new Uint8Array(8))).toString('hex').replace(/^0+/, '1');
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: derOrder(options.subject),
    issuer: options.issuer ? options.issuer.certificate.subjectName.toJSON() : derOrder(options.subject),
    notBefore,
    notAfter,
    signingAlgorithm: signingAlgorithm(signerKeys),
    publicKey: keys.publicKey,
    signingKey: signerKeys.privateKey,
  });
  const der = new Uint8Array(certificate.rawData);
  const keyPem = toPem(await subtle.exportKey('pkcs8', keys.privateKey), 'PRIVATE KEY');
  const certPem = toPem(der, 'CERTIFICATE');
  return { keys, certificate, der, certPem, keyPem, combinedPem: certPem + keyPem };
}

/** A SignFunction over an RSA private key (WebCrypto), re-imported per hash algorithm. */
export function webCryptoSigner(keys: TestKeys): SignFunction {
  const byHash = new Map<HashAlgorithm, Promise<CryptoKey>>();
  return async (tbs, hash) => {
    let key = byHash.get(hash);
    if (!key) {
      key = subtle
        .exportKey('pkcs8', keys.privateKey)
        .then((pkcs8) => subtle.importKey('pkcs8', pkcs8, { name: 'RSASSA-PKCS1-v1_5', hash: HASH_NAME[hash] }, false, ['sign']));
      byHash.set(hash, key);
    }
    return new Uint8Array(await subtle.sign('RSASSA-PKCS1-v1_5', await key, tbs));
  };
}

/** Writes cert.pem, key.pem and identity.pem (both) for an identity under dir; returns their paths. */
export async function writeIdentity(dir: string, name: string, identity: TestIdentity): Promise<{ cert: string; key: string; combined: string }> {
  await mkdir(dir, { recursive: true });
  const paths = { cert: join(dir, `${name}.crt.pem`), key: join(dir, `${name}.key.pem`), combined: join(dir, `${name}.pem`) };
  await writeFile(paths.cert, identity.certPem);
  await writeFile(paths.key, identity.keyPem);
  await writeFile(paths.combined, identity.combinedPem);
  return paths;
}

/** A sample CTL for tests: signed by `signer` (SHA-1, 2048-bit modulus field), listing `records`. */
export function signedCtl(signer: TestIdentity, records: CtlRecord[], timestamp = 1_800_000_000): Promise<Uint8Array> {
  return encodeCtl(
    { signer: signerFromCertificate(signer.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp, records },
    webCryptoSigner(signer.keys),
  );
}
