// `ctl-client run` end to end with alternate TFTP servers and firewalls: once listed in the
// CTL they get every later CTL too (seed-requirements §1.28), found by the IP the CTL names.
// Real demo cluster (loopback TLS), real SoftHSM tokens, the CLI in a child process; the
// bytes on disk are checked in every TFTP root.
import { describe, expect, it } from 'vitest';
import { decodeCtl } from '../../shared/ctl';
import type { SessionReport } from '../../shared/session/types';
import { firstMixed, NODE_NAMES, useE2eFixture } from './e2e-helpers';

const fixture = useE2eFixture();
const fresh = fixture.fresh;

const ALL = [...NODE_NAMES, 'alt-tftp-1', 'asa-1'];

describe('ctl-client run: alternate TFTP servers and firewalls listed in the CTL', () => {
  it('an update adds alt-tftp-1 and asa-1; later update and non-secure runs write to them too', async () => {
    const c = await fresh();
    await firstMixed(c);
    const alt = c.demo.altTftp[0]!;
    const fw = c.demo.firewalls[0]!;
    const added = await c.run(['--mode', 'update', '--token', 'SAST-2', '--add-tftp', `${alt.host}:${alt.port}`, '--add-firewall', fw.host, '--yes']);
    expect(added.code, added.stderr).toBe(0);
    const afterAdd = await c.disks();
    for (const n of ALL) expect(afterAdd[n]).toBe(afterAdd['cucm-1']);

    // A plain update (nothing added): the carried servers are targets by themselves.
    const update = await c.run(['--mode', 'update', '--token', 'SAST-1', '--hash', 'sha1', '--yes', '--json']);
    expect(update.code, update.stderr).toBe(0);
    const out = JSON.parse(update.stdout) as { report: SessionReport };
    expect(out.report.targets.map((t) => t.server).sort()).toEqual([...ALL].sort());
    expect(out.report.targets.every((t) => t.status === 'verified')).toBe(true);
    // The file location is where phones fetch it: TFTP on the host, not the provider's port.
    expect(out.report.targets.find((t) => t.server === 'cucm-1')?.fileLocation).toBe(`tftp://${c.demo.nodes[0]!.host}/CTLFile.tlv`);
    const afterUpdate = await c.disks();
    expect(afterUpdate['cucm-1']).not.toBe(afterAdd['cucm-1']);
    for (const n of ALL) expect(afterUpdate[n]).toBe(afterUpdate['cucm-1']);

    const nonSecure = await c.run(['--mode', 'non-secure', '--token', 'SAST-2', '--yes']);
    expect(nonSecure.code, nonSecure.stderr).toBe(0);
    expect(nonSecure.stderr).toMatch(/Targets \(5\)/);
    const afterNonSecure = await c.disks();
    expect(afterNonSecure['cucm-1']).not.toBe(afterUpdate['cucm-1']);
    for (const n of ALL) expect(afterNonSecure[n]).toBe(afterNonSecure['cucm-1']);
    const file = decodeCtl((await c.ctl('asa-1'))!);
    expect(file.records.filter((r) => r.role !== 'SAST').every((r) => r.certificate === null)).toBe(true);

    // Back to mixed: the alternate TFTP server and the firewall get their certificates again from their providers.
    const mixed = await c.run(['--mode', 'mixed', '--token', 'SAST-1', '--yes']);
    expect(mixed.code, mixed.stderr).toBe(0);
    const again = decodeCtl((await c.ctl('alt-tftp-1'))!);
    expect(again.records.find((r) => r.dnsName === 'alt-tftp-1')?.certificate).not.toBeNull();
    expect(again.records.find((r) => r.dnsName === 'asa-1')?.certificate).not.toBeNull();
    const final = await c.disks();
    for (const n of ALL) expect(final[n]).toBe(final['cucm-1']);
  });

  it('refuses --add-firewall with a port other than the fixed one under firewall-port-fixed (exit 4); nothing changes', async () => {
    const c = await fresh();
    const before = await firstMixed(c);
    const r = await c.run(['--mode', 'update', '--token', 'SAST-1', '--add-firewall', '127.0.0.1:44779', '--yes']);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/firewall-port-fixed/);
    expect(await c.disks()).toEqual(before);
  });

  it('refuses --firewall-port with a server that is not on loopback (usage, exit 1)', async () => {
    const c = await fresh();
    const r = await c.run(['--server', 'cucm.example.com', '--mode', 'mixed', '--token', 'SAST-1', '--yes']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--firewall-port is for demo clusters/);
    expect(Object.values(await c.disks()).every((d) => d === 'none')).toBe(true);
  });
});
