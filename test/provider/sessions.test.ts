// Login, throttling, certificate pinning, connection errors and the 5-session limit,
// all over real TLS on loopback.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createServer, type Server } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import path from 'node:path';
import { readFile } from 'node:fs/promises';
import {
  ProviderClient, ProviderError, type ProviderSession,
} from '../../electron/services/provider-client';
import { FileTrustStore, MemoryTrustStore } from '../../electron/services/trust-store';
import { startTestProvider, connect, admin, makeTempDir, USER, PASSWORD, type TestProvider } from './fixtures';

let p: TestProvider;
beforeAll(async () => { p = await startTestProvider({ throttle: { maxFailures: 3, windowMs: 60_000, lockoutMs: 2_000, auditWindowMs: 500 } }); });
afterAll(async () => { await p.stop(); });

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  return (err as ProviderError).code;
}

describe('login', () => {
  it('accepts the right password and refuses a wrong one or an unknown user', async () => {
    const s = await connect(p);
    expect(s.server).toMatchObject({ name: 'node-1', kind: 'cluster-node' });
    await expect(codeOf(s.describe())).resolves.toBe('not-authenticated');
    await expect(codeOf(s.login(USER, 'wrong'))).resolves.toBe('bad-login');
    await expect(codeOf(s.login('nobody', PASSWORD))).resolves.toBe('bad-login');
    await expect(s.login(USER, PASSWORD)).resolves.toMatchObject({ username: USER });
    s.close();
  });

  it('throttles a source after repeated failures, even with the right password', async () => {
    const s = await connect(p);
    for (let i = 0; i < 3; i++) await codeOf(s.login(USER, `wrong-${i}`));
    const err = await s.login(USER, PASSWORD).catch((e: ProviderError) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('throttled');
    expect((err as ProviderError).details.retryAfterMs).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 2_100));
    await expect(s.login(USER, PASSWORD)).resolves.toMatchObject({ username: USER });
    s.close();
    const audit = await readFile(path.join(p.config.stateDir, 'audit.log'), 'utf8');
    // One aggregated line for the window, with the number of refused attempts.
    expect(audit).toContain('"event":"login-throttled","source":"127.0.0.1","count":1');
    expect(audit).not.toMatch(/wrong-\d|correct horse/);
  });
});

describe('pinning', () => {
  it('asks on first contact, remembers the certificate, and refuses a changed certificate until re-accepted', async () => {
    const store = new MemoryTrustStore();
    const seen: string[] = [];
    await expect(codeOf(ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: store }))).resolves.toBe('untrusted-first-contact');
    const s = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: store, onFirstContact: (c) => { seen.push(c.fingerprint); return true; } });
    expect(seen).toEqual([p.running.fingerprint]);
    expect(await store.get('127.0.0.1', p.running.port)).toBe(p.running.fingerprint);
    s.close();
    // Another server on the same host:port pin would present a different certificate.
    await store.set('127.0.0.1', p.running.port, 'ab'.repeat(32));
    const err = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: store, onFirstContact: () => true }).catch((e: ProviderError) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('certificate-changed');
    expect((err as ProviderError).message).toMatch(/changed.*intercepted/s);
    expect((err as ProviderError).details).toMatchObject({ expected: 'ab'.repeat(32), actual: p.running.fingerprint });
    const again = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: store, trust: p.running.fingerprint });
    again.close();
    expect(await store.get('127.0.0.1', p.running.port)).toBe(p.running.fingerprint);
  });

  it('persists accepted certificates in a file per host and port', async () => {
    const dir = await makeTempDir('trust');
    const file = path.join(dir, 'trusted-certificates.json');
    const s = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: new FileTrustStore(file), trustOnFirstUse: true });
    s.close();
    const reread = new FileTrustStore(file);
    expect(await reread.get('127.0.0.1', p.running.port)).toBe(p.running.fingerprint);
    expect(await reread.get('127.0.0.1', p.running.port + 1)).toBeNull();
    const s2 = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: reread });
    s2.close();
  });
});

