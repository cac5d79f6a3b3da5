// TLS connection with certificate pinning, and a request/reply channel over it.
// The pin is checked right after the handshake, before any request (so before the password
// is sent); hostname checks are off because the pin is the trust anchor.
import { connect as tlsConnect, createSecureContext, type SecureContext, type TLSSocket } from 'node:tls';
import { createHash } from 'node:crypto';
import {
  FrameDecoder, FrameError, encodeFrame, errorReplySchema, formatFingerprint, PROTOCOL_VERSION,
} from '../../../shared/provider-protocol';
import { ProviderError, fromSocketError, fromWireError } from './errors';
import type { TrustedCertificateStore } from '../trust-store';

export interface FirstContact {
  host: string;
  port: number;
  /** SHA-256 of the certificate DER, lowercase hex. */
  fingerprint: string;
  subject: string;
  issuer: string;
  validTo: string;
}

export interface Timeouts {
  connectMs: number;
  requestMs: number;
}

export interface ChannelOptions {
  host: string;
  port: number;
  /** Certificates the administrator accepted (the shared trust store). */
  trustStore: TrustedCertificateStore;
  /** Asked when the host has no pin yet; return true to accept and pin the fingerprint. */
  onFirstContact?: (contact: FirstContact) => boolean | Promise<boolean>;
  /** A fingerprint accepted in advance (e.g. `--trust`); it also re-accepts a changed certificate. */
  trust?: string;
  trustOnFirstUse?: boolean;
  timeouts: Timeouts;
}

export interface RawReply {
  header: Record<string, unknown>;
  body: Uint8Array;
}

async function checkPin(socket: TLSSocket, opts: ChannelOptions): Promise<string> {
  const peer = socket.getPeerX509Certificate();
  if (!peer) throw new ProviderError('tls-failure', `${opts.host}:${opts.port} presented no certificate`);
  const fingerprint = createHash('sha256').update(peer.raw).digest('hex');
  const where = { host: opts.host, port: opts.port, actual: fingerprint };
  const trusted = await opts.trustStore.get(opts.host, opts.port);
  if (trusted === fingerprint) return fingerprint;
  if (opts.trust === fingerprint) {
    await opts.trustStore.set(opts.host, opts.port, fingerprint);
    return fingerprint;
  }
  if (trusted) {
    throw new ProviderError('certificate-changed',
      `the certificate of ${opts.host}:${opts.port} has changed: trusted SHA-256 ${formatFingerprint(trusted)}, `
      + `now ${formatFingerprint(fingerprint)}. This can mean the connection is being intercepted. `
      + 'Compare the new fingerprint with the one shown on the server itself, and re-accept it only if they match.',
      { ...where, expected: trusted });
  }
  const contact: FirstContact = {
    host: opts.host, port: opts.port, fingerprint, subject: peer.subject.replace(/\n/g, ', '),
    issuer: peer.issuer.replace(/\n/g, ', '), validTo: peer.validTo,
  };
  const accepted = opts.trustOnFirstUse || (opts.onFirstContact ? await opts.onFirstContact(contact) : false);
  if (!accepted) {
    throw new ProviderError('untrusted-first-contact',
      `first contact with ${opts.host}:${opts.port}: certificate SHA-256 ${formatFingerprint(fingerprint)} (${contact.subject}) `
      + 'is not trusted yet. Check it on the server and accept it.', where);
  }
  await opts.trustStore.set(opts.host, opts.port, fingerprint);
  return fingerprint;
}

/**
 * One TLS client context for the process: building one loads the CA store and costs ~2 ms
 * per connection, and every connection uses the same settings (trust comes from the pinned
 * fingerprint, not from CAs). minVersion must be set here: tls.connect ignores it when
 * given a secureContext.
 */
let sharedContext: SecureContext | null = null;
function clientSecureContext(): SecureContext {
  sharedContext ??= createSecureContext({ minVersion: 'TLSv1.2' });
  return sharedContext;
}

export class Channel {
  private readonly decoder = new FrameDecoder();
  private readonly pending = new Map<number, { resolve: (r: RawReply) => void; reject: (e: ProviderError) => void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private failure: ProviderError | null = null;

  private constructor(private readonly socket: TLSSocket, readonly opts: ChannelOptions, readonly fingerprint: string) {
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => this.failAll(new ProviderError('connection-closed', `${opts.host}:${opts.port} closed the connection`, { host: opts.host, port: opts.port })));
    socket.on('error', (err) => this.failAll(fromSocketError(opts.host, opts.port, err, true)));
  }

