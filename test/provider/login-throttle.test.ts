// Login throttling under concurrency and what the audit log keeps of refused logins,
// over real TLS; and backpressure: a peer that does not read its replies stops being read.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { PROTOCOL_VERSION } from '../../shared/provider-protocol';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { admin, raw, startTestProvider, until, within, USER, PASSWORD, type Raw, type TestProvider } from './fixtures';

const codeOf = (r: Raw, index: number) => (r.replies[index]?.header as { code?: string } | undefined)?.code;

describe('login throttle', () => {
  let p: TestProvider;
  /** Password checks the 60 parallel attempts got. */
  let checked = 0;
  beforeAll(async () => {
    p = await startTestProvider({
      limits: { maxConnectionsPerSource: 100 },
      throttle: { maxFailures: 5, windowMs: 60_000, lockoutMs: 60_000, auditWindowMs: 60_000 },
    });
  });
  afterAll(async () => { await p.stop(); });

  it('60 parallel wrong passwords from one source: at most 5 are checked, the rest are throttled', async () => {
    const attackers = await Promise.all(Array.from({ length: 60 }, () => raw(p.running.port, { localAddress: '127.0.0.9' })));
    for (const [i, r] of attackers.entries()) {
      r.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
      r.send({ id: 2, type: 'login', username: USER, password: `wrong-${i}` });
    }
    expect(await until(() => attackers.every((r) => r.replies.length === 2), 20_000)).toBe(true);
    const codes = attackers.map((r) => codeOf(r, 1));
    checked = codes.filter((c) => c === 'bad-login').length;
    expect(checked).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 'throttled').length).toBe(60 - checked);
    expect(p.running.stats().passwordChecks).toBe(checked);
    // Another source is not locked out.
    const other = await raw(p.running.port, { localAddress: '127.0.0.10' });
    other.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    other.send({ id: 2, type: 'login', username: USER, password: PASSWORD });
    expect(await until(() => other.replies.length === 2)).toBe(true);
    expect(codeOf(other, 1)).toBeUndefined();
    for (const r of [...attackers, other]) r.socket.destroy();
  });

  it('five parallel right passwords from one source all get in (they wait for each other)', async () => {
    const sessions = await Promise.all(Array.from({ length: 5 }, () => admin(p)));
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('audits unknown names as a salted hash and throttled attempts as one line per source per window', async () => {
    const typo = await raw(p.running.port, { localAddress: '127.0.0.11' });
    typo.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    typo.send({ id: 2, type: 'login', username: 'Hunter2-password!', password: 'x' });
    typo.send({ id: 3, type: 'login', username: 'Hunter2-password!', password: 'y' });
    expect(await until(() => typo.replies.length === 3)).toBe(true);
    typo.socket.destroy();
    await p.running.stop(); // writes the open throttle windows
    const lines = (await readFile(path.join(p.config.stateDir, 'audit.log'), 'utf8')).trim().split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(JSON.stringify(lines)).not.toMatch(/Hunter2|wrong-\d/);
    const unknown = lines.filter((l) => l['event'] === 'login-failed' && l['source'] === '127.0.0.11');
    expect(unknown).toHaveLength(2);
    expect(unknown[0]!['usernameHash']).toMatch(/^hmac-sha256:[0-9a-f]{32}$/);
    expect(unknown[1]!['usernameHash']).toBe(unknown[0]!['usernameHash']);
    const throttled = lines.filter((l) => l['event'] === 'login-throttled');
    expect(throttled).toHaveLength(1);
    expect(throttled[0]).toMatchObject({ source: '127.0.0.9', count: 60 - checked });
    const failed = lines.filter((l) => l['event'] === 'login-failed' && l['source'] === '127.0.0.9');
    expect(failed.every((l) => l['username'] === USER)).toBe(true);
  });
});

describe('backpressure', () => {
  let p: TestProvider;
  beforeAll(async () => { p = await startTestProvider(); });
  afterAll(async () => { await p.stop(); });

  it('stops handling requests while its replies are not read, and answers every one once they are', async () => {
    const r = await raw(p.running.port);
    r.socket.pause();
    r.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    r.send({ id: 2, type: 'login', username: USER, password: PASSWORD });
    // Each reply is about 60 times its request: 8,000 of them overflow every buffer on the way.
    const N = 8_000;
    for (let id = 3; id < N + 3; id++) r.send({ id, type: 'getCertificates' });
    const before = p.running.stats().requests;
    let handled = before;
    for (let stable = 0; stable < 5;) {
      await new Promise((res) => setTimeout(res, 100));
      const now = p.running.stats().requests;
      stable = now === handled ? stable + 1 : 0;
      handled = now;
    }
    expect(handled - before).toBeLessThan(N);
    r.socket.resume();
    expect(await until(() => r.replies.length === N + 2, 30_000)).toBe(true);
    const ids = r.replies.map((f) => (f.header as { id: number; type: string }));
    expect(ids.every((h, i) => h.id === i + 1 && h.type === 'ok')).toBe(true);
    r.socket.destroy();
    await within(r.closed);
  });
});
