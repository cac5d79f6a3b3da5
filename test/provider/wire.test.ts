// The provider facing a hostile or broken peer: raw frames over real TLS.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { connect as tlsConnect, type TLSSocket } from 'node:tls';
import { FrameDecoder, PROTOCOL_VERSION, encodeFrame, type Frame } from '../../shared/provider-protocol';
import { startTestProvider, USER, PASSWORD, type TestProvider } from './fixtures';

let p: TestProvider;
beforeAll(async () => { p = await startTestProvider(); });
afterAll(async () => { await p.stop(); });

interface Raw { socket: TLSSocket; next(): Promise<Frame>; closed: Promise<void> }

async function raw(): Promise<Raw> {
  const socket = await new Promise<TLSSocket>((resolve, reject) => {
    const s = tlsConnect({ host: '127.0.0.1', port: p.running.port, rejectUnauthorized: false }, () => resolve(s));
    s.once('error', reject);
  });
  const decoder = new FrameDecoder();
  const frames: Frame[] = [];
  const waiters: ((f: Frame) => void)[] = [];
  socket.on('data', (c: Buffer) => {
    for (const f of decoder.push(new Uint8Array(c))) {
      const w = waiters.shift();
      if (w) w(f);
      else frames.push(f);
    }
  });
  const closed = new Promise<void>((r) => socket.on('close', () => r()));
  return {
    socket, closed,
    next: () => new Promise<Frame>((resolve, reject) => {
      const f = frames.shift();
      if (f) return resolve(f);
      waiters.push(resolve);
      setTimeout(() => reject(new Error('no reply within 5 s')), 5_000);
    }),
  };
}

const header = (f: Frame) => f.header as Record<string, unknown>;
function lengthPrefix(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, false);
  return b;
}

describe('wire', () => {
  it('refuses an oversized header before reading it, then closes', async () => {
    const r = await raw();
    r.socket.write(lengthPrefix(64 * 1024 + 1));
    expect(header(await r.next())).toMatchObject({ type: 'error', code: 'too-large', id: 0 });
    await r.closed;
  });

  it('refuses an oversized body declaration', async () => {
    const r = await raw();
    r.socket.write(encodeFrame({ v: PROTOCOL_VERSION, id: 1, type: 'hello', versions: [PROTOCOL_VERSION] }));
    await r.next();
    const json = new TextEncoder().encode(JSON.stringify({ v: PROTOCOL_VERSION, id: 2, type: 'stage', securityMode: 1, sha256: '0'.repeat(64), bodyLength: 1024 * 1024 + 1 }));
    r.socket.write(Buffer.concat([lengthPrefix(json.length), json]));
    expect(header(await r.next())).toMatchObject({ type: 'error', code: 'too-large' });
    await r.closed;
  });

  it('closes on a header that is not JSON', async () => {
    const r = await raw();
    const junk = new TextEncoder().encode('{not json');
    r.socket.write(Buffer.concat([lengthPrefix(junk.length), junk]));
    expect(header(await r.next())).toMatchObject({ type: 'error', code: 'bad-request' });
    await r.closed;
  });

  it('answers malformed but well-framed requests and keeps the connection', async () => {
    const r = await raw();
    const send = (h: Record<string, unknown>, body?: Uint8Array) => r.socket.write(encodeFrame(h, body));
    send({ v: PROTOCOL_VERSION, id: 1, type: 'describe' });
    expect(header(await r.next())).toMatchObject({ id: 1, code: 'bad-request', message: 'send hello first' });
    send({ v: PROTOCOL_VERSION, id: 2, type: 'hello', versions: [7] });
    expect(header(await r.next())).toMatchObject({ id: 2, code: 'unsupported-version', details: { supported: [PROTOCOL_VERSION] } });
    // A client of protocol version 1 gets the refusal framed in its own version, saying what to do.
    send({ v: 1, id: 3, type: 'hello', versions: [1] });
    expect(header(await r.next())).toMatchObject({ v: 1, id: 3, code: 'unsupported-version', message: /protocol version 2; update the CTL client/ });
    send({ v: 3, id: 3, type: 'describe' });
    expect(header(await r.next())).toMatchObject({ id: 3, code: 'bad-request' });
    send({ v: PROTOCOL_VERSION, id: 4, type: 'hello', versions: [PROTOCOL_VERSION] });
    expect(header(await r.next())).toMatchObject({ id: 4, type: 'ok', version: PROTOCOL_VERSION });
    send({ v: PROTOCOL_VERSION, id: 5, type: 'selfDestruct' });
    expect(header(await r.next())).toMatchObject({ id: 5, code: 'bad-request' });
    send({ v: PROTOCOL_VERSION, id: 6, type: 'login', username: USER, password: PASSWORD, admin: true });
    expect(header(await r.next())).toMatchObject({ id: 6, code: 'bad-request' });
    send({ v: PROTOCOL_VERSION, id: 7, type: 'login', username: USER, password: PASSWORD });
    expect(header(await r.next())).toMatchObject({ id: 7, type: 'ok' });
    send({ v: PROTOCOL_VERSION, id: 8, type: 'lock' });
    await r.next();
    // The body must match the hash the header announces.
    send({ v: PROTOCOL_VERSION, id: 9, type: 'stage', securityMode: 1, sha256: 'a'.repeat(64), expectedSha256: null }, new Uint8Array([1, 2, 3]));
    // The refusal is data too: a code of the provider-problem catalog, which clients word.
    expect(header(await r.next())).toMatchObject({ id: 9, code: 'bad-request', message: 'the uploaded file does not match its SHA-256', details: { problem: { code: 'body-mismatch' } } });
    send({ v: PROTOCOL_VERSION, id: 10, type: 'putCapf', pemName: '../../x.0' }, new Uint8Array([0x30, 0]));
    expect(header(await r.next())).toMatchObject({ id: 10, code: 'bad-request', details: { problem: { code: 'capf-name-unsafe', params: { name: '../../x.0' } } } });
    r.socket.destroy();
  });
});
