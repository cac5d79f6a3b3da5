// One TLS connection: reads frames, validates each request, runs handlers one at a time,
// and writes replies (after the configured latency). Everything a peer can make it hold is
// bounded: frames are decoded only while fewer than `maxPipelinedRequests` wait, and
// reading stops while replies the peer has not taken exceed `maxUnsentReplyBytes`. Until
// the connection logged in, frames have the much smaller pre-login limits (a decoded
// `login` holds back the decoding of what follows it until it is answered). Every way a
// connection ends goes through finish(): last reply, end, and a destroy after a grace,
// whatever the peer sends meanwhile. A framing error cannot be resynchronized: it gets one
// error reply after the requests before it and the connection ends.
import type { TLSSocket } from 'node:tls';
import { randomBytes } from 'node:crypto';
import {
  FrameDecoder, FrameError, encodeFrame, requestSchema, PROTOCOL_VERSION, MAX_HEADER_BYTES, MAX_BODY_BYTES,
  PRE_LOGIN_MAX_HEADER_BYTES, PRE_LOGIN_MAX_BODY_BYTES, type Frame, type WireErrorCode,
} from '../../shared/provider-protocol';
import { ProtocolFailure, type ServerContext } from './context';
import { handle, type SessionState } from './handlers';
import type { TrackedConnection } from './connections';
import { storageFailure } from './storage-errors';

const BEFORE_LOGIN = { maxHeaderBytes: PRE_LOGIN_MAX_HEADER_BYTES, maxBodyBytes: PRE_LOGIN_MAX_BODY_BYTES };
const AFTER_LOGIN = { maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: MAX_BODY_BYTES };

function idOf(header: unknown): number {
  const id = typeof header === 'object' && header !== null ? (header as Record<string, unknown>)['id'] : undefined;
  return typeof id === 'number' && Number.isSafeInteger(id) && id > 0 && id < 2 ** 31 ? id : 0;
}

const isLogin = (header: unknown) =>
  typeof header === 'object' && header !== null && (header as Record<string, unknown>)['type'] === 'login';

