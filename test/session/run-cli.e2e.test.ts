// `ctl-client run` end to end: a real demo cluster (startDemoCluster, loopback TLS), real
// SoftHSM tokens from `ctl-client tokens init-demo`, the CLI in a child process. Every test
// checks the bytes on disk in every TFTP root.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import type { SessionReport } from '../../shared/session/types';
import { firstMixed, MIXED, NODE_NAMES, readJson, useE2eFixture } from './e2e-helpers';

const fixture = useE2eFixture();
const fresh = fixture.fresh;

const sastFingerprint = (label: string) => fixture.tokens.tokens.find((t) => t.label === label)!.certificate.sha256;

describe('ctl-client run (demo cluster + SoftHSM tokens)', () => {
  it('first mixed mode with SAST-1 and SAST-2 writes the same signed CTL to every node', async () => {
    const c = await fresh();
    const report = path.join(c.dir, 'report.json');
    const r = await c.run([...MIXED, '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    const disks = await c.disks();
    expect(disks['alt-tftp-1']).toBe('none');
    expect(disks['asa-1']).toBe('none');
    const bytes = (await c.ctl('cucm-2'))!;
    for (const n of NODE_NAMES) expect(disks[n]).toBe(disks['cucm-2']);
    const file = decodeCtl(bytes);
    expect(file.records.map((x) => x.role)).toEqual(['CCM+TFTP', 'CAPF', 'CCM+TFTP', 'CCM+TFTP', 'SAST', 'SAST']);
    expect((await verifyCtl(bytes)).signatureValid).toBe(true);
    const json = await readJson<SessionReport>(report);
    expect(json.outcome).toBe('committed');
    expect(json.signer?.label).toBe('SAST-1');
    expect(json.signer?.fingerprint).toBe(sastFingerprint('SAST-1'));
    expect(json.targets.map((t) => t.sha256)).toEqual(NODE_NAMES.map((n) => disks[n]));
    expect(json.securityModeAfter).toBe('mixed');
    expect(JSON.stringify(json)).not.toContain(c.demo.admin.password);
    expect(JSON.stringify(json)).not.toContain('Cisco123');
  });

  it('refuses a first configuration with one token, naming the rule; nothing is written', async () => {
    const c = await fresh();
    const r = await c.run(['--mode', 'mixed', '--token', 'SAST-1', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/tokens-below-minimum/);
    expect(r.stderr).toMatch(/At least 2 token entries/);
    expect(Object.values(await c.disks()).every((d) => d === 'none')).toBe(true);
  });

  it('updates with SAST-2 proving and signing, adding an alternate TFTP server and a firewall', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const alt = c.demo.altTftp[0]!;
    const r = await c.run(['--mode', 'update', '--token', 'SAST-2', '--add-tftp', `${alt.host}:${alt.port}`, '--add-firewall', '127.0.0.1', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { exitCode: number; report: SessionReport };
    expect(out.report.signer?.label).toBe('SAST-2');
    expect(out.report.provenToken?.label).toBe('SAST-2');
    const disks = await c.disks();
    const all = Object.values(disks);
    expect(new Set(all).size).toBe(1);
    expect(all[0]).not.toBe(before['cucm-1']);
    const file = decodeCtl((await c.ctl('asa-1'))!);
    expect(file.signer.subject).toContain(fixture.tokens.tokens.find((t) => t.label === 'SAST-2')!.certificate.subject.split(',')[0]!.replace('CN=', ''));
    expect(file.records.filter((x) => x.role === 'TFTP').map((x) => x.dnsName)).toEqual(['alt-tftp-1']);
    expect(file.records.filter((x) => x.role === 'CCM').map((x) => x.dnsName)).toEqual(['asa-1']);
    expect(out.report.targets.every((t) => t.status === 'verified' && t.sha256 === all[0])).toBe(true);
  });

  it('refuses an update with ROGUE before anything changes', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const r = await c.run(['--mode', 'update', '--token', 'ROGUE', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/token-not-in-ctl/);
    expect(await c.disks()).toEqual(before);
  });

  it('refuses to remove a server entry', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1', '--remove', 'cucm-2', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/entry-protected/);
    expect(r.stderr).toMatch(/cannot be deleted/);
    expect(await c.disks()).toEqual(before);
  });

  it('refuses to remove a token entry below two', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const r = await c.run(['--mode', 'update', '--token', 'SAST-2', '--remove', sastFingerprint('SAST-1'), '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/tokens-below-minimum/);
    expect(await c.disks()).toEqual(before);
  });

  it('sets non-secure mode: server certificates stripped, SAST records whole, mode 0', async () => {
    const c = await fresh();
    await firstMixed(c);
    const r = await c.run(['--mode', 'non-secure', '--token', 'SAST-1', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { report: SessionReport };
    expect(out.report.securityModeAfter).toBe('non-secure');
    const disks = await c.disks();
    for (const n of NODE_NAMES) expect(disks[n]).toBe(disks['cucm-1']);
    expect([disks['alt-tftp-1'], disks['asa-1']]).toEqual(['none', 'none']);
    const file = decodeCtl((await c.ctl('cucm-3'))!);
    for (const rec of file.records) {
      if (rec.role === 'SAST') expect(rec.certificate).not.toBeNull();
      else expect(rec.certificate).toBeNull();
    }
    const state = await readJson<{ securityMode: number }>(path.join(c.demo.nodes[2]!.stateDir, 'state.json'));
    expect(state.securityMode).toBe(0);
  });

});
