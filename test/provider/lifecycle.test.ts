// Socket lifecycle and connection caps of the provider, tried as a misbehaving peer would
// over real TCP and TLS on loopback (127.0.0.x source addresses stand for other hosts).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { PROTOCOL_VERSION, encodeFrame } from '../../shared/provider-protocol';
import { admin, raw, startTestProvider, until, within, USER, PASSWORD, type TestProvider } from './fixtures';

const GRACE = 300;
let p: TestProvider;
beforeAll(async () => {
  p = await startTestProvider({ limits: {
    closeGraceMs: GRACE, handshakeTimeoutMs: 500, preLoginIdleTimeoutMs: 800, loginTimeoutMs: 1_500,
  } });
  // The caps on a provider of their own, whose timeouts do not close the idle connections meanwhile.
  q = await startTestProvider({ limits: { maxConnections: 6, maxConnectionsPerSource: 3, evictIdleMs: 100 } });
});
afterAll(async () => { await Promise.all([p.stop(), q.stop()]); });
let q: TestProvider;

const tcp = (localAddress = '127.0.0.1', port = p.running.port) => new Promise<{ socket: Socket; closed: Promise<number> }>((resolve, reject) => {
  const started = Date.now();
  const socket = netConnect({ host: '127.0.0.1', port, localAddress }, () => resolve({ socket, closed }));
  const closed = new Promise<number>((r) => socket.on('close', () => r(Date.now() - started)));
  socket.on('error', () => undefined);
  socket.once('error', reject);
});

/** Keeps writing `chunk` until the connection closes; returns how long that took. */
function flood(send: () => void, closed: Promise<unknown>): Promise<number> {
  const started = Date.now();
  const timer = setInterval(send, 20);
  return closed.then(() => { clearInterval(timer); return Date.now() - started; });
}

describe('every ending path destroys the connection, whatever the peer sends', () => {
  it('bye, then garbage from a peer that ignores the close: destroyed after the grace', async () => {
    const r = await raw(p.running.port, { halfOpen: true });
    r.send({ id: 1, type: 'bye' });
    expect(await until(() => r.replies.length === 1)).toBe(true);
    const took = await within(flood(() => r.socket.write(Buffer.from('garbage after bye')), r.closed));
    // The peer never closes: the grace does.
    expect(took).toBeGreaterThanOrEqual(GRACE / 2);
    expect(took).toBeLessThan(GRACE + 1_000);
    expect(r.replies.map((f) => f.header)).toEqual([{ v: PROTOCOL_VERSION, id: 1, type: 'ok' }]);
  });

  it('a framing error, then more bytes: one error reply, closed within the grace', async () => {
    const r = await raw(p.running.port, { halfOpen: true });
    r.socket.write(Buffer.from([0, 0, 0, 2, 0x7b, 0x7d, 0, 0, 0, 0])); // `{}` then a zero-length header
    const took = await within(flood(() => r.socket.write(Buffer.alloc(512, 0x41)), r.closed));
    expect(took).toBeLessThan(GRACE + 1_000);
    // `{}` is well framed (refused by the schema); the empty header ends the connection.
    expect(r.replies.map((f) => (f.header as { code?: string }).code)).toEqual(['bad-request', 'bad-request']);
    expect((r.replies[1]!.header as { message: string }).message).toMatch(/^framing error: empty header/);
  });

  it('before login, frames are much smaller: a body, or a header over 8 KiB, is too large', async () => {
    const withBody = await raw(p.running.port);
    withBody.socket.write(encodeFrame({ v: PROTOCOL_VERSION, id: 1, type: 'hello', versions: [PROTOCOL_VERSION] }, new Uint8Array(16)));
    await within(withBody.closed);
    expect(withBody.replies.map((f) => (f.header as { code?: string }).code)).toEqual(['too-large']);
    const bigHeader = await raw(p.running.port);
    bigHeader.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION], client: 'x'.repeat(9_000) });
    await within(bigHeader.closed);
    expect(bigHeader.replies.map((f) => (f.header as { code?: string }).code)).toEqual(['too-large']);
    // The same header after login is a well-framed request, refused by its schema only.
    const r = await raw(p.running.port);
    r.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    r.send({ id: 2, type: 'login', username: USER, password: PASSWORD });
    r.send({ id: 3, type: 'describe', padding: 'x'.repeat(9_000) });
    expect(await until(() => r.replies.length === 3)).toBe(true);
    expect(r.replies.map((f) => (f.header as { code?: string }).code)).toEqual([undefined, undefined, 'bad-request']);
    r.socket.destroy();
  });

  it('a silent TCP connection and a half-open TLS handshake: closed after the handshake timeout', async () => {
    const silent = await tcp();
    const half = await tcp();
    half.socket.write(Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01])); // the start of a ClientHello
    const [a, b] = await within(Promise.all([silent.closed, half.closed]));
    for (const took of [a, b]) {
      expect(took).toBeGreaterThanOrEqual(450);
      expect(took).toBeLessThan(2_000);
    }
  });

  it('idle before login, and not logged in in time: closed', async () => {
    const idle = await raw(p.running.port);
    const started = Date.now();
    await within(idle.closed);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    // Busy without logging in: a request every 200 ms keeps it from idling, not past the login timeout.
    const chatty = await raw(p.running.port);
    chatty.send({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] });
    let id = 2;
    const took = await within(flood(() => chatty.send({ id: id++, type: 'describe' }), chatty.closed));
    expect(took).toBeGreaterThanOrEqual(1_300);
    expect(took).toBeLessThan(1_500 + GRACE + 1_000);
  });

  it('a logged-in session outlives both timeouts', async () => {
    const s = await admin(p);
    await new Promise((r) => setTimeout(r, 1_700));
    await expect(s.describe()).resolves.toHaveProperty('clusterId');
    await s.close();
  });
});

