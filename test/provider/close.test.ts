// Graceful close: `bye` is answered after the provider released the session's lock and
// place, so the next session can lock at once; the TCP close stays the fallback for
// clients that vanish. Real TLS on loopback; every loop is bounded.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createServer as createTlsServer, type Server } from 'node:tls';
import { FrameDecoder, PROTOCOL_VERSION, encodeFrame } from '../../shared/provider-protocol';
import { ProviderClient, ProviderError, type ProviderSession } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { connect, startTestProvider, raw, within, until, USER, PASSWORD, type TestProvider } from './fixtures';

let p: TestProvider;
beforeAll(async () => { p = await startTestProvider(); });
afterAll(async () => { await p.stop(); });

async function login(): Promise<{ session: ProviderSession; sessionsInUse: number }> {
  const session = await connect(p);
  const { sessionsInUse } = await session.login(USER, PASSWORD);
  return { session, sessionsInUse };
}

describe('graceful close', () => {
  it('after close() resolves, another session locks at once: never busy (40 rounds)', async () => {
    let holder = (await login()).session;
    await holder.lock();
    for (let round = 0; round < 40; round++) {
      const next = await login();
      // Only the holder and this one: every earlier session left before its close() resolved.
      expect(next.sessionsInUse).toBe(2);
      await holder.close();
      await expect(next.session.lock()).resolves.toHaveProperty('since');
      holder = next.session;
    }
    await holder.close();
    // Five sessions may configure at once: closing five and logging in five more never hits the limit.
    for (let round = 0; round < 5; round++) {
      const five = await Promise.all(Array.from({ length: 5 }, () => login()));
      await Promise.all(five.map((s) => s.session.close()));
    }
    const audit = await readFile(path.join(p.config.stateDir, 'audit.log'), 'utf8');
    expect(audit.split('\n').filter((l) => l.includes('"event":"logout"')).length).toBeGreaterThanOrEqual(40 + 25);
    expect(audit).not.toContain(PASSWORD);
  });

  it('answers requests still in flight before bye, refuses requests after close', async () => {
    const { session } = await login();
    const described = session.describe();
    const locked = session.lock();
    const closing = session.close();
    expect(session.close()).toBe(closing); // idempotent
    await expect(described).resolves.toHaveProperty('clusterId', 'test-cluster');
    await expect(locked).resolves.toHaveProperty('since');
    await closing;
    const after = await session.describe().catch((e: unknown) => e);
    expect(after).toBeInstanceOf(ProviderError);
    expect((after as ProviderError).code).toBe('connection-closed');
    const other = (await login()).session;
    await other.lock(); // the lock taken just before close() was released by bye
    await other.close();
  });

  it('on the wire: bye is allowed before hello, and nothing pipelined after it is answered', async () => {
    const early = await raw(p.running.port);
    early.send({ id: 1, type: 'bye' });
    await within(early.closed);
    expect(early.replies.map((f) => f.header)).toEqual([{ v: PROTOCOL_VERSION, id: 1, type: 'ok' }]);

    const r = await raw(p.running.port);
    r.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    r.send({ id: 2, type: 'login', username: USER, password: PASSWORD });
    r.send({ id: 3, type: 'lock' });
    r.send({ id: 4, type: 'bye' });
    r.send({ id: 5, type: 'describe' });
    await within(r.closed);
    expect(r.replies.map((f) => [(f.header as { id: number }).id, (f.header as { type: string }).type])).toEqual(
      [[1, 'ok'], [2, 'ok'], [3, 'ok'], [4, 'ok']]);
    const other = (await login()).session;
    await other.lock();
    await other.close();
  });

  it('fallback: a client that vanishes without bye loses its lock when the provider sees the close', async () => {
    const r = await raw(p.running.port);
    r.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    r.send({ id: 2, type: 'login', username: USER, password: PASSWORD });
    r.send({ id: 3, type: 'lock' });
    expect(await until(() => r.replies.length === 3)).toBe(true);
    expect(r.replies.map((f) => (f.header as { type: string }).type)).toEqual(['ok', 'ok', 'ok']);
    const other = (await login()).session;
    await expect(other.lock()).rejects.toMatchObject({ code: 'busy' });
    r.socket.destroy(); // a crash: no bye
    let taken = false;
    for (let i = 0; i < 100 && !taken; i++) {
      taken = await other.lock().then(() => true, () => false);
      if (!taken) await new Promise((res) => setTimeout(res, 20));
    }
    expect(taken).toBe(true);
    await other.close();
  });
});

describe('close() against providers that do not answer bye', () => {
  let fake: Server;
  let port: number;
  let answerBye: 'never' | 'unknown-type' = 'never';
  const closedByClient: boolean[] = [];

  beforeAll(async () => {
    const [cert, key] = await Promise.all([readFile(path.join(p.dir, 'server.crt.pem')), readFile(path.join(p.dir, 'server.key.pem'))]);
    // Answers hello; then either never answers bye (hung) or refuses it as an unknown type (an older provider).
    fake = createTlsServer({ cert, key }, (socket) => {
      const decoder = new FrameDecoder();
      socket.on('error', () => undefined);
      socket.on('close', () => closedByClient.push(true));
      socket.on('data', (c: Buffer) => {
        for (const f of decoder.push(new Uint8Array(c))) {
          const h = f.header as { id: number; type: string };
          if (h.type === 'hello') {
            socket.write(encodeFrame({ v: PROTOCOL_VERSION, id: h.id, type: 'ok', version: PROTOCOL_VERSION, server: { name: 'fake', kind: 'cluster-node', software: 'fake' },
              limits: { maxHeaderBytes: 65536, maxBodyBytes: 1048576 } }));
          } else if (answerBye === 'unknown-type') {
            socket.write(encodeFrame({ v: PROTOCOL_VERSION, id: h.id, type: 'error', code: 'bad-request', message: 'malformed request: type: invalid' }));
          }
        }
      });
    });
    port = await new Promise<number>((r) => fake.listen(0, '127.0.0.1', () => r((fake.address() as { port: number }).port)));
  });
  afterAll(async () => { await new Promise((r) => fake.close(r)); });

  const open = () => ProviderClient.connect({ host: '127.0.0.1', port, trustStore: new MemoryTrustStore(), trust: p.running.fingerprint, timeouts: { requestMs: 300 } });

  it('a hung provider: close() gives up after the short timeout and disconnects', async () => {
    answerBye = 'never';
    const s = await open();
    const before = closedByClient.length;
    const started = Date.now();
    await s.close();
    const took = Date.now() - started;
    expect(took).toBeGreaterThanOrEqual(250);
    expect(took).toBeLessThan(2_000);
    expect(await until(() => closedByClient.length > before)).toBe(true);
  });

  it('an older provider that refuses bye: close() resolves on the refusal and disconnects', async () => {
    answerBye = 'unknown-type';
    const s = await open();
    const before = closedByClient.length;
    const started = Date.now();
    await s.close();
    expect(Date.now() - started).toBeLessThan(250);
    expect(await until(() => closedByClient.length > before)).toBe(true);
  });
});
