// Commit failures that leave the outcome in doubt: a connection that drops during commit
// (the provider drops what was staged; the engine has no password to reconnect), and a
// commit whose error reply came after the file was written. Retry and rollback decide from
// a read-back, never from the phase alone, and a dead connection is reported as such.
import { describe, expect, it } from 'vitest';
import type { World } from './doubles';
import { makeWorld } from './doubles';
import { addToken, connectCmd, drive, firstMixed, type Driven } from './flow';
import type { EngineOptions } from '../../electron/session/context';

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
  it('a connection dropped after the commit was written: reported as lost (no pretended retries), never as unchanged', async () => {
    const world = await makeWorld();
    const d = await update(world);
    const before = disk(world, 'cucm-1');
    world.providers.server('cucm-3').faults.dropOnCommit = 'after';
    const s = await d.ok({ type: 'sign' });
    expect(s.kind).toBe('publish-failed');
    const t3 = s.publish!.targets.find((t) => t.host === 'cucm-3')!;
    expect(t3).toMatchObject({ status: 'failed', attempts: 1 });
    expect(t3.error).toMatch(/connection lost during commit.*reconnect and run again/);
    // Retry does not pretend: the dead connection is not used again.
    const retried = await d.ok({ type: 'retry' });
    expect(retried.publish!.targets.find((t) => t.host === 'cucm-3')).toMatchObject({ status: 'failed', attempts: 1 });
    const rolled = await d.ok({ type: 'rollback' });
    const results = rolled.done!.results;
    expect(rolled.done!.outcome).toBe('partial');
    expect(results.filter((r) => r.server !== 'cucm-3').every((r) => r.status === 'rolled-back')).toBe(true);
    const r3 = results.find((r) => r.server === 'cucm-3')!;
    expect(r3.status).toBe('failed');
    expect(r3.error).toMatch(/not rolled back/);
    expect(disk(world, 'cucm-1')).toBe(before);
    expect(disk(world, 'cucm-2')).toBe(before);
    // The truth on cucm-3: the new CTL, which is why "unchanged" would have been a lie.
    expect(disk(world, 'cucm-3')).not.toBe(before);
  });

  it('a connection dropped before the commit arrived is reported the same way (the outcome is unknown to the engine)', async () => {
    const world = await makeWorld();
    const d = await update(world);
    const before = disk(world, 'cucm-1');
    world.providers.server('cucm-2').faults.dropOnCommit = 'before';
    const s = await d.ok({ type: 'sign' });
    expect(s.publish!.targets.find((t) => t.host === 'cucm-2')).toMatchObject({ status: 'failed', attempts: 1 });
    const rolled = await d.ok({ type: 'rollback' });
    expect(rolled.done!.results.find((r) => r.server === 'cucm-2')?.status).toBe('failed');
    for (const n of NODES) expect(disk(world, n)).toBe(before);
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
