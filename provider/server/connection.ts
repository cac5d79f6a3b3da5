// One TLS connection: reads frames, validates each request, runs handlers one at a time,
// and writes replies (after the configured latency). A framing error (oversized or
// malformed) cannot be resynchronized, so it gets one error reply and the connection ends.
import type { TLSSocket } from 'node:tls';
import { randomBytes } from 'node:crypto';
import {
  FrameDecoder, FrameError, encodeFrame, requestSchema, PROTOCOL_VERSION, type Frame, type WireErrorCode,
} from '../../shared/provider-protocol';
import { ProtocolFailure, type ServerContext } from './context';
import { handle, type SessionState } from './handlers';

function idOf(header: unknown): number {
  const id = typeof header === 'object' && header !== null ? (header as Record<string, unknown>)['id'] : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 && id < 2 ** 31 ? id : 0;
}

export function serveConnection(ctx: ServerContext, socket: TLSSocket, log: (line: string) => void): void {
  const source = socket.remoteAddress ?? 'unknown';
  const session: SessionState = {
    sessionId: randomBytes(8).toString('hex'), source, helloDone: false, username: null,
    challenge: null, proven: null, committedSha: null,
    // Context: a zero-length value on both ends (docs/provider-protocol.md, "prove").
    exportKeyingMaterial: (length, label) => new Uint8Array(socket.exportKeyingMaterial(length, label, Buffer.alloc(0))),
  };
  // Replies are small frames, often several in a row (pipelined requests): without this,
  // Nagle holds the second one until the client's delayed ACK (40 ms on Linux).
  socket.setNoDelay(true);
  const decoder = new FrameDecoder();
  let queue: Promise<void> = Promise.resolve();
  let closing = false;
  // Set once a bye is answered: requests pipelined behind it are not handled.
  let saidBye = false;

  // Simulated latency delays each reply on the wire, as a network would; it does not hold
  // back the next request, so requests a client pipelines cost one delay, not one each.
  // Equal delays fire in the order they were set, so replies keep their order.
  const send = (header: Record<string, unknown>, body?: Uint8Array): Promise<void> => {
    const frame = encodeFrame({ v: PROTOCOL_VERSION, ...header }, body);
    const write = () => { if (!socket.destroyed) socket.write(frame); };
    if (ctx.config.latencyMs <= 0) {
      write();
      return Promise.resolve();
    }
    return new Promise((resolve) => setTimeout(() => { write(); resolve(); }, ctx.config.latencyMs));
  };
  const sendError = (id: number, code: WireErrorCode, message: string, details?: unknown) =>
    send({ id, type: 'error', code, message, ...(details ? { details } : {}) });

  const process = async (frame: Frame): Promise<void> => {
    const id = idOf(frame.header);
    const h = frame.header as Record<string, unknown>;
    if (h['type'] === 'hello' && typeof h['v'] === 'number' && h['v'] !== PROTOCOL_VERSION) {
      // A client of another protocol version gets the refusal framed in its own version, so it can read it.
      return void send({ v: h['v'], id, type: 'error', code: 'unsupported-version', message: `this provider speaks CTL Provider protocol version ${PROTOCOL_VERSION}; update the CTL client`, details: { supported: [PROTOCOL_VERSION] } });
    }
    const parsed = requestSchema.safeParse(frame.header);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return void sendError(id, 'bad-request', `malformed request: ${where}${issue?.message ?? 'invalid'}`);
    }
    // The handler runs to completion before the next request; its reply is not waited for.
    try {
      const reply = await handle(ctx, session, parsed.data, frame.body);
      if (parsed.data.type === 'bye') {
        // Nothing after bye is handled; the connection ends once the reply is written.
        closing = true;
        saidBye = true;
        socket.pause();
        return void send({ id, type: 'ok', ...reply.fields }).then(() => { socket.end(); });
      }
      void send({ id, type: 'ok', ...reply.fields }, reply.body);
    } catch (err) {
      if (err instanceof ProtocolFailure) return void sendError(id, err.code, err.message, err.details);
      log(`provider ${ctx.config.name}: internal error on ${parsed.data.type}: ${(err as Error).message}`);
      return void sendError(id, 'internal', 'internal error; see the provider log');
    }
  };

  socket.on('data', (chunk: Buffer) => {
    if (closing) return;
    let frames: Frame[];
    try {
      frames = decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (err) {
      closing = true;
      const reason = err instanceof FrameError ? err.reason : 'bad-json';
      const code: WireErrorCode = reason === 'header-too-large' || reason === 'body-too-large' ? 'too-large' : 'bad-request';
      socket.pause();
      queue = queue.then(() => sendError(0, code, `framing error: ${(err as Error).message}`)).then(() => { socket.end(); });
      return;
    }
    for (const frame of frames) queue = queue.then(() => (saidBye ? undefined : process(frame)));
  });

  socket.setTimeout(ctx.config.limits.idleTimeoutMs, () => socket.end());
  socket.on('error', () => undefined);
  // The fallback for clients that vanish without bye (crash, network loss): same release.
  socket.on('close', () => {
    ctx.admission.leave({ sessionId: session.sessionId, username: session.username ?? '', source });
    void ctx.store.dropStagedOf(session.sessionId);
  });
}
