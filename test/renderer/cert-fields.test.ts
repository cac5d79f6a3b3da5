// The certificate viewer's fields: subject and issuer in the one canonical DN rendering the CTL
// records (and so the entries table and the inspector) use, not @peculiar/x509's own
// "CN=…, O=…" string. Real certificates from the test PKI, parsed as the viewer parses them.
import { describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import { parseCertificate } from '../../renderer/src/extras/cert-fields';
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
});
