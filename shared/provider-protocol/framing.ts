// Wire framing of the CTL Provider protocol (docs/provider-protocol.md, "Framing").
// A frame is: 4-byte big-endian header length, a UTF-8 JSON header, then `bodyLength`
// raw bytes. Both ends share this incremental decoder so the limits are enforced the
// same way everywhere. Pure Uint8Array code: runs in Node and in the renderer alike.

/** Largest JSON header accepted (control messages are small). */
export const MAX_HEADER_BYTES = 64 * 1024;
/** Largest raw body accepted (CTL files and certificates are a few KiB). */
export const MAX_BODY_BYTES = 1024 * 1024;
/**
 * Limits a server applies before a connection has logged in: enough for `hello`, `login`
 * (a 1,024-character password JSON-escaped) and the reads, and no body at all. An
 * unauthenticated peer cannot make the server buffer a megabyte per connection.
 */
export const PRE_LOGIN_MAX_HEADER_BYTES = 8 * 1024;
export const PRE_LOGIN_MAX_BODY_BYTES = 0;

export interface Frame {
  /** The parsed JSON header, not yet validated against a message schema. */
  header: unknown;
  body: Uint8Array;
}

export type FrameErrorReason = 'header-too-large' | 'body-too-large' | 'bad-json' | 'bad-body-length' | 'empty-header';

export class FrameError extends Error {
  constructor(readonly reason: FrameErrorReason, message: string) {
    super(message);
    this.name = 'FrameError';
  }
}

export interface FrameLimits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
}

const defaultLimits: FrameLimits = { maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: MAX_BODY_BYTES };

/** Encodes one frame. The header's `bodyLength` is set from the body when one is given. */
export function encodeFrame(header: Record<string, unknown>, body?: Uint8Array, limits: FrameLimits = defaultLimits): Uint8Array {
  const full = body && body.length > 0 ? { ...header, bodyLength: body.length } : header;
  const json = new TextEncoder().encode(JSON.stringify(full));
  if (json.length === 0) throw new FrameError('empty-header', 'empty header');
  if (json.length > limits.maxHeaderBytes) {
    throw new FrameError('header-too-large', `header of ${json.length} bytes exceeds ${limits.maxHeaderBytes}`);
  }
  const bodyLength = body?.length ?? 0;
  if (bodyLength > limits.maxBodyBytes) {
    throw new FrameError('body-too-large', `body of ${bodyLength} bytes exceeds ${limits.maxBodyBytes}`);
  }
  const out = new Uint8Array(4 + json.length + bodyLength);
  new DataView(out.buffer).setUint32(0, json.length, false);
  out.set(json, 4);
  if (body && bodyLength > 0) out.set(body, 4 + json.length);
  return out;
}

function bodyLengthOf(header: unknown, maxBody: number): number {
  if (typeof header !== 'object' || header === null || Array.isArray(header)) {
    throw new FrameError('bad-json', 'header is not a JSON object');
  }
  const value = (header as Record<string, unknown>)['bodyLength'];
  if (value === undefined) return 0;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw new FrameError('bad-body-length', 'bodyLength must be a non-negative integer');
  }
  if (value > maxBody) throw new FrameError('body-too-large', `body of ${value} bytes exceeds ${maxBody}`);
  return value;
}

/**
 * Incremental decoder: feed it chunks as they arrive, get back complete frames.
 * It throws FrameError as soon as a declared length exceeds a limit, before buffering
 * the oversized data, so a peer cannot make us hold more than the limits allow.
 */
export class FrameDecoder {
  private chunks: Uint8Array[] = [];
  private buffered = 0;
  private pending: { header: unknown; bodyLength: number; headerBytes: number } | null = null;
  private limits: FrameLimits;

  constructor(limits: Partial<FrameLimits> = {}) {
    this.limits = { ...defaultLimits, ...limits };
  }

  /** Limits for the frames not decoded yet (a server widens them once a connection logged in). */
  setLimits(limits: FrameLimits): void {
    this.limits = { ...limits };
  }

  /** Bytes received but not yet returned as frames. */
  get bufferedBytes(): number {
    return this.buffered;
  }

  /** Buffers a chunk without decoding it; next() takes the frames out one at a time. */
  feed(chunk: Uint8Array): void {
    if (chunk.length > 0) {
      this.chunks.push(chunk);
      this.buffered += chunk.length;
    }
  }

  push(chunk: Uint8Array): Frame[] {
    this.feed(chunk);
    const frames: Frame[] = [];
    for (;;) {
      const frame = this.next();
      if (!frame) return frames;
      frames.push(frame);
    }
  }

  private take(n: number): Uint8Array {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.buffered);
    const head = all.slice(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length > 0 ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }

  private peekUint32(): number {
    const all = this.chunks.length === 1 ? this.chunks[0]! : concat(this.chunks, this.buffered);
    this.chunks = [all];
    return new DataView(all.buffer, all.byteOffset, all.byteLength).getUint32(0, false);
  }

  /** The next complete frame, or null until more bytes arrive. Throws FrameError like push(). */
  next(): Frame | null {
    if (!this.pending) {
      if (this.buffered < 4) return null;
      const headerBytes = this.peekUint32();
      if (headerBytes === 0) throw new FrameError('empty-header', 'empty header');
      if (headerBytes > this.limits.maxHeaderBytes) {
        throw new FrameError('header-too-large', `header of ${headerBytes} bytes exceeds ${this.limits.maxHeaderBytes}`);
      }
      if (this.buffered < 4 + headerBytes) return null;
      this.take(4);
      const raw = this.take(headerBytes);
      let header: unknown;
      try {
        header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(raw));
      } catch {
        throw new FrameError('bad-json', 'header is not valid UTF-8 JSON');
      }
      this.pending = { header, bodyLength: bodyLengthOf(header, this.limits.maxBodyBytes), headerBytes };
    }
    if (this.buffered < this.pending.bodyLength) return null;
    const body = this.take(this.pending.bodyLength);
    const frame = { header: this.pending.header, body };
    this.pending = null;
    return frame;
  }
}

function concat(chunks: Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
