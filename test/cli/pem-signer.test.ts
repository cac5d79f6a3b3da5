// The PEM signer behind `ctl-client build --signer`: RSA PKCS#1 v1.5 for each hash, and
// clear refusals for bundles it cannot use.
import { createPublicKey, verify } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { PemSignerError, pemIdentityFromText } from '../../electron/services/signing/pem-signer';
import { pemBlocks, toPem } from '../../electron/services/signing/pem';
import { makeIdentity, type TestIdentity } from '../helpers/pki';

let rsa: TestIdentity;
let other: TestIdentity;
let ec: TestIdentity;
beforeAll(async () => {
  rsa = await makeIdentity({ subject: 'CN=SAST-PEM', modulusBits: 2048 });
  other = await makeIdentity({ subject: 'CN=other', modulusBits: 1024 });
  ec = await makeIdentity({ subject: 'CN=ec', keyType: 'ec' });
});

describe('pem signer', () => {
  it.each(['sha1', 'sha256', 'sha512'] as const)('signs RSA PKCS#1 v1.5 with %s', async (hash) => {
    const identity = pemIdentityFromText(rsa.keyPem + rsa.certPem + other.certPem, 'bundle.pem');
    expect(identity.certificate).toEqual(rsa.der);
    expect(identity.chain).toEqual([other.der]);
    expect(identity.modulusBits).toBe(2048);
    const data = new TextEncoder().encode('the file minus the SIGNATURE TLV');
    const signature = await identity.sign(data, hash);
    expect(signature).toHaveLength(256);
    const publicKey = createPublicKey({ key: Buffer.from(rsa.certificate.publicKey.rawData), format: 'der', type: 'spki' });
    expect(verify(hash, data, publicKey, signature)).toBe(true);
    expect(verify(hash === 'sha1' ? 'sha256' : 'sha1', data, publicKey, signature)).toBe(false);
  });

  it('refuses bundles it cannot use, naming the source and never the key', () => {
    const cases: [string, RegExp][] = [
      [rsa.certPem, /bundle\.pem: no PRIVATE KEY block/],
      [rsa.keyPem, /bundle\.pem: no CERTIFICATE block/],
      [ec.certPem + ec.keyPem, /^bundle\.pem: the private key is EC; a CTL signer needs an RSA key$/],
      [rsa.certPem + other.keyPem, /does not belong to the certificate/],
      [rsa.certPem + '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n', /private key cannot be read/],
      [rsa.certPem + '-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n', /encrypted private keys are not supported/],
    ];
    for (const [text, message] of cases) {
      let error: unknown;
      try {
        pemIdentityFromText(text, 'bundle.pem');
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PemSignerError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain('BEGIN');
    }
  });
});

describe('pem', () => {
  it('toPem writes 64-character lines that pemBlocks reads back, blocks in order', () => {
    const der = Uint8Array.from({ length: 100 }, (_, i) => (i * 37) & 0xff);
    const text = toPem(der) + toPem(der.subarray(0, 3), 'PRIVATE KEY');
    const lines = text.split('\n');
    expect(lines[0]).toBe('-----BEGIN CERTIFICATE-----');
    expect(lines[1]).toHaveLength(64);
    expect(pemBlocks(text).map((b) => [b.label, [...b.der]])).toEqual([['CERTIFICATE', [...der]], ['PRIVATE KEY', [0, 37, 74]]]);
  });
});
