// `ctl-client run` end to end, failure paths: a real demo cluster (startDemoCluster, loopback TLS), real
// SoftHSM tokens from `ctl-client tokens init-demo`, the CLI in a child process. Every test
// checks the bytes on disk in every TFTP root.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SessionReport } from '../../shared/session/types';
import { firstMixed, MIXED, NODE_NAMES, readJson, runAndInterrupt, useE2eFixture } from './e2e-helpers';
import { runCtlClient } from '../helpers/softhsm';
import { say } from '../../electron/session/words';

const fixture = useE2eFixture();
const fresh = fixture.fresh;


describe('ctl-client run failure paths (demo cluster + SoftHSM tokens)', () => {
  it('lists every added server whose certificate is not trusted in one failed run; nothing changes', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const alt = c.demo.altTftp[0]!;
    const firewall = c.demo.firewalls[0]!;
    // The same run without --trust for the alternate TFTP server and the firewall.
    const untrusted = new Set([alt.fingerprint, firewall.fingerprint]);
    const base = c.base.filter((arg, i) => !(arg === '--trust' && untrusted.has(c.base[i + 1]!)) && !untrusted.has(arg));
    const r = await runCtlClient([...base, '--mode', 'update', '--token', 'SAST-1', '--add-tftp', `${alt.host}:${alt.port}`, '--add-firewall', '127.0.0.1', '--yes'], { env: c.env, timeoutMs: 120_000 });
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toContain('provider certificates not trusted');
    expect(r.stderr).toContain(alt.fingerprint);
    expect(r.stderr).toContain(firewall.fingerprint);
    expect(await c.disks()).toEqual(before);
  });

  it('a node that fails to stage: everything is aborted and nothing changes anywhere', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    c.demo.setFaults('cucm-2', { failStage: true });
    const report = path.join(c.dir, 'stage.json');
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1', '--yes', '--report', report]);
    expect(r.code).toBe(5);
    expect(r.stderr).toMatch(/staging failed on cucm-2.*nothing changed/);
    expect(await c.disks()).toEqual(before);
    const json = await readJson<SessionReport>(report);
    expect(json.targets.find((t) => t.server === 'cucm-2')?.status).toBe('failed');
    expect(json.targets.filter((t) => t.server !== 'cucm-2').every((t) => t.status === 'unchanged')).toBe(true);
  });

  it('a node that fails to commit: retried, reported, then every target is rolled back', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    c.demo.setFaults('cucm-3', { failCommit: 50 });
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1', '--yes', '--json']);
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as { message: string; report: SessionReport; snapshot: { publish: { targets: { host: string; attempts: number }[] } } };
    expect(out.message).toMatch(/commit failed on cucm-3 after retries; every target was rolled back/);
    expect(out.snapshot.publish.targets.find((t) => t.host === 'cucm-3')?.attempts).toBe(3);
    expect(out.report.outcome).toBe('rolled-back');
    expect(out.report.targets.map((t) => `${t.server}:${t.status}`)).toEqual(['cucm-1:rolled-back', 'cucm-2:rolled-back', 'cucm-3:unchanged']);
    expect(say(out.report.targets.find((t) => t.server === 'cucm-3')!.error!, 'en')).toMatch(/fault injection/);
    expect(await c.disks()).toEqual(before);
  });

  it('a commit that fails once is retried and succeeds', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    c.demo.setFaults('cucm-1', { failCommit: 1 });
    const r = await c.run(['--mode', 'update', '--token', 'SAST-2', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { snapshot: { publish: { targets: { host: string; attempts: number }[] } } };
    expect(out.snapshot.publish.targets.find((t) => t.host === 'cucm-1')?.attempts).toBe(2);
    const disks = await c.disks();
    expect(new Set(NODE_NAMES.map((n) => disks[n])).size).toBe(1);
    expect(disks['cucm-1']).not.toBe(before['cucm-1']);
    expect([disks['alt-tftp-1'], disks['asa-1']]).toEqual(['none', 'none']);
  });

  it('detects a read-back mismatch', async () => {
    const c = await fresh();
    await firstMixed(c);
    c.demo.setFaults('cucm-2', { corruptReadBack: true });
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1', '--yes', '--json', '--on-commit-failure', 'leave']);
    expect(r.code).toBe(5);
    const out = JSON.parse(r.stdout) as { report: SessionReport };
    const t = out.report.targets.find((x) => x.server === 'cucm-2')!;
    expect(t.status).toBe('mismatch');
    expect(say(t.error!, 'en')).toMatch(/read-back mismatch/);
    expect(t.sha256).not.toBe(out.report.newCtl?.sha256);
    // The file on disk is the signed one; what came back over the wire was not.
    const disks = await c.disks();
    for (const n of NODE_NAMES) expect(disks[n]).toBe(out.report.newCtl?.sha256);
    expect([disks['alt-tftp-1'], disks['asa-1']]).toEqual(['none', 'none']);
  });

  it('reads the password file through the bounded secret reader: a file over 4 KiB is refused (exit 1), without its content', async () => {
    const c = await fresh();
    const big = path.join(c.dir, 'big-password');
    await writeFile(big, `${'x'.repeat(5000)}\n`, { mode: 0o600 });
    const r = await c.run(['--password-file', big, ...MIXED]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/password file/);
    expect(r.stderr).not.toContain('xxxx');
    expect(Object.values(await c.disks()).every((d) => d === 'none')).toBe(true);
  });

  it('a wrong password: exit 3 (could not log in; not a rule), labelled auth-failed, nothing changes', async () => {
    const c = await fresh();
    const wrong = path.join(c.dir, 'wrong-password');
    await writeFile(wrong, 'not-the-password\n', { mode: 0o600 });
    const r = await c.run(['--password-file', wrong, ...MIXED]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/auth-failed/);
    expect(Object.values(await c.disks()).every((d) => d === 'none')).toBe(true);
  });

  it('cancel at the review prompt: exit 6, nothing changes', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1'], { input: 'n\n' });
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/Sign this CTL/);
    expect(await c.disks()).toEqual(before);
  });

  it('cancel mid-way (Ctrl-C while staging): every stage is aborted, exit 6, nothing changes', async () => {
    // Slow providers (150 ms per reply) so that the interrupt lands while stages are in flight.
    const slow = await fresh({ latencyMs: 150 });
    const slowBefore = await firstMixed(slow);
    const r = await runAndInterrupt(slow, ['--mode', 'update', '--token', 'SAST-1', '--yes'], /cucm-\d\s+staging/);
    expect(r.interrupted).toBe(true);
    expect(r.code, r.stderr).toBe(6);
    expect(r.stderr).toMatch(/cancel/i);
    expect(await slow.disks()).toEqual(slowBefore);
  });
});