export function serveConnection(ctx: ServerContext, socket: TLSSocket, tracked: TrackedConnection, log: (line: string) => void): void {
  const { limits, latencyMs } = ctx.config;
  const source = tracked.source;
  const session: SessionState = {
    sessionId: randomBytes(8).toString('hex'), source, helloDone: false, username: null,
    challenge: null, proven: null, committedSha: null,
    // Context: a zero-length value on both ends (docs/provider-protocol.md, "prove").
    exportKeyingMaterial: (length, label) => new Uint8Array(socket.exportKeyingMaterial(length, label, Buffer.alloc(0))),
  };
  // Replies are small frames, often several in a row (pipelined requests): without this,
  // Nagle holds the second one until the client's delayed ACK (40 ms on Linux).
  socket.setNoDelay(true);
  const decoder = new FrameDecoder(BEFORE_LOGIN);
  const queue: Frame[] = [];
  let handling = false;
  /** A decoded login not answered yet: the frames behind it get the limits its outcome decides. */
  let loginPending = false;
  /** The error reply of a framing error, sent once the requests before it are answered. */
  let broken: Uint8Array | null = null;
  let ending = false;
  /** Reply bytes waiting for the simulated latency. */
  let delayedBytes = 0;

  const unsent = () => delayedBytes + socket.writableLength;
  const write = (frame: Uint8Array) => { if (!socket.destroyed && !socket.writableEnded) socket.write(frame); };
  const frameOf = (header: Record<string, unknown>, body?: Uint8Array) => encodeFrame({ v: PROTOCOL_VERSION, ...header }, body);

  // Simulated latency delays each reply on the wire, as a network would; it does not hold
  // back the next request, so requests a client pipelines cost one delay, not one each.
  // Equal delays fire in the order they were set, so replies keep their order.
  const send = (frame: Uint8Array) => {
    if (latencyMs <= 0) return write(frame);
    delayedBytes += frame.length;
    setTimeout(() => {
      delayedBytes -= frame.length;
      write(frame);
      pump();
    }, latencyMs);
  };
  const sendError = (id: number, code: WireErrorCode, message: string, details?: unknown) =>
    send(frameOf({ id, type: 'error', code, message, ...(details ? { details } : {}) }));

  const loginTimer = setTimeout(() => { if (!session.username) finish(); }, limits.loginTimeoutMs);
  loginTimer.unref();

  /** Ends the connection: `last` (if any) after the replies before it, then end, then destroy after the grace. */
  function finish(last?: Uint8Array): void {
    if (ending) return;
    ending = true;
    queue.length = 0;
    tracked.busy = 0;
    clearTimeout(loginTimer);
    socket.setTimeout(0);
    const close = () => {
      if (last) write(last);
      if (!socket.destroyed) socket.end();
    };
    if (latencyMs > 0) setTimeout(close, latencyMs);
    else close();
    const grace = setTimeout(() => socket.destroy(), Math.max(0, latencyMs) + limits.closeGraceMs);
    grace.unref();
    socket.once('close', () => clearTimeout(grace));
    // Read and drop what the peer still sends, so its close is seen and nothing piles up.
    socket.resume();
  }

  const process = async (frame: Frame): Promise<void> => {
    ctx.requestsHandled += 1;
    const id = idOf(frame.header);
    const h = frame.header as Record<string, unknown>;
    if (h['type'] === 'hello' && typeof h['v'] === 'number' && h['v'] !== PROTOCOL_VERSION) {
      // A client of another protocol version gets the refusal framed in its own version, so it
      // can read it; a number that is no version at all (0, negative, fractional, huge) gets ours.
      const theirs = Number.isSafeInteger(h['v']) && (h['v'] as number) >= 1 && (h['v'] as number) < 2 ** 31;
      return void send(encodeFrame({ v: theirs ? h['v'] : PROTOCOL_VERSION, id, type: 'error', code: 'unsupported-version', message: `this provider speaks CTL Provider protocol version ${PROTOCOL_VERSION}; update the CTL client`, details: { supported: [PROTOCOL_VERSION] } }));
    }
    const parsed = requestSchema.safeParse(frame.header);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue?.path.length ? `${issue.path.join('.')}: ` : '';
      return sendError(id, 'bad-request', `malformed request: ${where}${issue?.message ?? 'invalid'}`);
    }
    try {
      const reply = await handle(ctx, session, parsed.data, frame.body);
      const ok = frameOf({ id, type: 'ok', ...reply.fields }, reply.body);
      // Nothing after bye is handled; the connection ends once the reply is written.
      if (parsed.data.type === 'bye') finish(ok);
      else send(ok);
    } catch (err) {
      if (err instanceof ProtocolFailure) return sendError(id, err.code, err.message, err.details);
      const storage = storageFailure(err);
      if (storage) {
        log(`provider ${ctx.config.name}: ${parsed.data.type} could not write: ${(err as Error).message}`);
        return sendError(id, storage.code, storage.message, storage.details);
      }
      log(`provider ${ctx.config.name}: internal error on ${parsed.data.type}: ${(err as Error).message}`);
      sendError(id, 'internal', 'internal error; see the provider log');
    }
  };

  const handleNext = async (frame: Frame): Promise<void> => {
    const login = isLogin(frame.header);
    try {
      await process(frame);
    } finally {
      handling = false;
      tracked.busy = Math.max(0, tracked.busy - 1);
      tracked.lastActive = Date.now();
      if (login) {
        loginPending = false;
        if (session.username && !tracked.authenticated) {
          tracked.authenticated = true;
          decoder.setLimits(AFTER_LOGIN);
          clearTimeout(loginTimer);
          socket.setTimeout(limits.idleTimeoutMs);
        }
      }
      // The next request of this connection waits one turn of the event loop: a peer that
      // pipelines thousands of cheap requests must not starve other connections' handshakes.
      setImmediate(pump);
    }
  };

  /** Decodes what may be decoded, starts the next request, and reads only while within bounds. */
  function pump(): void {
    if (ending) return;
    while (!broken && !loginPending && queue.length < limits.maxPipelinedRequests) {
      let frame: Frame | null;
      try {
        frame = decoder.next();
      } catch (err) {
        const reason = err instanceof FrameError ? err.reason : 'bad-json';
        const code: WireErrorCode = reason === 'header-too-large' || reason === 'body-too-large' ? 'too-large' : 'bad-request';
        broken = frameOf({ id: 0, type: 'error', code, message: `framing error: ${(err as Error).message}` });
        break;
      }
      if (!frame) break;
      queue.push(frame);
      tracked.busy += 1;
      if (isLogin(frame.header)) loginPending = true;
    }
    const backlog = unsent() > limits.maxUnsentReplyBytes;
    if (!handling && !backlog && queue.length > 0) {
      handling = true;
      void handleNext(queue.shift()!);
    }
    if (broken && !handling && queue.length === 0) return finish(broken);
    // Undecoded bytes stay under one largest frame: beyond that the next frame is complete and
    // waits for a place in the queue, so more bytes would only pile up.
    const limitsNow = tracked.authenticated ? AFTER_LOGIN : BEFORE_LOGIN;
    const roomy = decoder.bufferedBytes < 4 + limitsNow.maxHeaderBytes + limitsNow.maxBodyBytes;
    const mayRead = !broken && !backlog && !loginPending && roomy && queue.length < limits.maxPipelinedRequests;
    if (mayRead) socket.resume();
    else socket.pause();
  }

  socket.on('data', (chunk: Buffer) => {
    if (ending) return;
    tracked.lastActive = Date.now();
    decoder.feed(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    pump();
  });
  socket.on('drain', pump);
  socket.setTimeout(limits.preLoginIdleTimeoutMs, () => finish());
  socket.on('error', () => undefined);
  // Every way out (bye, timeouts, errors, the peer's reset) ends here: the same release.
  socket.on('close', () => {
    clearTimeout(loginTimer);
    ctx.admission.leave({ sessionId: session.sessionId, username: session.username ?? '', source });
    void ctx.store.dropStagedOf(session.sessionId);
  });
}
