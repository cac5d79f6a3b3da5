// Alternate TFTP servers and firewalls listed in the current CTL (carried entries): they are
// contacted at connect, refreshed from their providers and written to like every node; the
// ones that cannot be reached block the review (overridable) and may be deleted; a mixed-mode
// CTL never carries a server entry without its certificate.
import { say } from '../../electron/session/words';
import { describe, expect, it } from 'vitest';
import { decodeCtl } from '../../shared/ctl';
import type { EngineOptions } from '../../electron/session/context';
import { makeWorld, type World } from './doubles';
import { addToken, connectCmd, drive, type Driven } from './flow';

const ctlOf = (world: World, name: string) => world.providers.server(name).ctl;
const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : 'none');
// The fake alternate TFTP server listens on 127.0.0.1:3444; the CTL names it by its IP.
const OPTIONS: Partial<EngineOptions> = { alternateTftpPort: 3444 };

async function carriedWorld(): Promise<World> {
  const world = await makeWorld();
  world.providers.server('alt-tftp-1').ip = '127.0.0.1';
  world.providers.server('asa-1').ip = '127.0.0.9';
  return world;
}

/** A first configuration in `mode` with SAST-1 and SAST-2, adding the alternate TFTP server and the firewall. */
async function firstWithExtras(world: World, mode: 'mixed' | 'non-secure'): Promise<void> {
  const d = drive(world, OPTIONS);
  await d.ok(connectCmd(world));
  await d.ok({ type: 'choose-mode', mode });
  await addToken(d, 'SAST-1');
  await addToken(d, 'SAST-2');
  await d.ok({ type: 'tokens-done' });
  await d.ok({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: world.password });
  await d.ok({ type: 'add-firewall', host: '127.0.0.9', password: world.password });
  await d.ok({ type: 'go-to-review' });
  const done = await d.ok({ type: 'sign', pin: 'Cisco123' });
  expect(done.done?.outcome).toBe('committed');
  for (const name of ['cucm-1', 'cucm-2', 'cucm-3', 'alt-tftp-1', 'asa-1']) expect(hex(ctlOf(world, name))).toBe(hex(ctlOf(world, 'cucm-1')));
}

/** A second session: connect, choose `mode`, SAST-2 proves itself. */
async function secondSession(world: World, mode: 'mixed' | 'non-secure' | 'update'): Promise<Driven> {
  const d = drive(world, OPTIONS);
  await d.ok(connectCmd(world));
  await d.ok({ type: 'choose-mode', mode });
  await addToken(d, 'SAST-2', 'Cisco123');
  await d.ok({ type: 'tokens-done' });
  return d;
}

