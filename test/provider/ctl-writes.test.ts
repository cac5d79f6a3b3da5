// Staging, committing, aborting and rolling back CTLs on a real loopback provider,
// with token proofs and the codec's validation.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile, readdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import path from 'node:path';
import { ProviderError } from '../../electron/services/provider-client';
import { startTestProvider, admin, makeToken, makeCtl, type TestProvider, type Token } from './fixtures';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
let p: TestProvider;
let t1: Token, t2: Token, rogue: Token;

beforeAll(async () => {
  p = await startTestProvider();
  [t1, t2, rogue] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2'), makeToken('ROGUE')]);
});
afterAll(async () => { await p.stop(); });

async function expectCode(promise: Promise<unknown>, code: string): Promise<ProviderError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).code).toBe(code);
  return err as ProviderError;
}

describe('CTL writes', () => {
  it('describes the cluster, serves certificates and says there is no CTL yet', async () => {
    const s = await admin(p);
    const d = await s.describe();
    expect(d).toMatchObject({ clusterId: 'test-cluster', securityMode: 0, kind: 'cluster-node', thisNode: 'node-1', currentCtlSha256: null });
    expect(d.nodes[0]).toMatchObject({ name: 'node-1', roles: ['CallManager', 'TFTP', 'CAPF'], firstNode: true });
    const certs = await s.getCertificates();
    expect(certs.map((c) => c.role)).toEqual(['CallManager', 'TFTP', 'CAPF']);
    const tls = await readFile(path.join(p.dir, 'server.crt.pem'), 'utf8');
    expect(certs[0]!.der).toEqual(new Uint8Array(Buffer.from(tls.replace(/-----[^-]+-----|\s/g, ''), 'base64')));
    expect(await s.getCtl()).toEqual({ present: false, sha256: null, securityMode: 0, bytes: null });
    await s.close();
  });

  it('requires the lock to stage, then stages, commits, reads back and rolls back', async () => {
    const s = await admin(p);
    const first = await makeCtl(t1, [t1, t2]);
    await expectCode(s.stage(first, 1, (await s.getCtl()).sha256), 'not-lock-holder');
    await s.lock();
    const staged = await s.stage(first, 1, (await s.getCtl()).sha256);
    expect(staged.sha256).toBe(sha(first));
    expect(staged.signer.subject).toContain('SAST-1');
    // Staged is not live: the TFTP root has no CTL yet.
    await expect(readdir(p.config.tftpRoot)).resolves.not.toContain('CTLFile.tlv');
    const committed = await s.commit(staged.stageId, (await s.getCtl()).sha256);
    expect(committed).toEqual({ sha256: sha(first), previousSha256: null, securityMode: 1 });
    expect(new Uint8Array(await readFile(path.join(p.config.tftpRoot, 'CTLFile.tlv')))).toEqual(first);
    const back = await s.getCtl();
    expect(back.bytes).toEqual(first);
    expect((await s.describe()).securityMode).toBe(1);

    // Second CTL signed by SAST-2 (listed in the first): accepted, this session wrote the current CTL.
    const second = await makeCtl(t2, [t1, t2]);
    const st2 = await s.stage(second, 1, (await s.getCtl()).sha256);
    await s.commit(st2.stageId, (await s.getCtl()).sha256);
    expect((await s.getCtl()).sha256).toBe(sha(second));
    expect(await s.rollback((await s.getCtl()).sha256)).toEqual({ sha256: sha(first), securityMode: 1 });
    expect(new Uint8Array(await readFile(path.join(p.config.tftpRoot, 'CTLFile.tlv')))).toEqual(first);
    await s.unlock();
    await s.close();
  });

  it('demands a token proof from a new session once a CTL exists, and accepts only a SAST of it', async () => {
    const s = await admin(p);
    await s.lock();
    // Signed by SAST-2, so it differs from the current CTL (signed by SAST-1) even within the same second.
    const next = await makeCtl(t2, [t1, t2]);
    await expectCode(s.stage(next, 1, (await s.getCtl()).sha256), 'proof-required');
    const e = await expectCode(s.proveTokenPossession(rogue.der, rogue.sign), 'proof-failed');
    expect(e.message).toMatch(/not a SAST of the current CTL/);
    // A token whose issuer and serial copy SAST-1 but whose key differs is refused too.
    const copy = await makeToken('SAST-1', t1.identity.certificate.serialNumber);
    await expectCode(s.proveTokenPossession(copy.der, copy.sign), 'proof-failed');
    // A signature by the wrong key over the right certificate fails.
    await expectCode(s.proveTokenPossession(t1.der, rogue.sign), 'proof-failed');
    const signer = await s.proveTokenPossession(t2.der, t2.sign);
    expect(signer.subject).toContain('SAST-2');
    const st = await s.stage(next, 0, (await s.getCtl()).sha256);
    await s.abort(st.stageId);
    await expectCode(s.commit(st.stageId, (await s.getCtl()).sha256), 'not-found');
    expect((await s.getCtl()).sha256).not.toBe(sha(next));
    await s.close();
  });

  it('refuses a proof signed for another TLS session (relay)', async () => {
    const a = await admin(p);
    const b = await admin(p);
    // Sign b's challenge but with a's exporter: b must refuse.
    const relay = async (tbs: Uint8Array, hash: 'sha1' | 'sha256' | 'sha512') => {
      const aExporter = (a as unknown as { channel: { exportKeyingMaterial(n: number, l: string): Uint8Array } }).channel
        .exportKeyingMaterial(32, 'EXPORTER-ctl-provider-proof');
      const forged = new Uint8Array(tbs);
      forged.set(aExporter, tbs.length - 32);
      return t1.sign(forged, hash);
    };
    await expectCode(b.proveTokenPossession(t1.der, relay), 'proof-failed');
    await a.close();
    await b.close();
  });

  it('rejects a CTL with a bad signature, a rogue signer, or garbage', async () => {
    const s = await admin(p);
    await s.lock();
    await s.proveTokenPossession(t1.der, t1.sign);
    const good = await makeCtl(t1, [t1, t2]);
    const tampered = good.slice();
    tampered[tampered.length - 5]! ^= 0xff;
    const bad = await expectCode(s.stage(tampered, 1, (await s.getCtl()).sha256), 'rejected');
    expect(bad.message).toMatch(/signature/);
    // Self-consistent file signed by a token that the current CTL does not list.
    const rogueCtl = await makeCtl(rogue, [rogue, t1]);
    const r = await expectCode(s.stage(rogueCtl, 1, (await s.getCtl()).sha256), 'rejected');
    expect(r.message).toMatch(/not a SAST of the current CTL/);
    // Signer copies SAST-1's issuer, subject and serial but holds another key.
    const copy = await makeToken('SAST-1', t1.identity.certificate.serialNumber);
    const impostor = await expectCode(s.stage(await makeCtl(copy, [copy, t2]), 1, (await s.getCtl()).sha256), 'rejected');
    expect(impostor.message).toMatch(/not a SAST of the current CTL/);
    await expectCode(s.stage(new Uint8Array([1, 0, 2, 1, 2, 9, 9]), 1, (await s.getCtl()).sha256), 'rejected');
    const audit = await readFile(path.join(p.config.stateDir, 'audit.log'), 'utf8');
    expect(audit).toContain('"stage-rejected"');
    await s.close();
  });

  it('writes capf.cer and the .0 PEM inside the TFTP root and refuses traversal names', async () => {
    const s = await admin(p);
    await s.lock();
    await s.proveTokenPossession(t1.der, t1.sign);
    const capf = (await s.getCertificates()).find((c) => c.role === 'CAPF')!.der;
    const put = await s.putCapf(capf, 'a1b2c3d4.0');
    expect(put.files).toEqual(['capf.cer', 'a1b2c3d4.0']);
    expect(new Uint8Array(await readFile(path.join(p.config.tftpRoot, 'capf.cer')))).toEqual(capf);
    expect(await readFile(path.join(p.config.tftpRoot, 'a1b2c3d4.0'), 'utf8')).toMatch(/^-----BEGIN CERTIFICATE-----\n/);
    for (const name of ['../evil.0', '/etc/evil.0', '..\\evil.0', 'sub/evil.0', '.hidden.0', 'evil\u0000.0', '..', 'capf.cer']) {
      await expectCode(s.putCapf(capf, name), 'protocol-error');
    }
    expect((await readdir(path.dirname(p.config.tftpRoot))).filter((n) => n.includes('evil'))).toEqual([]);
    expect((await readdir(p.config.tftpRoot)).sort()).toEqual(['CTLFile.tlv', 'a1b2c3d4.0', 'capf.cer']);
    await s.close();
  });

  it('keeps passwords out of the audit log and records who changed what', async () => {
    const audit = await readFile(path.join(p.config.stateDir, 'audit.log'), 'utf8');
    expect(audit).not.toContain('correct horse');
    const commits = audit.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>).filter((e) => e['event'] === 'commit');
    expect(commits[0]).toMatchObject({ username: 'ccmadmin', source: '127.0.0.1', oldSha256: null });
    expect(typeof commits[0]!['newSha256']).toBe('string');
  });
});