  static async open(opts: ChannelOptions): Promise<Channel> {
    const { host, port } = opts;
    const socket = await new Promise<TLSSocket>((resolve, reject) => {
      const s = tlsConnect({
        host, port, secureContext: clientSecureContext(), rejectUnauthorized: false, checkServerIdentity: () => undefined,
        ...(/^[\d.]+$/.test(host) || host.includes(':') ? {} : { servername: host }),
      });
      const timer = setTimeout(() => {
        s.destroy();
        reject(new ProviderError('timeout', `no TLS connection to ${host}:${port} within ${opts.timeouts.connectMs} ms`, { host, port }));
      }, opts.timeouts.connectMs);
      s.once('secureConnect', () => {
        clearTimeout(timer);
        // Pipelined requests are small frames written back to back: Nagle would hold the
        // second one until the provider's delayed ACK (40 ms on Linux).
        s.setNoDelay(true);
        s.removeAllListeners('error');
        s.on('error', () => undefined); // the Channel reports errors once it exists
        resolve(s);
      });
      s.once('error', (err) => { clearTimeout(timer); s.destroy(); reject(fromSocketError(host, port, err, false)); });
    });
    try {
      return new Channel(socket, opts, await checkPin(socket, opts));
    } catch (err) {
      socket.destroy();
      throw err;
    }
  }

  /**
   * Keying material of this TLS session (token proofs are bound to it). Only TLS 1.3 is
   * used: a TLS 1.2 exporter is unique to one connection only with the extended master
   * secret, which a peer can decline (RFC 7627), and a server could then relay a proof.
   */
  exportKeyingMaterial(length: number, label: string): Uint8Array {
    const protocol = this.socket.getProtocol();
    if (protocol !== 'TLSv1.3') {
      throw new ProviderError('tls-failure',
        `${this.opts.host}:${this.opts.port} speaks ${protocol ?? 'no TLS'}; a token proves itself only over TLS 1.3`, { host: this.opts.host, port: this.opts.port });
    }
    return new Uint8Array(this.socket.exportKeyingMaterial(length, label, Buffer.alloc(0)));
  }

  request(type: string, fields: Record<string, unknown> = {}, body?: Uint8Array, timeoutMs = this.opts.timeouts.requestMs): Promise<RawReply> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    const where = `${this.opts.host}:${this.opts.port}`;
    return new Promise<RawReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        const err = new ProviderError('timeout', `${where} did not answer "${type}" within ${timeoutMs} ms`, { host: this.opts.host, port: this.opts.port });
        reject(err);
        this.close(); // a late reply would desynchronize the channel
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      this.socket.write(encodeFrame({ v: PROTOCOL_VERSION, id, type, ...fields }, body));
    }).then((reply) => {
      const v = reply.header['v'];
      if (typeof v === 'number' && v !== PROTOCOL_VERSION) {
        throw new ProviderError('protocol-error', `${where} speaks CTL Provider protocol version ${v}; this client needs version ${PROTOCOL_VERSION}: update the provider`, { wireCode: 'unsupported-version' });
      }
      if (reply.header['type'] === 'error') {
        const parsed = errorReplySchema.safeParse(reply.header);
        if (!parsed.success) throw new ProviderError('protocol-error', `${where} sent a malformed error reply to "${type}"`);
        throw fromWireError(where, parsed.data.code, parsed.data.message, parsed.data.details ?? {});
      }
      return reply;
    });
  }

  /**
   * Graceful end: sends `bye` behind whatever is still in flight and waits (at most
   * `timeoutMs`) for its answer, which the provider gives after releasing this session's
   * lock and place; then closes. Requests made after this fail with `connection-closed`.
   * Never rejects: a provider that is gone, hung or too old to know `bye` just gets closed
   * (it then releases on the connection's close, the fallback for crashed clients).
   */
  async goodbye(timeoutMs: number): Promise<void> {
    if (!this.failure && !this.socket.destroyed) {
      const bye = this.request('bye', {}, undefined, timeoutMs);
      this.failure = new ProviderError('connection-closed', `the session with ${this.opts.host}:${this.opts.port} was closed`, { host: this.opts.host, port: this.opts.port });
      await bye.catch(() => undefined);
    }
    this.close();
  }

  close(): void {
    this.socket.end();
    this.socket.destroy();
  }

  private onData(chunk: Buffer): void {
    let frames;
    try {
      frames = this.decoder.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    } catch (err) {
      const reason = err instanceof FrameError ? err.message : String(err);
      this.failAll(new ProviderError('protocol-error', `${this.opts.host}:${this.opts.port} sent an invalid reply: ${reason}`));
      this.close();
      return;
    }
    for (const frame of frames) {
      const header = frame.header as Record<string, unknown>;
      const id = typeof header['id'] === 'number' ? header['id'] : -1;
      const waiter = this.pending.get(id);
      if (waiter) {
        this.pending.delete(id);
        clearTimeout(waiter.timer);
        waiter.resolve({ header, body: frame.body });
      } else if (id === 0 && header['type'] === 'error') {
        // The provider refused our framing and is closing: fail whatever is in flight with its words.
        const parsed = errorReplySchema.safeParse(header);
        this.failAll(parsed.success
          ? fromWireError(`${this.opts.host}:${this.opts.port}`, parsed.data.code, parsed.data.message)
          : new ProviderError('protocol-error', 'the provider refused a request'));
      }
    }
  }

  private failAll(err: ProviderError): void {
    this.failure ??= err;
    for (const [id, w] of this.pending) {
      clearTimeout(w.timer);
      this.pending.delete(id);
      w.reject(err);
    }
  }
}
