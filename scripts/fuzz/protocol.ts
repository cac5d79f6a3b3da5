// Fuzzes the reference provider over real TLS on loopback: mutated requests (JSON-level:
// fields dropped, retyped, added, edge values; byte-level: the encoded frame itself), before
// login and after it, pipelined in batches. Findings: an `internal` reply or an internal
// error in the provider's log, a reply that is not a well-formed `ok`/`error` frame or
// answers the wrong request, a well-framed request left unanswered, a connection the
// provider closed without saying why, connections that stay open after the run, and a
// provider a real client can no longer use.
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { rm } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import {
  FrameDecoder, PROTOCOL_VERSION, encodeFrame, errorReplySchema, requestSchema, type Frame,
} from '../../shared/provider-protocol';
import { parseProviderConfig } from '../../provider/config/schema';
import { startProviderServer } from '../../provider/server/server';
import { hashPassword } from '../../provider/server/passwords';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir, testConfigInput, USER, PASSWORD } from '../../test/provider/fixtures';
import { MUTATIONS, Rng, mutate } from './mutate';
import type { Finding } from './codec';
import { requestTemplate, mutateHeader } from './requests';

export interface ProtocolFuzzResult {
  beforeLogin: number;
  afterLogin: number;
  connections: number;
  /** Replies by `ok` or error code. */
  replies: Record<string, number>;
  findings: Finding[];
}

const BATCH = 16;
const BYTE_LEVEL_RATE = 200; // one frame in this many is mutated as bytes
const SETTLE_MS = 40;
const REPLY_TIMEOUT_MS = 10_000;

class Conn {
  readonly replies: Frame[] = [];
  closed = false;
  decodeError: string | null = null;
  private wake: (() => void) | null = null;

  private constructor(readonly socket: TLSSocket) {
    const decoder = new FrameDecoder();
    socket.on('data', (c: Buffer) => {
      try {
        this.replies.push(...decoder.push(new Uint8Array(c)));
      } catch (err) {
        this.decodeError = (err as Error).message;
        socket.destroy();
      }
      this.wake?.();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => { this.closed = true; this.wake?.(); });
  }

  static open(port: number, localAddress: string): Promise<Conn> {
    return new Promise((resolve, reject) => {
      // localAddress goes to the TCP connect (Node passes socket.connect options through).
      const options: ConnectionOptions & { localAddress: string } = { host: '127.0.0.1', port, localAddress, rejectUnauthorized: false };
      const s = tlsConnect(options, () => resolve(new Conn(s)));
      s.once('error', reject);
    });
  }

  /** Resolves once `count` replies arrived, the connection closed, or `ms` passed. */
  async waitFor(count: number, ms: number): Promise<void> {
    const deadline = Date.now() + ms;
    while (this.replies.length < count && !this.closed && Date.now() < deadline) {
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, Math.max(1, deadline - Date.now()));
      });
      this.wake = null;
    }
  }
}

export async function fuzzProtocol(options: { frames: number; seed: number; bodies: Uint8Array[] }): Promise<ProtocolFuzzResult> {
  const rng = new Rng(options.seed);
  const result: ProtocolFuzzResult = { beforeLogin: 0, afterLogin: 0, connections: 0, replies: {}, findings: [] };
  const finding = (what: string, where: string) => {
    if (result.findings.length < 100) result.findings.push({ target: 'protocol', what, where });
  };
  const dir = await makeTempDir('fuzz');
  const input = await testConfigInput(dir, {
    users: [{ username: USER, passwordHash: await hashPassword(PASSWORD, { cost: 1024 }) }],
    limits: { closeGraceMs: 200, loginTimeoutMs: 600_000, preLoginIdleTimeoutMs: 600_000 },
  });
  const provider = await startProviderServer(parseProviderConfig(input, dir), {
    log: (line) => finding(`provider log: ${line}`, `seed ${options.seed}`),
  });
  try {
    for (const phase of ['before', 'after'] as const) {
      // Separate sources: the wrong passwords before login lock theirs out, not the other's.
      const source = phase === 'before' ? '127.0.0.2' : '127.0.0.3';
      let sent = 0;
      while (sent < options.frames) {
        result.connections += 1;
        sent += await fuzzConnection(provider.port, source, phase, rng, options, result, finding, options.frames - sent);
      }
      if (phase === 'before') result.beforeLogin = sent;
      else result.afterLogin = sent;
    }
    await checkHealthy(provider, finding);
  } finally {
    await provider.stop();
    await rm(dir, { recursive: true, force: true });
  }
  return result;
}

type Report = (what: string, where: string) => void;

