// Round trips with real certificates and real RSA signatures: every role, RSA and EC
// record keys, every hash; plus verification outcomes and the non-secure strip.
import { createECDH } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ROLES, canonicalDn, ctlPublicKeyField, decodeCtl, encodeCtl, fingerprintSha256, hexSerial, publicKeyFromSpki, recordFromCertificate,
  signerFromCertificate, stripForNonSecure, verifyCtl, type CtlDraft, type CtlRecord, type HashAlgorithm,
} from '../../shared/ctl';
import { encodeSha256Ctl } from './legacy-hash';
import { sha256Hex } from '../../shared/node/hash';
import * as x509 from '../../shared/ctl/x509';
import { makeIdentity, webCryptoSigner, type TestIdentity } from '../helpers/pki';

let sast: TestIdentity;
let sast2: TestIdentity;
let rsaServer: TestIdentity;
let ecServer: TestIdentity;

beforeAll(async () => {
  sast = await makeIdentity({ subject: 'CN=SAST-ADN0001, OU=IPCBU, O=Example Systems', serial: '00c0ffee01', modulusBits: 2048 });
  sast2 = await makeIdentity({ subject: 'CN=SAST-ADN0002, OU=IPCBU, O=Example Systems', modulusBits: 1024 });
  rsaServer = await makeIdentity({ subject: 'CN=cucm1.example.com, O=Example', issuer: sast, modulusBits: 1024 });
  ecServer = await makeIdentity({ subject: 'CN=capf-1, O=Example', keyType: 'ec', issuer: sast });
});

function draftFor(hash: HashAlgorithm, records: CtlRecord[], signer = sast): CtlDraft {
  return { signer: signerFromCertificate(signer.der), hashAlgorithm: hash, modulusBits: 2048, timestamp: 1_700_000_000, records };
}

function allRoleRecords(): CtlRecord[] {
  const out: CtlRecord[] = [recordFromCertificate('SAST', sast.der)];
  ROLES.forEach((role, i) => {
    out.push(recordFromCertificate(role, rsaServer.der, { dnsName: `rsa-${i}.example.com`, ipAddress: `10.0.${i}.1` }));
    out.push(recordFromCertificate(role, ecServer.der, { dnsName: `ec-${i}`, ipAddress: null }));
  });
  return out;
}