describe('connection caps', () => {
  it('refuses a source beyond its cap; other sources still connect', async () => {
    const mine = await Promise.all([1, 2, 3].map(() => tcp('127.0.0.2', q.running.port)));
    const fourth = await tcp('127.0.0.2', q.running.port);
    expect(await within(fourth.closed, 1_000)).toBeLessThan(1_000);
    const other = await tcp('127.0.0.3', q.running.port);
    await new Promise((r) => setTimeout(r, 100));
    expect(other.socket.destroyed).toBe(false);
    for (const c of [...mine, other]) c.socket.destroy();
    expect(q.running.stats().connections.refused['source-cap']).toBeGreaterThanOrEqual(1);
  });

  it('at the global cap, drops the longest-idle unauthenticated connection, never a logged-in one', async () => {
    await until(() => q.running.stats().connections.open === 0);
    const sessions = await Promise.all([admin(q), admin(q)]);
    const idle: Awaited<ReturnType<typeof tcp>>[] = [];
    for (const source of ['127.0.0.4', '127.0.0.5', '127.0.0.6', '127.0.0.7']) {
      idle.push(await tcp(source, q.running.port));
      await new Promise((r) => setTimeout(r, 30)); // distinct idle times
    }
    expect(q.running.stats().connections.open).toBe(6);
    await new Promise((r) => setTimeout(r, 150)); // all idle past evictIdleMs
    const newcomer = await tcp('127.0.0.8', q.running.port);
    await within(idle[0]!.closed, 1_000);
    expect(idle.slice(1).every((c) => !c.socket.destroyed)).toBe(true);
    expect(newcomer.socket.destroyed).toBe(false);
    for (const s of sessions) await expect(s.describe()).resolves.toHaveProperty('clusterId');
    expect(q.running.stats().connections.evicted).toBeGreaterThanOrEqual(1);
    for (const c of [...idle, newcomer]) c.socket.destroy();
    await Promise.all(sessions.map((s) => s.close()));
  });
});

describe('TLS', () => {
  const handshake = (options: { maxVersion?: 'TLSv1.2' | 'TLSv1.3'; ciphers?: string }) => new Promise<string>((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port: p.running.port, rejectUnauthorized: false, ...options }, () => {
      const version = `${s.getProtocol()} ${s.getCipher().standardName}`;
      s.destroy();
      resolve(version);
    });
    s.once('error', reject);
  });

  it('speaks TLS 1.3 by default and TLS 1.2 only with ECDHE and AEAD', async () => {
    expect(await handshake({})).toMatch(/^TLSv1\.3 TLS_/);
    expect(await handshake({ maxVersion: 'TLSv1.2' })).toMatch(/^TLSv1\.2 TLS_ECDHE_RSA_WITH_(AES_\d+_GCM|CHACHA20_POLY1305)/);
    for (const ciphers of ['AES128-SHA', 'AES256-GCM-SHA384', 'ECDHE-RSA-AES128-SHA', 'ECDHE-RSA-AES256-SHA384', 'DHE-RSA-AES128-GCM-SHA256']) {
      await expect(handshake({ maxVersion: 'TLSv1.2', ciphers }), ciphers).rejects.toThrow();
    }
  });
});