describe('session engine: alternate TFTP servers and firewalls carried from the current CTL', () => {
  it('writes a later non-secure CTL to the carried alternate TFTP server and firewall too', async () => {
    const world = await carriedWorld();
    await firstWithExtras(world, 'mixed');
    const before = hex(ctlOf(world, 'cucm-1'));
    const d = await secondSession(world, 'non-secure');
    const entries = d.last().entries;
    const alt = entries.find((e) => e.host === 'alt-tftp-1')!;
    const asa = entries.find((e) => e.host === 'asa-1')!;
    expect(alt).toMatchObject({ source: 'carried', role: 'TFTP', deletable: false });
    expect(asa).toMatchObject({ source: 'carried', role: 'CCM', deletable: false });
    expect(alt.refusal?.code).toBe('entry-protected');
    await d.refused({ type: 'delete-entries', ids: [asa.id] }, 'entry-protected');
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.targets.map((t) => t.host).sort()).toEqual(['alt-tftp-1', 'asa-1', 'cucm-1', 'cucm-2', 'cucm-3']);
    expect(review.review?.checks.find((c) => c.id === 'targets-reachable')?.status).toBe('pass');
    const done = await d.ok({ type: 'sign' });
    expect(done.done?.outcome).toBe('committed');
    const after = hex(ctlOf(world, 'cucm-1'));
    expect(after).not.toBe(before);
    expect(hex(ctlOf(world, 'alt-tftp-1'))).toBe(after);
    expect(hex(ctlOf(world, 'asa-1'))).toBe(after);
    expect(world.providers.server('asa-1').mode).toBe('non-secure');
    const file = decodeCtl(ctlOf(world, 'asa-1')!);
    expect(file.records.filter((r) => r.role !== 'SAST').every((r) => r.certificate === null)).toBe(true);
  });

  it('refreshes entries carried from a non-secure CTL: a later mixed CTL has their certificates', async () => {
    const world = await carriedWorld();
    await firstWithExtras(world, 'non-secure');
    const stripped = decodeCtl(ctlOf(world, 'cucm-1')!);
    expect(stripped.records.find((r) => r.dnsName === 'alt-tftp-1')?.certificate).toBeNull();
    const d = await secondSession(world, 'mixed');
    await d.ok({ type: 'go-to-review' });
    expect(d.last().review?.checks.find((c) => c.id === 'certificates-parse')?.status).toBe('pass');
    await d.ok({ type: 'sign' });
    const file = decodeCtl(ctlOf(world, 'alt-tftp-1')!);
    const alt = file.records.find((r) => r.dnsName === 'alt-tftp-1')!;
    const asa = file.records.find((r) => r.dnsName === 'asa-1')!;
    expect(Buffer.from(alt.certificate!).equals(Buffer.from(world.providers.server('alt-tftp-1').certs[0]!.der))).toBe(true);
    expect(Buffer.from(asa.certificate!).equals(Buffer.from(world.providers.server('asa-1').certs[0]!.der))).toBe(true);
    expect(hex(ctlOf(world, 'asa-1'))).toBe(hex(ctlOf(world, 'cucm-1')));
  });

  it('blocks a mixed CTL with a carried entry lacking its certificate; an unreachable carried server may be deleted', async () => {
    const world = await carriedWorld();
    await firstWithExtras(world, 'non-secure');
    world.providers.server('alt-tftp-1').faults.unreachable = true;
    const before = hex(ctlOf(world, 'cucm-1'));
    const d = await secondSession(world, 'mixed');
    expect(d.last().notices.map((n) => say(n, 'en')).join(' ')).toMatch(/alt-tftp-1.*cannot be reached/);
    const alt = d.last().entries.find((e) => e.host === 'alt-tftp-1')!;
    expect(alt).toMatchObject({ source: 'carried', fingerprint: null, deletable: true });
    const review = await d.ok({ type: 'go-to-review' });
    const parse = review.review!.checks.find((c) => c.id === 'certificates-parse')!;
    expect(parse).toMatchObject({ status: 'fail', blocking: true, overridable: false });
    expect(say(parse.detail, 'en')).toMatch(/alt-tftp-1/);
    const reach = review.review!.checks.find((c) => c.id === 'targets-reachable')!;
    expect(reach).toMatchObject({ status: 'fail', blocking: true, overridable: true });
    expect(say(reach.detail, 'en')).toMatch(/alt-tftp-1/);
    await d.refused({ type: 'override-check', check: 'certificates-parse', confirmation: 'override certificates-parse' }, 'check-not-overridable');
    await d.refused({ type: 'sign' }, 'check-blocking');
    expect(hex(ctlOf(world, 'cucm-1'))).toBe(before);
    // The decommissioned server is removed from the CTL (guide P.3-15: removing a TFTP server).
    await d.ok({ type: 'back' });
    await d.ok({ type: 'delete-entries', ids: [alt.id] });
    const again = await d.ok({ type: 'go-to-review' });
    expect(again.review?.canSign).toBe(true);
    await d.ok({ type: 'sign' });
    const file = decodeCtl(ctlOf(world, 'cucm-1')!);
    expect(file.records.some((r) => r.dnsName === 'alt-tftp-1')).toBe(false);
    expect(file.records.find((r) => r.dnsName === 'asa-1')?.certificate).not.toBeNull();
    expect(hex(ctlOf(world, 'asa-1'))).toBe(hex(ctlOf(world, 'cucm-1')));
  });

  it('an unreachable carried server in an update blocks until overridden with the typed confirmation', async () => {
    const world = await carriedWorld();
    await firstWithExtras(world, 'mixed');
    world.providers.server('asa-1').faults.unreachable = true;
    const asaBefore = hex(ctlOf(world, 'asa-1'));
    const d = await secondSession(world, 'update');
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.canSign).toBe(false);
    await d.ok({ type: 'override-check', check: 'targets-reachable', confirmation: 'override targets-reachable' });
    const done = await d.ok({ type: 'sign' });
    expect(done.done?.outcome).toBe('committed');
    expect(hex(ctlOf(world, 'alt-tftp-1'))).toBe(hex(ctlOf(world, 'cucm-1')));
    expect(hex(ctlOf(world, 'asa-1'))).toBe(asaBefore);
    expect(done.done?.report.overrides.map((o) => o.check)).toEqual(['targets-reachable']);
  });

  it('a carried server with its own credentials: the cluster password is tried first, then Add TFTP Server with its own replaces the entry', async () => {
    const world = await carriedWorld();
    await firstWithExtras(world, 'mixed');
    world.providers.server('alt-tftp-1').password = 'alt-own-password';
    const d = await secondSession(world, 'update');
    const alt = d.last().entries.find((e) => e.host === 'alt-tftp-1')!;
    expect(alt).toMatchObject({ source: 'carried', deletable: true });
    expect(d.last().notices.map((n) => say(n, 'en')).join(' ')).toMatch(/alt-tftp-1.*user name and password were refused.*Add TFTP Server/);
    expect((await d.ok({ type: 'go-to-review' })).review?.checks.find((c) => c.id === 'targets-reachable')?.status).toBe('fail');
    await d.ok({ type: 'back' });
    // Without a password of its own, the cluster's login (typed once, at connect) is tried: refused here.
    await d.refused({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444 }, 'failed:auth-failed');
    // Another user name needs its own password.
    await d.refused({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, username: 'tftpadmin' }, 'failed:credentials-required');
    await d.ok({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: 'alt-own-password' });
    const entries = d.last().entries.filter((e) => e.host === 'alt-tftp-1');
    expect(entries).toHaveLength(1);
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.canSign).toBe(true);
    await d.ok({ type: 'sign' });
    expect(hex(ctlOf(world, 'alt-tftp-1'))).toBe(hex(ctlOf(world, 'cucm-1')));
    expect(hex(ctlOf(world, 'asa-1'))).toBe(hex(ctlOf(world, 'cucm-1')));
  });

  it('protects a firewall added in this session; an alternate TFTP server added in this session can be removed again', async () => {
    const world = await carriedWorld();
    const d = drive(world, OPTIONS);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    await d.ok({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: world.password });
    await d.ok({ type: 'add-firewall', host: '127.0.0.9', password: world.password });
    const entries = d.last().entries;
    const fw = entries.find((e) => e.source === 'firewall')!;
    const tftp = entries.find((e) => e.source === 'tftp-server')!;
    expect(fw.deletable).toBe(false);
    await d.refused({ type: 'delete-entries', ids: [fw.id] }, 'entry-protected');
    await d.ok({ type: 'delete-entries', ids: [tftp.id] });
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.targets.map((t) => t.host)).not.toContain('alt-tftp-1');
  });

  it('refuses a firewall port other than the fixed one with the rule, also when it is 2444 on a demo engine', async () => {
    const world = await carriedWorld();
    const d = drive(world, { ...OPTIONS, firewallPort: 9444 });
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    // Before: `firewallPort(2444)!` was null here and the command failed with a TypeError.
    const r = await d.refused({ type: 'add-firewall', host: '127.0.0.9', port: 2444, password: world.password }, 'firewall-port-fixed');
    if (!r.ok) expect(say(r.error.message, 'en')).toMatch(/always 9444/);
    await d.refused({ type: 'add-firewall', host: '127.0.0.9', port: 8443, password: world.password }, 'firewall-port-fixed');
  });
});