describe('round trip with real keys', () => {
  it.each(['sha1', 'sha256', 'sha512'] as const)('every role, RSA and EC record keys, %s', async (hash) => {
    const draft = draftFor(hash, allRoleRecords());
    // SHA-256 is read (files in the field carry it) but never written by the encoder.
    const bytes = hash === 'sha256' ? await encodeSha256Ctl(draft, webCryptoSigner(sast.keys)) : await encodeCtl(draft, webCryptoSigner(sast.keys));
    const file = decodeCtl(bytes);
    expect(file.hashAlgorithm).toBe(hash);
    expect(file.signer).toEqual(draft.signer);
    expect(file.records).toEqual(draft.records.map((r) => ({ ...r, certificateHash: null, recordHashAlgorithm: null })));
    expect(file.records.map((r) => r.role)).toEqual(['SAST', ...ROLES.flatMap((r) => [r, r])]);
    const verification = await verifyCtl(bytes);
    expect(verification).toMatchObject({ status: 'valid', signatureValid: true, signerIndex: 0, signerRole: 'SAST' });
  });

  it('stores RSA keys as PKCS#1 and EC keys as the uncompressed point', () => {
    const rsa = recordFromCertificate('CCM', rsaServer.der);
    const ec = recordFromCertificate('CAPF', ecServer.der);
    const rsaSpki = new Uint8Array(rsaServer.certificate.publicKey.rawData);
    // SPKI ends with BIT STRING { 00 || RSAPublicKey }: the record key is exactly that tail.
    expect(Buffer.from(rsaSpki).subarray(rsaSpki.length - (rsa.publicKey?.length ?? 0))).toEqual(Buffer.from(rsa.publicKey ?? []));
    expect(rsa.publicKey?.[0]).toBe(0x30);
    expect(ec.publicKey).toHaveLength(65);
    expect(ec.publicKey?.[0]).toBe(0x04);
    expect(publicKeyFromSpki(rsaSpki)).toMatchObject({ kind: 'rsa', modulusBits: 1024 });
    expect(rsa.signature).toEqual(new Uint8Array(rsaServer.certificate.signature));
    expect(rsa.certificate).toEqual(rsaServer.der);
  });

  it('uses minimal serial bytes and the canonical DN in header and records alike', () => {
    const signer = signerFromCertificate(sast.der);
    expect(hexSerial(signer.serial)).toBe('c0ffee01');
    expect(signer.subject).toBe('CN=SAST-ADN0001;OU=IPCBU;O=Example Systems');
    expect(recordFromCertificate('SAST', sast.der).subject).toBe(signer.subject);
    expect(recordFromCertificate('CCM', rsaServer.der).issuer).toBe(signer.subject);
  });

  it('detects tampering, a wrong hash byte and a signer that is not listed', async () => {
    const bytes = await encodeSha256Ctl(draftFor('sha256', allRoleRecords()), webCryptoSigner(sast.keys));
    const tampered = bytes.slice();
    tampered[tampered.length - 20] = (tampered[tampered.length - 20] as number) ^ 0x01;
    expect(await verifyCtl(tampered)).toMatchObject({ status: 'invalid-signature', signatureValid: false, signerIndex: 0 });

    const wrongHash = bytes.slice();
    const file = decodeCtl(bytes);
    // SIGNATURE_INFO (18 bytes) sits just before SIGNATURE; its HASH_ALGORITHM value is 6 bytes in.
    wrongHash[file.signatureTlv.offset - 18 + 6] = 1;
    expect(decodeCtl(wrongHash).hashAlgorithm).toBe('sha1');
    expect((await verifyCtl(wrongHash)).status).toBe('invalid-signature');

    const unlisted = await encodeCtl(draftFor('sha1', [recordFromCertificate('SAST', sast2.der)]), webCryptoSigner(sast.keys));
    expect(await verifyCtl(unlisted)).toMatchObject({ status: 'no-matching-sast', signatureValid: false, signerIndex: null });

    // Listed, but as a server role rather than SAST: still no matching SAST.
    const asServer = await encodeCtl(draftFor('sha1', [recordFromCertificate('CCM', sast.der)]), webCryptoSigner(sast.keys));
    expect((await verifyCtl(asServer)).status).toBe('no-matching-sast');

    // Signed by the wrong key: SAST record found, signature invalid.
    const wrongKey = await encodeCtl(
      { ...draftFor('sha1', [recordFromCertificate('SAST', sast2.der)], sast2), modulusBits: 1024 },
      webCryptoSigner({ ...sast2.keys, privateKey: (await makeIdentity({ subject: 'CN=x', modulusBits: 1024 })).keys.privateKey }),
    );
    expect(await verifyCtl(wrongKey)).toMatchObject({ status: 'invalid-signature', signerIndex: 0 });
  });

  it('non-secure mode strips server entries, keeps SAST whole, and still verifies', async () => {
    const records = stripForNonSecure(allRoleRecords());
    const bytes = await encodeCtl(draftFor('sha1', records), webCryptoSigner(sast.keys));
    const file = decodeCtl(bytes);
    const original = allRoleRecords();
    file.records.forEach((r, i) => {
      if (r.role === 'SAST') {
        expect(r.certificate).not.toBeNull();
        expect([r.publicKey, r.signature, r.certificate]).toEqual([original[i]?.publicKey, original[i]?.signature, original[i]?.certificate]);
      } else {
        expect([r.publicKey, r.signature, r.certificate]).toEqual([null, null, null]);
      }
    });
    expect((await verifyCtl(bytes)).status).toBe('valid');
  });
});

describe('helpers', () => {
  it('refuses a compressed EC point instead of writing it', () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    const compressed = ecdh.getPublicKey(undefined, 'compressed');
    // SubjectPublicKeyInfo { { ecPublicKey, prime256v1 }, BIT STRING 00 || point }, by hand.
    const spki = (point: Buffer): Uint8Array => {
      const algorithm = Buffer.from('301306072a8648ce3d020106082a8648ce3d030107', 'hex');
      const body = Buffer.concat([algorithm, Buffer.from([0x03, point.length + 1, 0x00]), point]);
      return new Uint8Array(Buffer.concat([Buffer.from([0x30, body.length]), body]));
    };
    const uncompressed = ecdh.getPublicKey();
    expect(ctlPublicKeyField(spki(uncompressed))).toEqual(new Uint8Array(uncompressed));
    expect(() => ctlPublicKeyField(spki(compressed))).toThrow(/not an uncompressed point/);
  });

  it('fingerprints and hashes through WebCrypto', async () => {
    const hex = sha256Hex(sast.der);
    const expected = Buffer.from(await globalThis.crypto.subtle.digest('SHA-256', sast.der as Uint8Array<ArrayBuffer>)).toString('hex');
    expect(hex).toBe(expected);
    expect(await fingerprintSha256(sast.der)).toBe(expected.toUpperCase().match(/../g)?.join(':'));
  });

  it('renders DNs most-specific first with RFC 4514 escaping', () => {
    const name = new x509.Name([{ C: ['JP'] }, { O: ['A;B, Inc'] }, { CN: ['x+y'], OU: ['u'] }]);
    expect(canonicalDn(name)).toBe('CN=x\\+y+OU=u;O=A\\;B\\, Inc;C=JP');
    expect(canonicalDn(new Uint8Array(name.toArrayBuffer()))).toBe(canonicalDn(name));
  });
});
