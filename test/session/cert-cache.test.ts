// The session's certificate cache gives exactly what the codec's recordFromCertificate gives,
// as copies a caller may change, and the same refusal for a certificate that does not parse.
import { describe, expect, it } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { recordFromCertificate } from '../../shared/ctl';
import { CertificateCache } from '../../electron/session/cert-cache';
import { makeIdentity } from '../helpers/pki';

describe('CertificateCache', () => {
  it('builds the codec record per role and options, as independent copies', async () => {
    const id = await makeIdentity({ subject: 'CN=cucm-1, O=Fake', modulusBits: 1024 });
    const cache = new CertificateCache();
    const options = { dnsName: 'cucm-1', ipAddress: '10.0.0.1' };
    const a = cache.record('CCM+TFTP', id.der, options);
    expect(a).toEqual(recordFromCertificate('CCM+TFTP', id.der, options));
    expect(cache.record('CAPF', id.der, { dnsName: 'cucm-1', ipAddress: null })).toEqual(recordFromCertificate('CAPF', id.der, { dnsName: 'cucm-1', ipAddress: null }));
    a.certificate![0] = 0;
    a.serial[0] = 0xff;
    a.dnsName = 'changed';
    expect(cache.record('CCM+TFTP', id.der, options)).toEqual(recordFromCertificate('CCM+TFTP', id.der, options));
  });

  it('refuses a bad IP address and a non-certificate the way the codec does, every time', async () => {
    const id = await makeIdentity({ subject: 'CN=cucm-2, O=Fake', modulusBits: 1024 });
    const cache = new CertificateCache();
    const codec = (() => { try { recordFromCertificate('CCM', id.der, { ipAddress: '10.0.0' }); } catch (e) { return (e as Error).message; } return null; })();
    expect(codec).not.toBeNull();
    for (let i = 0; i < 2; i++) {
      expect(() => cache.record('CCM', id.der, { ipAddress: '10.0.0' })).toThrow(codec!);
      expect(() => cache.record('CCM', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01]))).toThrow(/not an X\.509 certificate/);
    }
  });

  it('gives notAfter and the fingerprint, and the DER of a base64 token certificate as a copy', async () => {
    const id = await makeIdentity({ subject: 'CN=SAST-1, O=Fake', modulusBits: 1024 });
    const cache = new CertificateCache();
    const facts = cache.certificateFacts(id.der);
    expect(facts).toEqual({
      fingerprint: new X509Certificate(id.der).fingerprint256.replaceAll(':', '').toLowerCase(),
      notAfter: new Date(new X509Certificate(id.der).validTo).toISOString(), parseError: null,
    });
    expect(cache.certificateFacts(new Uint8Array([1, 2, 3])).parseError).not.toBeNull();
    const b64 = Buffer.from(id.der).toString('base64');
    const der = cache.fromBase64(b64);
    expect(Buffer.from(der).equals(Buffer.from(id.der))).toBe(true);
    der[0] = 0;
    expect(Buffer.from(cache.fromBase64(b64)).equals(Buffer.from(id.der))).toBe(true);
  });
});
