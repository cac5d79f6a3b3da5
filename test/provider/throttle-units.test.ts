// The login throttle and the connection table on their own, with a fake clock.
import { describe, it, expect } from 'vitest';
import { LoginThrottle, type AttemptAdmission } from '../../provider/server/throttle';
import { ConnectionTable } from '../../provider/server/connections';

const settings = { maxFailures: 3, windowMs: 10_000, lockoutMs: 1_000, maxQueuedPerSource: 2, maxConcurrentChecks: 2 };
const ticketOf = (a: AttemptAdmission) => {
  if (!a.ok) throw new Error(`refused: ${a.reason}`);
  return a.ticket;
};

describe('LoginThrottle', () => {
  it('reserves before the check: one per source runs, a bounded number waits, the rest are refused', async () => {
    const t = new LoginThrottle(settings, () => 0);
    const first = ticketOf(await t.admit('a'));
    const waiting = [t.admit('a'), t.admit('a')];
    expect(await t.admit('a')).toEqual({ ok: false, reason: 'busy', retryAfterMs: 1_000 });
    expect((await t.admit('b')).ok).toBe(true); // other sources are not held up
    expect(t.checksStarted).toBe(2);
    first.fail();
    const second = ticketOf(await waiting[0]!);
    second.fail();
    const third = ticketOf(await waiting[1]!);
    expect(third.fail()).toBe(1_000); // the third failure locks the source out
    expect(await t.admit('a')).toMatchObject({ ok: false, reason: 'locked', retryAfterMs: 1_000 });
  });

  it('refuses every waiting attempt once a failure locks the source out', async () => {
    const t = new LoginThrottle({ ...settings, maxFailures: 1 }, () => 0);
    const first = ticketOf(await t.admit('a'));
    const waiting = [t.admit('a'), t.admit('a')];
    first.fail();
    for (const w of await Promise.all(waiting)) expect(w).toMatchObject({ ok: false, reason: 'locked' });
    expect(t.checksStarted).toBe(1);
  });

  it('doubles the lockout on each repeat; a success resets it', async () => {
    let now = 0;
    const t = new LoginThrottle(settings, () => now);
    const failTimes = async (n: number) => {
      let lockout = 0;
      for (let i = 0; i < n; i++) lockout = ticketOf(await t.admit('a')).fail();
      return lockout;
    };
    expect(await failTimes(3)).toBe(1_000);
    now += 1_000;
    expect(await failTimes(3)).toBe(2_000);
    now += 2_000;
    ticketOf(await t.admit('a')).succeed();
    expect(await failTimes(3)).toBe(1_000);
    expect(t.failureCount('a')).toBe(9);
  });

  it('runs at most maxConcurrentChecks checks at once over all sources', async () => {
    const t = new LoginThrottle(settings, () => 0);
    const a = ticketOf(await t.admit('a'));
    ticketOf(await t.admit('b'));
    let third = false;
    const c = t.admit('c').then((x) => { third = true; return x; });
    await new Promise((r) => setTimeout(r, 10));
    expect(third).toBe(false);
    a.succeed();
    expect((await c).ok).toBe(true);
    expect(() => a.succeed()).toThrow(/twice/);
  });
});

describe('ConnectionTable', () => {
  it('caps per source and in all, dropping the longest-idle unauthenticated connection for room', () => {
    let now = 0;
    const table = new ConnectionTable({ maxTotal: 3, maxPerSource: 2, minIdleMs: 0, newPerSourcePerSecond: 100 }, () => now);
    const dropped: string[] = [];
    const admit = (source: string, name: string) => table.admit(source, () => dropped.push(name));
    const a1 = admit('a', 'a1');
    now = 5;
    const a2 = admit('a', 'a2');
    expect(admit('a', 'a3')).toBe('source-cap');
    now = 10;
    const b1 = admit('b', 'b1');
    if (typeof a1 === 'string' || typeof a2 === 'string' || typeof b1 === 'string') throw new Error('refused');
    a1.authenticated = true;
    a2.busy = 1;
    // a1 is logged in and a2 busy: b1 is the only candidate.
    expect(typeof admit('c', 'c1')).toBe('object');
    expect(dropped).toEqual(['b1']);
    a2.busy = 0;
    a2.lastActive = 20;
    const c1Dropped = dropped.length;
    expect(typeof admit('d', 'd1')).toBe('object'); // c1 (idle since 10) goes before a2 (active at 20)
    expect(dropped.slice(c1Dropped)).toEqual(['c1']);
    a2.authenticated = true;
    const e1 = admit('e', 'e1');
    expect(dropped.at(-1)).toBe('d1');
    if (typeof e1 === 'string') throw new Error('refused');
    e1.authenticated = true;
    // Everyone is logged in: nothing may be dropped for room.
    expect(admit('f', 'f1')).toBe('global-cap');
    expect(table.stats).toMatchObject({ open: 3, evicted: 3, refused: { 'source-cap': 1, 'source-rate': 0, 'global-cap': 1 } });
    table.release(a1);
    table.release(a1);
    expect(table.stats.open).toBe(2);
  });
});

it('never drops a connection idle for less than minIdleMs (one still connecting)', () => {
  let now = 0;
  const table = new ConnectionTable({ maxTotal: 1, maxPerSource: 5, minIdleMs: 1_000, newPerSourcePerSecond: 100 }, () => now);
  const dropped: string[] = [];
  expect(typeof table.admit('a', () => dropped.push('a1'))).toBe('object');
  now = 999;
  expect(table.admit('b', () => dropped.push('b1'))).toBe('global-cap');
  now = 1_000;
  expect(typeof table.admit('b', () => dropped.push('b1'))).toBe('object');
  expect(dropped).toEqual(['a1']);
});

it('limits new connections per source per second, with bursts of twice the rate', () => {
  let now = 0;
  const table = new ConnectionTable({ maxTotal: 100, maxPerSource: 100, minIdleMs: 0, newPerSourcePerSecond: 2 }, () => now);
  const results = Array.from({ length: 5 }, () => table.admit('a', () => undefined));
  expect(results.map((r) => typeof r === 'string' ? r : 'ok')).toEqual(['ok', 'ok', 'ok', 'ok', 'source-rate']);
  expect(typeof table.admit('b', () => undefined)).toBe('object');
  now = 500;
  expect(typeof table.admit('a', () => undefined)).toBe('object');
  expect(table.admit('a', () => undefined)).toBe('source-rate');
});

it('at the global cap, takes from the source holding the most connections first', () => {
  let now = 0;
  const table = new ConnectionTable({ maxTotal: 4, maxPerSource: 10, minIdleMs: 0, newPerSourcePerSecond: 100 }, () => now);
  const dropped: string[] = [];
  table.admit('admin', () => dropped.push('admin')); // the oldest, still connecting
  for (const name of ['x1', 'x2', 'x3']) {
    now += 10;
    table.admit('flood', () => dropped.push(name));
  }
  now += 10;
  table.admit('flood', () => dropped.push('x4'));
  now += 10;
  table.admit('flood', () => dropped.push('x5'));
  expect(dropped).toEqual(['x1', 'x2']);
});
