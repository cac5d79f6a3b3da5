// Progress snapshots during a fan-out: a display sees the targets' progress while a step
// runs, but no more often than progressSnapshotMs; the snapshot at the end of a command
// always comes at once.
import { describe, expect, it } from 'vitest';
import { makeWorld, type World } from './doubles';
import { mixedReview, type Driven } from './flow';

/** A first configuration up to the review; staging takes 150 ms on every node. */
function toReview(world: World, progressSnapshotMs: number): Promise<Driven> {
  for (const s of world.providers.servers) s.faults.stageDelayMs = 150;
  return mixedReview(world, { progressSnapshotMs });
}

/** Snapshots emitted while `sign` ran, and whether any showed a target staging. */
async function signAndWatch(d: Driven) {
  const before = d.snapshots.length;
  const done = await d.ok({ type: 'sign', pin: 'Cisco123' });
  expect(done.kind).toBe('done');
  const during = d.snapshots.slice(before);
  return { count: during.length, sawStaging: during.some((s) => s.publish?.targets.some((t) => t.phase === 'staging')), last: during.at(-1) };
}

describe('progress snapshots', () => {
  it('shows targets staging while the upload runs (default interval)', async () => {
    const d = await toReview(await makeWorld(), 50);
    const seen = await signAndWatch(d);
    expect(seen.sawStaging).toBe(true);
    expect(seen.last?.kind).toBe('done');
  });

  it('emits no progress snapshot sooner than the interval, and the final one at once', async () => {
    const slow = await signAndWatch(await toReview(await makeWorld(), 60_000));
    // Only the snapshot at the end of the command: every progress snapshot would be due later.
    expect(slow.count).toBe(1);
    expect(slow.last?.kind).toBe('done');
    const fast = await signAndWatch(await toReview(await makeWorld(), 0));
    expect(fast.count).toBeGreaterThan(1);
  });
});
