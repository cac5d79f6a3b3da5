// The certificate viewer's fields: subject and issuer in the one canonical DN rendering the CTL
// records (and so the entries table and the inspector) use, not @peculiar/x509's own
// "CN=…, O=…" string. Real certificates from the test PKI, parsed as the viewer parses them.
import { describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import { parseCertificate } from '../../renderer/src/tools/cert-fields';
import type { webcrypto } from 'node:crypto';
import * as x509 from '../../shared/ctl/x509';
import { makeIdentity } from '../helpers/pki';

const base64 = (der: Uint8Array) => Buffer.from(der).toString('base64');

describe('parseCertificate (certificate viewer)', () => {
  it('renders subject and issuer exactly as the CTL record does (CN first, ";" separated)', async () => {
    const ca = await makeIdentity({ subject: 'CN=Demo CA, OU=PKI, O=CTL Demo, C=JP' });
    const node = await makeIdentity({ subject: 'CN=cucm-1, OU=CallManager, O=CTL Demo, C=JP', issuer: ca });
    const fields = await parseCertificate(base64(node.der));
    const record = recordFromCertificate('CCM+TFTP', node.der, { dnsName: 'cucm-1' });
    expect(fields.subject).toBe('CN=cucm-1;OU=CallManager;O=CTL Demo;C=JP');
    expect(fields.subject).toBe(record.subject);
    expect(fields.issuer).toBe('CN=Demo CA;OU=PKI;O=CTL Demo;C=JP');
    expect(fields.issuer).toBe(record.issuer);
  });

  it('escapes a separator inside a value, so the rendering stays unambiguous', async () => {
    const odd = await makeIdentity({ subject: 'CN=a\\;b, O=Example' });
    const fields = await parseCertificate(base64(odd.der));
    expect(fields.subject).toBe('CN=a\\;b;O=Example');
    expect(fields.subject).toBe(recordFromCertificate('SAST', odd.der).subject);
  });

  it('decodes the common extensions into data the viewer words (CA, key usage, EKU, names, key id) and the key in parts', async () => {
    const keys = (await crypto.subtle.generateKey({ name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
    const cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: '01', name: 'CN=cucm-1.example.com', keys, signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      notBefore: new Date(Date.UTC(2025, 0, 1)), notAfter: new Date(Date.UTC(2030, 0, 1)),
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyCertSign, true),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth, x509.ExtendedKeyUsage.clientAuth]),
        new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'cucm-1.example.com' }, { type: 'ip', value: '192.0.2.11' }]),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    const fields = await parseCertificate(base64(new Uint8Array(cert.rawData)));
    expect(fields.publicKey).toEqual({ algorithm: 'RSA', bits: 2048, curve: null });
    expect(fields.signature).toEqual({ scheme: 'RSA', hash: 'SHA-256' });
    const byKey = Object.fromEntries(fields.extensions.map((e) => [e.key, e]));
    expect(byKey.basicConstraints).toMatchObject({ critical: true, decoded: { kind: 'basic-constraints', ca: true, pathLength: 0 } });
    expect(byKey.keyUsage!.decoded).toEqual({ kind: 'key-usage', usages: ['digitalSignature', 'keyCertSign'] });
    expect(byKey.extendedKeyUsage!.decoded).toEqual({ kind: 'extended-key-usage', usages: ['serverAuth', 'clientAuth'] });
    expect(byKey.subjectAltName!.decoded).toEqual({ kind: 'names', names: [{ type: 'dns', value: 'cucm-1.example.com' }, { type: 'ip', value: '192.0.2.11' }] });
    expect(byKey.subjectKeyIdentifier!.decoded).toMatchObject({ kind: 'key-id', keyId: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });
});
