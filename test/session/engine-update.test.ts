// State machine over in-memory doubles: updates of an existing CTL (proof first), entries
// rules, and the two-phase upload's failure paths (stage, commit, read-back, cancel).
import { describe, expect, it } from 'vitest';
import { decodeCtl } from '../../shared/ctl';
import type { SessionSnapshot } from '../../shared/session/types';
import { makeWorld, type World } from './doubles';
import { addToken, connectCmd, drive, firstMixed, type Driven } from './flow';
import { say } from '../../electron/session/words';

const ctlOf = (world: World, name: string) => world.providers.server(name).ctl;

async function startUpdate(world: World): Promise<Driven> {
  await firstMixed(world);
  world.tokens.logins = 0;
  world.tokens.signs = 0;
  const d = drive(world);
  await d.ok(connectCmd(world));
  await d.ok({ type: 'choose-mode', mode: 'update' });
  return d;
}

async function provenUpdate(world: World): Promise<Driven> {
  const d = await startUpdate(world);
  await addToken(d, 'SAST-2', 'Cisco123');
  await d.ok({ type: 'tokens-done' });
  return d;
}

function snapshotOfNodes(world: World): string[] {
  return world.providers.servers.map((s) => (s.ctl ? Buffer.from(s.ctl).toString('hex') : 'none') + s.mode);
}

