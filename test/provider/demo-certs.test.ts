// Demo certificates carry their subject in the DER order real certificates use (C, O, OU,
// CN: most general first), so the codec's canonical rendering reads like `show ctl` on a
// Communications Manager: CN first.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { X509Certificate } from 'node:crypto';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { startDemoCluster, type DemoCluster } from '../../provider/demo/cluster';
import { demoIdentity, demoSubject } from '../../provider/demo/certs';
import { canonicalDn } from '../../shared/ctl';
import * as x509 from '../../shared/ctl/x509';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir } from './fixtures';

let dir: string;
let cluster: DemoCluster;

beforeAll(async () => {
  dir = await makeTempDir('democerts');
  cluster = await startDemoCluster({ dir, nodes: 2, basePort: 0, altTftp: 1, firewalls: 1, modulusBits: 1024 });
});
afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Attribute types of the subject in DER order, read by Node's OpenSSL (independent of @peculiar/x509). */
function derOrderOf(der: Uint8Array): string[] {
  return new X509Certificate(der).subject.split('\n').map((line) => line.slice(0, line.indexOf('=')));
}

describe('demo certificates', () => {
  it('node certificates: DER order C, O, OU, CN; canonical rendering CN first', async () => {
    const node = cluster.nodes[0]!;
    const session = await ProviderClient.connect({ host: node.host, port: node.port, trustStore: new MemoryTrustStore(), trust: node.fingerprint });
    await session.login(cluster.admin.username, cluster.admin.password);
    const certs = await session.getCertificates();
    await session.close();
    const byRole = new Map(certs.map((c) => [c.role, c.der]));
    const ccm = byRole.get('CallManager')!;
    const capf = byRole.get('CAPF')!;
    expect(derOrderOf(ccm)).toEqual(['C', 'O', 'OU', 'CN']);
    expect(derOrderOf(capf)).toEqual(['C', 'O', 'OU', 'CN']);
    const subjectOf = (der: Uint8Array) => new x509.X509Certificate(der).subjectName;
    expect(subjectOf(ccm).toJSON()).toEqual([{ C: ['JP'] }, { O: ['CTL Demo'] }, { OU: ['CallManager'] }, { CN: ['cucm-1'] }]);
    expect(canonicalDn(subjectOf(ccm))).toBe('CN=cucm-1;OU=CallManager;O=CTL Demo;C=JP');
    expect(canonicalDn(subjectOf(capf))).toBe('CN=CAPF-cucm-1;OU=CAPF;O=CTL Demo;C=JP');
  });

  it('every demo server (nodes, alternate TFTP, firewalls) renders CN first', async () => {
    const expected: Record<string, string> = {
      'cucm-2': 'CN=cucm-2;OU=CallManager;O=CTL Demo;C=JP',
      'alt-tftp-1': 'CN=alt-tftp-1;OU=TFTP;O=CTL Demo;C=JP',
      'asa-1': 'CN=asa-1;OU=ASA;O=CTL Demo;C=JP',
    };
    for (const [name, dn] of Object.entries(expected)) {
      const pem = await readFile(path.join(dir, name, 'server.crt.pem'));
      const der = new Uint8Array(new X509Certificate(pem).raw);
      expect(derOrderOf(der)).toEqual(['C', 'O', 'OU', 'CN']);
      expect(canonicalDn(new x509.X509Certificate(der).subjectName)).toBe(dn);
    }
  });

  it('reissues a kept identity whose subject differs (e.g. written by an older version in CN-first DER order)', async () => {
    const own = await makeTempDir('democerts-reuse');
    try {
      const first = await demoIdentity(own, 'server', demoSubject({ cn: 'n1', ou: 'CallManager', o: 'CTL Demo', c: 'JP' }), 1024);
      const again = await demoIdentity(own, 'server', demoSubject({ cn: 'n1', ou: 'CallManager', o: 'CTL Demo', c: 'JP' }), 1024);
      expect(again.der).toEqual(first.der); // reused: pins survive restarts
      // An identity with the old, wrong order (CN first in DER) is replaced.
      const wrong = await demoIdentity(own, 'old', [{ CN: ['n1'] }, { OU: ['CallManager'] }, { O: ['CTL Demo'] }, { C: ['JP'] }], 1024);
      expect(derOrderOf(wrong.der)).toEqual(['CN', 'OU', 'O', 'C']);
      const fixed = await demoIdentity(own, 'old', demoSubject({ cn: 'n1', ou: 'CallManager', o: 'CTL Demo', c: 'JP' }), 1024);
      expect(derOrderOf(fixed.der)).toEqual(['C', 'O', 'OU', 'CN']);
      expect(fixed.der).not.toEqual(wrong.der);
    } finally {
      await rm(own, { recursive: true, force: true });
    }
  });
});