describe('connection errors', () => {
  it('names an unresolvable host, a refused port and a silent server', async () => {
    const store = new MemoryTrustStore();
    await expect(codeOf(ProviderClient.connect({ host: 'no-such-node.invalid', port: 2444, trustStore: store }))).resolves.toBe('host-unresolvable');
    const closed = createServer();
    const port = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as { port: number }).port)));
    await new Promise((r) => closed.close(r));
    await expect(codeOf(ProviderClient.connect({ host: '127.0.0.1', port, trustStore: store }))).resolves.toBe('connection-refused');
    // Accepts TCP, never speaks TLS.
    const silent: Server = createServer((sock) => { sock.resume(); });
    const sport = await new Promise<number>((r) => silent.listen(0, '127.0.0.1', () => r((silent.address() as { port: number }).port)));
    await expect(codeOf(ProviderClient.connect({ host: '127.0.0.1', port: sport, trustStore: store, timeouts: { connectMs: 300 } }))).resolves.toBe('timeout');
    // Speaks, but not TLS.
    const plain: Server = createServer((sock) => { sock.resume(); sock.end('HTTP/1.0 400 Bad\r\n\r\n'); });
    const pport = await new Promise<number>((r) => plain.listen(0, '127.0.0.1', () => r((plain.address() as { port: number }).port)));
    await expect(codeOf(ProviderClient.connect({ host: '127.0.0.1', port: pport, trustStore: store }))).resolves.toBe('tls-failure');
    await new Promise((r) => silent.close(r));
    await new Promise((r) => plain.close(r));
  });
});

describe('reply limits', () => {
  it('refuses a reply whose header exceeds the limit', async () => {
    const [cert, key] = await Promise.all([readFile(path.join(p.dir, 'server.crt.pem')), readFile(path.join(p.dir, 'server.key.pem'))]);
    const liar = createTlsServer({ cert, key }, (sock) => sock.once('data', () => sock.write(Buffer.from([0xff, 0xff, 0xff, 0xff]))));
    const port = await new Promise<number>((r) => liar.listen(0, '127.0.0.1', () => r((liar.address() as { port: number }).port)));
    const err = await ProviderClient.connect({ host: '127.0.0.1', port, trustStore: new MemoryTrustStore(), trust: p.running.fingerprint }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect((err as ProviderError).code).toBe('protocol-error');
    expect((err as ProviderError).message).toMatch(/exceeds/);
    await new Promise((r) => liar.close(r));
  });
});

describe('concurrency', () => {
  it('admits five configuring sessions, refuses the sixth, and lets one hold the lock', async () => {
    const sessions: ProviderSession[] = await Promise.all(Array.from({ length: 6 }, () => connect(p)));
    const results = await Promise.allSettled(sessions.map((s) => s.login(USER, PASSWORD)));
    const admitted = results.filter((r) => r.status === 'fulfilled').length;
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason as ProviderError);
    expect(admitted).toBe(5);
    expect(refused.map((e) => e.code)).toEqual(['busy']);
    const inside = sessions.filter((_, i) => results[i]!.status === 'fulfilled');
    const locks = await Promise.allSettled(inside.map((s) => s.lock()));
    expect(locks.filter((l) => l.status === 'fulfilled')).toHaveLength(1);
    const busy = locks.filter((l) => l.status === 'rejected').map((l) => (l as PromiseRejectedResult).reason as ProviderError);
    expect(busy).toHaveLength(4);
    for (const b of busy) {
      expect(b.code).toBe('busy');
      expect(b.message).toMatch(/held by ccmadmin from 127\.0\.0\.1 since \d{4}-/);
      expect(b.details.holder?.username).toBe(USER);
    }
    // The holder leaves: its lock is released and a waiting session can take it.
    const holder = inside[locks.findIndex((l) => l.status === 'fulfilled')]!;
    // close() resolves once the provider has released the lock (bye), so no retry is needed.
    await holder.close();
    const waiting = inside.find((s) => s !== holder)!;
    await expect(waiting.lock()).resolves.toHaveProperty('since');
    await Promise.all(sessions.map((s) => s.close()));
  });

  it('keeps the session bound to its TLS connection', async () => {
    const a = await admin(p);
    a.close();
    const b = await connect(p);
    await expect(codeOf(b.describe())).resolves.toBe('not-authenticated');
    b.close();
  });
});
