// Commit failures that leave the outcome in doubt: a connection that drops during commit
// (the provider drops what was staged; the engine has no password to reconnect), and a
// commit whose error reply came after the file was written. Retry and rollback decide from
// a read-back, never from the phase alone, and a dead connection is reported as such.
import { describe, expect, it } from 'vitest';
import type { World } from './doubles';
import { makeWorld } from './doubles';
import { addToken, connectCmd, drive, firstMixed, type Driven } from './flow';
import type { EngineOptions } from '../../electron/session/context';
import type { ProviderIdentity } from '../../shared/session/types';
import { say } from '../../electron/session/words';

const hex = (b: Uint8Array | null) => (b ? Buffer.from(b).toString('hex') : 'none');
const disk = (world: World, name: string) => hex(world.providers.server(name).ctl);
const NODES = ['cucm-1', 'cucm-2', 'cucm-3'];

async function update(world: World, options: Partial<EngineOptions> = {}): Promise<Driven> {
  await firstMixed(world);
  const d = drive(world, options);
  await d.ok(connectCmd(world));
  await d.ok({ type: 'choose-mode', mode: 'update' });
  await addToken(d, 'SAST-2', 'Cisco123');
  await d.ok({ type: 'tokens-done' });
  await d.ok({ type: 'go-to-review' });
  return d;
}

describe('session engine: commit on a connection that drops, and commits whose reply lies', () => {
  it('a connection dropped after the commit was written: reconnects, reads back the new CTL, and ends committed', async () => {
    const world = await makeWorld();
    const d = await update(world);
    const before = disk(world, 'cucm-1');
    world.providers.server('cucm-3').faults.dropOnCommit = 'after';
    const opened = world.providers.opened;
    const s = await d.ok({ type: 'sign' });
    expect(s.done?.outcome).toBe('committed');
    expect(world.providers.opened).toBe(opened + 1); // one new connection, to cucm-3
    const sha = s.done!.report.newCtl!.sha256;
    for (const r of s.done!.results.filter((x) => x.target.kind === 'node')) expect(r).toMatchObject({ status: 'verified', sha256: sha });
    for (const n of NODES) expect(disk(world, n)).not.toBe(before);
    expect(new Set(NODES.map((n) => disk(world, n))).size).toBe(1);
  });

  it('a connection dropped before the commit arrived: reconnects, reads back the previous CTL, rolls forward', async () => {
    const world = await makeWorld();
    const d = await update(world);
    const before = disk(world, 'cucm-1');
    world.providers.server('cucm-2').faults.dropOnCommit = 'before';
    const s = await d.ok({ type: 'sign' });
    expect(s.done?.outcome).toBe('committed');
    expect(s.done!.results.find((r) => r.server === 'cucm-2')).toMatchObject({ status: 'verified', sha256: s.done!.report.newCtl!.sha256 });
    expect(new Set(NODES.map((n) => disk(world, n))).size).toBe(1);
    expect(disk(world, 'cucm-1')).not.toBe(before);
  });

  it('a target that cannot be reached again is reported as unknown, and rollback touches nothing while it is unknown', async () => {
    const world = await makeWorld();
    const d = await update(world, { reconnectAttempts: 2, reconnectWindowMs: 20, reconnectDelayMs: 1 });
    const before = disk(world, 'cucm-1');
    const cucm3 = world.providers.server('cucm-3');
    cucm3.faults.dropOnCommit = 'after';
    const open = world.providers.open.bind(world.providers);
    world.providers.open = async (host: string, port: number, credentials: { username: string; password: string }, accept: (id: ProviderIdentity) => boolean) => {
      if (port === cucm3.port && host === cucm3.host && cucm3.ctl && hex(cucm3.ctl) !== before) throw new Error('connect ECONNREFUSED');
      return open(host, port, credentials, accept);
    };
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    const t3 = s.publish!.targets.find((t) => t.host === 'cucm-3')!;
    expect(t3).toMatchObject({ status: 'failed', readBackSha256: null });
    expect(say(t3.error!, 'en')).toMatch(/could not be reached again.*unknown/);
    expect(say(t3.error!, 'ja')).toMatch(/再接続できませんでした.*不明です/);
    const rolled = await d.ok({ type: 'rollback' });
    expect(rolled.done!.outcome).toBe('partial');
    for (const r of rolled.done!.results.filter((x) => x.server !== 'cucm-3')) expect(say(r.error!, 'en')).toMatch(/not rolled back: cucm-3 cannot be reached/);
    // Nothing was rolled back: every node holds the new CTL (cucm-3's truth included).
    expect(new Set(NODES.map((n) => disk(world, n))).size).toBe(1);
    expect(disk(world, 'cucm-1')).not.toBe(before);
  });

  it('two administrators: the one who reviewed an older CTL is refused as stale and nothing changes', async () => {
    const world = await makeWorld();
    const b = await update(world);
    // A publishes first (another session: adds SAST-3 to the CTL B reviewed against).
    const a = drive(world);
    await a.ok(connectCmd(world));
    await a.ok({ type: 'choose-mode', mode: 'update' });
    await addToken(a, 'SAST-1', 'Cisco123');
    await addToken(a, 'SAST-3');
    await a.ok({ type: 'tokens-done' });
    await a.ok({ type: 'go-to-review' });
    expect((await a.ok({ type: 'sign' })).done?.outcome).toBe('committed');
    const afterA = disk(world, 'cucm-1');
    await b.refused({ type: 'sign' }, 'ctl-changed');
    const refused = b.engine.snapshot();
    expect(refused.kind).toBe('review');
    for (const n of NODES) expect(disk(world, n)).toBe(afterA);
    // The review is shown again against A's CTL: B's file would drop SAST-3.
    expect(refused.review!.diff.some((row) => row.change === 'removed' && row.role === 'SAST')).toBe(true);
  });

  it('a commit that answered with an error after writing is found by the read-back before committing again', async () => {
    const world = await makeWorld();
    const d = await update(world);
    world.providers.server('cucm-1').faults.errorAfterWrite = 1;
    const done = await d.ok({ type: 'sign' });
    expect(done.done?.outcome).toBe('committed');
    expect(done.publish!.targets.find((t) => t.host === 'cucm-1')).toMatchObject({ status: 'ok', phase: 'verified', attempts: 1 });
    const after = disk(world, 'cucm-1');
    for (const n of NODES) expect(disk(world, n)).toBe(after);
  });

  it('rollback reads back a target stuck in committing: a commit that went through is rolled back, not called unchanged', async () => {
    const world = await makeWorld();
    const d = await update(world, { commitAttempts: 1 });
    const before = disk(world, 'cucm-1');
    world.providers.server('cucm-2').faults.errorAfterWrite = 1;
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    expect(disk(world, 'cucm-2')).not.toBe(before);
    const rolled = await d.ok({ type: 'rollback' });
    expect(rolled.done!.outcome).toBe('rolled-back');
    expect(rolled.done!.results.map((r) => `${r.server}:${r.status}`)).toEqual(NODES.map((n) => `${n}:rolled-back`));
    for (const n of NODES) expect(disk(world, n)).toBe(before);
  });
});