/** One connection's worth of fuzzing; returns the frames sent on it. */
async function fuzzConnection(port: number, source: string, phase: 'before' | 'after', rng: Rng,
  options: { seed: number; bodies: Uint8Array[] }, result: ProtocolFuzzResult, finding: Report, budget: number): Promise<number> {
  const conn = await Conn.open(port, source);
  const where = (id: number) => `seed ${options.seed} ${phase} login, connection ${result.connections}, request ${id}`;
  const opening = [{ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] }, ...(phase === 'after' ? [{ id: 2, type: 'login', username: USER, password: PASSWORD }] : [])];
  conn.socket.write(Buffer.concat(opening.map((h) => encodeFrame({ v: PROTOCOL_VERSION, ...h }))));
  await conn.waitFor(opening.length, REPLY_TIMEOUT_MS);
  if (conn.replies.some((r) => (r.header as { type?: string }).type !== 'ok')) {
    // Five sessions at most: a connection of the previous round may still be leaving.
    conn.socket.destroy();
    await new Promise((r) => setTimeout(r, 50));
    return 0;
  }
  let nextId = 3;
  let sent = 0;
  for (;;) {
    const expected: number[] = []; // request ids awaiting a reply, in order
    const chunks: Uint8Array[] = [];
    let byteLevel = false;
    let ends = false;
    for (let i = 0; i < 1 + rng.int(BATCH) && sent < budget && !byteLevel && !ends; i++) {
      const header = mutateHeader(rng, requestTemplate(rng, nextId++));
      const body = phase === 'after' && rng.int(3) === 0 ? pickBody(rng, options.bodies) : undefined;
      // A stage whose hash matches its body reaches the CTL validation with a mutated CTL.
      if (body && header['type'] === 'stage' && rng.int(2) === 0) header['sha256'] = createHash('sha256').update(body).digest('hex');
      let frame = encodeFrame(header, body);
      sent += 1;
      if (rng.int(BYTE_LEVEL_RATE) === 0) {
        frame = mutate(rng, frame, rng.pick(MUTATIONS), [frame], [0x7b, 0x7d, 0x22, 0x3a]);
        byteLevel = true;
      } else {
        // What the provider parses: the header as encoded in the frame (an empty body adds no
        // bodyLength; a `__proto__` key set above is no own property, so not on the wire).
        const wire = wireHeader(frame);
        const id = wire['id'];
        expected.push(typeof id === 'number' && Number.isSafeInteger(id) && id > 0 && id < 2 ** 31 ? id : 0);
        ends = wire['type'] === 'bye' && requestSchema.safeParse(wire).success;
      }
      chunks.push(frame);
    }
    const before = conn.replies.length;
    conn.socket.write(Buffer.concat(chunks));
    await conn.waitFor(before + expected.length, REPLY_TIMEOUT_MS);
    if (byteLevel) await conn.waitFor(before + expected.length + 1, SETTLE_MS);
    const got = conn.replies.slice(before);
    let closedWhy: 'framing' | null = null;
    got.forEach((reply, i) => {
      const h = reply.header as Record<string, unknown>;
      const code = h['type'] === 'ok' ? 'ok' : String(h['code']);
      result.replies[code] = (result.replies[code] ?? 0) + 1;
      // The version refusal is framed in the client's version (a positive integer) so an older client can read it.
      const versionRefusal = h['code'] === 'unsupported-version' && Number.isSafeInteger(h['v']) && (h['v'] as number) >= 1;
      const checked = versionRefusal ? { ...h, v: PROTOCOL_VERSION } : h;
      if (h['type'] === 'error' && !errorReplySchema.safeParse(checked).success) finding(`malformed error reply ${JSON.stringify(h).slice(0, 200)}`, where(expected[i] ?? 0));
      if (h['type'] !== 'ok' && h['type'] !== 'error') finding(`reply of type ${String(h['type'])}`, where(expected[i] ?? 0));
      if (code === 'internal') finding(`internal error: ${String(h['message'])}`, where(expected[i] ?? 0));
      if (h['id'] === 0 && typeof h['message'] === 'string' && h['message'].startsWith('framing error')) closedWhy = 'framing';
      else if (i < expected.length && h['id'] !== expected[i]) finding(`reply id ${String(h['id'])} for request ${expected[i]}`, where(expected[i] ?? 0));
    });
    if (conn.decodeError) finding(`undecodable reply: ${conn.decodeError}`, where(nextId - 1));
    const answered = got.length >= expected.length;
    if (!answered && !conn.closed && !byteLevel) finding(`${expected.length - got.length} request(s) unanswered after ${REPLY_TIMEOUT_MS} ms`, where(nextId - 1));
    if (conn.closed && !closedWhy && !byteLevel && !ends) finding('the provider closed the connection without a reason', where(nextId - 1));
    // A framing error ends the connection (the provider says so in that reply, then closes).
    if (conn.closed || ends || byteLevel || closedWhy || !answered || sent >= budget) {
      conn.socket.destroy();
      return sent;
    }
  }
}

/** The JSON header of an encoded frame, exactly as the provider decodes it. */
function wireHeader(frame: Uint8Array): Record<string, unknown> {
  const length = new DataView(frame.buffer, frame.byteOffset, frame.byteLength).getUint32(0, false);
  return JSON.parse(new TextDecoder().decode(frame.subarray(4, 4 + length))) as Record<string, unknown>;
}

function pickBody(rng: Rng, bodies: Uint8Array[]): Uint8Array {
  const base = rng.pick(bodies);
  return rng.int(2) === 0 ? base : mutate(rng, base, rng.pick(MUTATIONS), bodies, [0x01, 0x02, 0x03, 0x04]);
}

/** After the run: nothing left open, and a real client can still log in and read. */
async function checkHealthy(provider: { port: number; fingerprint: string; stats(): { connections: { open: number } } }, finding: Report): Promise<void> {
  for (let i = 0; i < 100 && provider.stats().connections.open > 0; i++) await new Promise((r) => setTimeout(r, 50));
  const open = provider.stats().connections.open;
  if (open > 0) finding(`${open} connection(s) still open 5 s after the run`, 'end of run');
  try {
    const s = await ProviderClient.connect({ host: '127.0.0.1', port: provider.port, trustStore: new MemoryTrustStore(), trust: provider.fingerprint });
    await s.login(USER, PASSWORD);
    await s.describe();
    await s.close();
  } catch (err) {
    finding(`a real client failed after the run: ${(err as Error).message}`, 'end of run');
  }
}