describe('session engine: update of an existing CTL', () => {
  it('requires a listed token to prove itself before any change', async () => {
    const world = await makeWorld();
    const d = await startUpdate(world);
    const s = d.last();
    expect(s.tokens?.requirement).toBe('prove-first');
    expect(s.tokens?.mustProve).toBe(true);
    await d.refused({ type: 'tokens-done' }, 'proof-required');
    // ROGUE is not in the CTL: refused before anything changes, and never logged in.
    await d.ok({ type: 'preview-token', token: 'ROGUE' });
    expect(d.last().tokens?.candidate?.inCurrentCtl).toBe(false);
    await d.refused({ type: 'add-token', token: 'ROGUE', pin: 'Cisco123' }, 'token-not-in-ctl');
    expect(world.tokens.logins).toBe(0);
    // SAST-3 is not in the CTL either (a new token cannot unlock the update).
    await d.ok({ type: 'preview-token', token: 'SAST-3' });
    await d.refused({ type: 'add-token', token: 'SAST-3', pin: 'Cisco123' }, 'token-not-in-ctl');
    await d.ok({ type: 'preview-token', token: 'SAST-2' });
    await d.refused({ type: 'add-token', token: 'SAST-2' }, 'failed:pin-required');
    await d.refused({ type: 'add-token', token: 'SAST-2', pin: 'nope' }, 'failed:token-error');
    const proven = await d.ok({ type: 'add-token', token: 'SAST-2', pin: 'Cisco123' });
    expect(proven.tokens?.mustProve).toBe(false);
    expect(proven.tokens?.added[0]).toMatchObject({ label: 'SAST-2', proven: true, loggedIn: true });
    // Every node checked the proof, which took one token signature for all of them (batch proof).
    expect([...world.providers.proofs].sort()).toEqual(['cucm-1', 'cucm-2', 'cucm-3']);
    expect(world.tokens.signs).toBe(1);
  });

  it('signs with the proven token, adds an alternate TFTP server and a firewall, without a second PIN', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    // Another user name needs its own password; the cluster's user is logged in with the
    // password typed at connect (one login, as the original client).
    await d.refused({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, username: 'tftpadmin' }, 'failed:credentials-required');
    const opened = world.providers.opened;
    await d.ok({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444 });
    expect(world.providers.opened).toBe(opened + 1);
    await d.refused({ type: 'add-firewall', host: '127.0.0.9', port: 8443, password: world.password }, 'firewall-port-fixed');
    await d.ok({ type: 'add-firewall', host: '127.0.0.9', password: world.password });
    await d.refused({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: world.password }, 'entry-duplicate');
    const entries = d.last().entries;
    expect(entries.find((e) => e.source === 'tftp-server')).toMatchObject({ role: 'TFTP', host: 'alt-tftp-1', change: 'added', deletable: true });
    expect(entries.find((e) => e.source === 'firewall')).toMatchObject({ role: 'CCM', host: 'asa-1' });
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.signer?.token.label).toBe('SAST-2');
    expect(review.review?.signer?.needsPin).toBe(false);
    expect(review.review?.diff.filter((r) => r.change === 'added').map((r) => r.host)).toEqual(['alt-tftp-1', 'asa-1']);
    const done = await d.ok({ type: 'sign' });
    expect(done.done?.outcome).toBe('committed');
    const bytes = ctlOf(world, 'cucm-1')!;
    for (const name of ['cucm-2', 'cucm-3', 'alt-tftp-1', 'asa-1']) expect(Buffer.from(ctlOf(world, name)!).equals(Buffer.from(bytes))).toBe(true);
    const file = decodeCtl(bytes);
    expect(file.signer.subject).toContain('SAST-2');
    expect(file.records.filter((r) => r.role === 'SAST')).toHaveLength(2);
    expect(file.records.find((r) => r.dnsName === 'asa-1')?.role).toBe('CCM');
    // One login (SAST-2), one signature for the CTL plus one for the possession proof of all
    // three nodes (the added servers hold no CTL yet, so they ask for none).
    expect(world.tokens.logins).toBe(1);
    expect([...world.providers.proofs].sort()).toEqual(['cucm-1', 'cucm-2', 'cucm-3']);
    expect(world.tokens.signs).toBe(2);
    expect(done.done?.report.provenToken?.label).toBe('SAST-2');
  });

  it('refuses to delete server, CAPF or the last-but-one token entries, naming the rule', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    const entries = d.last().entries;
    const server = entries.find((e) => e.source === 'cluster-node')!;
    const capf = entries.find((e) => e.source === 'cluster-capf')!;
    const tokens = entries.filter((e) => e.role === 'SAST');
    expect(server.deletable).toBe(false);
    expect(server.refusal?.code).toBe('entry-protected');
    expect(tokens.every((t) => t.refusal?.code === 'tokens-below-minimum')).toBe(true);
    const before = snapshotOfNodes(world);
    await d.refused({ type: 'delete-entries', ids: [server.id] }, 'entry-protected');
    await d.refused({ type: 'delete-entries', ids: [capf.id] }, 'entry-protected');
    await d.refused({ type: 'delete-entries', ids: [tokens[0]!.id] }, 'tokens-below-minimum');
    // With a third token added, one token entry can go.
    await addToken(d, 'SAST-3');
    const third = d.last().entries.filter((e) => e.role === 'SAST');
    expect(third).toHaveLength(3);
    // Not the signer's own entry: that one stays (signer-entry).
    const signerRow = third.find((e) => e.refusal?.code === 'signer-entry')!;
    const others = third.filter((e) => e !== signerRow);
    expect(others.every((e) => e.deletable)).toBe(true);
    await d.ok({ type: 'delete-entries', ids: [others[0]!.id] });
    await d.refused({ type: 'delete-entries', ids: [others[1]!.id] }, 'tokens-below-minimum');
    expect(snapshotOfNodes(world)).toEqual(before);
  });

  it('aborts everywhere when one node fails to stage: nothing changes; retry and cancel offered', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    const before = snapshotOfNodes(world);
    world.providers.server('cucm-3').faults.failStage = true;
    await d.ok({ type: 'go-to-review' });
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    if (s.kind === 'publish-failed') expect(s.offered).toEqual(['retry']);
    expect(s.publish?.targets.find((t) => t.host === 'cucm-3')).toMatchObject({ status: 'failed', phase: 'aborted' });
    expect(s.publish?.targets.filter((t) => t.host !== 'cucm-3').every((t) => t.phase === 'aborted')).toBe(true);
    expect(snapshotOfNodes(world)).toEqual(before);
    expect(d.engine.report().json.outcome).toBe('failed');
    const cancelled = await d.ok({ type: 'cancel' });
    expect(cancelled.kind).toBe('cancelled');
    expect(snapshotOfNodes(world)).toEqual(before);
  });

  it('retries a failing commit and then succeeds', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    world.providers.server('cucm-2').faults.failCommit = 2;
    await d.ok({ type: 'go-to-review' });
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('done');
    expect(s.publish?.targets.find((t) => t.host === 'cucm-2')?.attempts).toBe(3);
  });

  it('reports a commit that keeps failing, then rolls back to the previous CTL everywhere', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    const before = snapshotOfNodes(world);
    world.providers.server('cucm-2').faults.failCommit = 100;
    await d.ok({ type: 'go-to-review' });
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    if (s.kind === 'publish-failed') {
      expect(s.failed).toEqual(['cucm-2']);
      expect(s.offered).toEqual(['retry', 'rollback']);
    }
    expect(s.allowed).toEqual(['retry', 'rollback', 'cancel']);
    await d.refused({ type: 'cancel' }, 'cancel-too-late');
    // cucm-1 and cucm-3 hold the new CTL now: the report says so.
    expect(d.engine.report().json.targets.map((t) => `${t.server}:${t.status}`)).toEqual(['cucm-1:verified', 'cucm-2:failed', 'cucm-3:verified']);
    const again = await d.ok({ type: 'retry' });
    expect(again.kind).toBe('publish-failed');
    const rolled = await d.ok({ type: 'rollback' });
    expect(rolled.kind).toBe('done');
    expect(rolled.done?.outcome).toBe('rolled-back');
    expect(snapshotOfNodes(world)).toEqual(before);
  });

  it('detects a read-back mismatch', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    world.providers.server('cucm-3').faults.corruptReadBack = true;
    await d.ok({ type: 'go-to-review' });
    const s: SessionSnapshot = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    const t = s.publish!.targets.find((x) => x.host === 'cucm-3')!;
    expect(t.status).toBe('failed');
    expect(say(t.error!, 'en')).toMatch(/read-back mismatch/);
    expect(say(t.error!, 'ja')).toMatch(/^読み戻しが一致しません。サーバは SHA-256 [0-9a-f]{64} の CTL を配信しており/);
    expect(t.readBackSha256).not.toBe(s.publish!.sha256);
    expect(d.engine.report().json.targets.find((x) => x.server === 'cucm-3')?.status).toBe('mismatch');
  });

  it('cancels mid-way during staging: every stage is aborted and nothing changes', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    const before = snapshotOfNodes(world);
    for (const s of world.providers.servers) s.faults.stageDelayMs = 50;
    await d.ok({ type: 'go-to-review' });
    const signing = d.engine.dispatch({ type: 'sign' });
    // Wait (bounded) until staging is under way, then cancel.
    for (let i = 0; i < 200 && d.last().publish?.stage !== 'staging'; i++) await new Promise((r) => setTimeout(r, 5));
    expect((await d.engine.dispatch({ type: 'go-to-review' })).ok).toBe(false);
    expect(await d.engine.dispatch({ type: 'cancel' })).toEqual({ ok: true });
    await signing;
    expect(d.last().kind).toBe('cancelled');
    expect(snapshotOfNodes(world)).toEqual(before);
    expect(world.providers.servers.every((s) => s.lockedBy === null)).toBe(true);
    expect(world.tokens.loggedIn.size).toBe(0);
  });

  it('cancel before Finish closes everything and changes nothing', async () => {
    const world = await makeWorld();
    const d = await provenUpdate(world);
    const before = snapshotOfNodes(world);
    const s = await d.ok({ type: 'cancel' });
    expect(s.kind).toBe('cancelled');
    expect(s.allowed).toEqual([]);
    expect(world.tokens.loggedIn.size).toBe(0);
    expect(snapshotOfNodes(world)).toEqual(before);
  });
});
