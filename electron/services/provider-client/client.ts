// ProviderClient: typed calls of the CTL Provider protocol over a pinned TLS channel.
// Every reply is validated with the shared schemas before it is returned.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  DEFAULT_PROVIDER_PORT, PROTOCOL_VERSION, resultSchemas, fromBase64, toBase64, proofMessage, proofBinding, PROOF_CONTEXT,
  PROOF_EXPORTER_LABEL, EXPORTER_BYTES, capfPemName, type RequestType, type ResultOf, type SecurityMode, type NodeRole, type SignerInfo,
} from '../../../shared/provider-protocol';
import type { HashAlgorithm, SignFunction } from '../../../shared/ctl/model';
import { Channel, type ChannelOptions, type FirstContact, type Timeouts } from './channel';
import { ProviderError } from './errors';
import type { TrustedCertificateStore } from '../trust-store';

export interface ConnectOptions {
  host: string;
  port?: number;
  trustStore: TrustedCertificateStore;
  onFirstContact?: (contact: FirstContact) => boolean | Promise<boolean>;
  trust?: string;
  trustOnFirstUse?: boolean;
  timeouts?: Partial<Timeouts>;
  /**
   * Log in as part of connecting, pipelined: `hello` and `login` go out together right after
   * the pin check, and connect returns without waiting for their replies. Requests made
   * before those replies go out at once too (one round trip for all of them); each fails
   * with the hello's or the login's error when either failed. `ready()` waits for both.
   */
  login?: { username: string; password: string };
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, requestMs: 30_000 };
/** How long close() waits for the provider's answer to `bye` before disconnecting. */
export const BYE_TIMEOUT_MS = 2_000;

export type ClusterDescription = Omit<ResultOf<'describe'>, 'v' | 'id' | 'type'>;
export interface CurrentCtl { present: boolean; sha256: string | null; securityMode: SecurityMode; bytes: Uint8Array | null }
export interface StagedCtl { stageId: string; sha256: string; securityMode: SecurityMode; signer: SignerInfo }

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

type ServerInfo = ResultOf<'hello'>['server'];

export class ProviderSession {
  /** Settles when the pipelined hello and login are answered; rejects with the first failure. */
  private gate: Promise<void> = Promise.resolve();
  private closing: Promise<void> | null = null;
  private constructor(private readonly channel: Channel, private info: ServerInfo | null) {}

  /** Who answered hello (null while a pipelined hello is unanswered). */
  get server(): ServerInfo | null { return this.info; }

  get host(): string { return this.channel.opts.host; }
  get port(): number { return this.channel.opts.port; }
  /** The pinned SHA-256 of the provider's TLS certificate. */
  get fingerprint(): string { return this.channel.fingerprint; }

  /** Opens TLS, checks the pin, and negotiates the protocol version (`hello`). */
  static async connect(options: ConnectOptions): Promise<ProviderSession> {
    const opts: ChannelOptions = {
      ...options, port: options.port ?? DEFAULT_PROVIDER_PORT, timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
    };
    const channel = await Channel.open(opts);
    const hello = ProviderSession.call(channel, 'hello', { versions: [PROTOCOL_VERSION], client: 'ctl-client 0.1.0' });
    if (options.login) {
      const session = new ProviderSession(channel, null);
      const login = ProviderSession.call(channel, 'login', { username: options.login.username, password: options.login.password });
      login.catch(() => undefined); // reported through the gate (after a failed hello, the hello's error)
      session.gate = hello.then((h) => { session.info = h.header.server; return login; }).then(() => undefined);
      session.gate.catch(() => undefined); // every later call and ready() report it
      return session;
    }
    try {
      return new ProviderSession(channel, (await hello).header.server);
    } catch (err) {
      channel.close();
      throw err;
    }
  }

  /** Waits for a pipelined hello and login (see ConnectOptions.login); resolves at once otherwise. */
  ready(): Promise<void> {
    return this.gate;
  }

  private static async call<T extends RequestType>(channel: Channel, type: T, fields: Record<string, unknown> = {}, body?: Uint8Array) {
    const reply = await channel.request(type, fields, body);
    const schema = resultSchemas[type] as unknown as z.ZodType<ResultOf<T>>;
    const parsed = schema.safeParse(reply.header);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new ProviderError('protocol-error',
        `${channel.opts.host}:${channel.opts.port} sent a malformed "${type}" reply (${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'})`);
    }
    return { header: parsed.data, body: reply.body };
  }

  /** Sends now (pipelined behind any unanswered request); a failed hello or login takes precedence. */
  private async call<T extends RequestType>(type: T, fields: Record<string, unknown> = {}, body?: Uint8Array) {
    const reply = ProviderSession.call(this.channel, type, fields, body);
    try {
      await this.gate;
    } catch (err) {
      reply.catch(() => undefined);
      throw err;
    }
    return reply;
  }

  async login(username: string, password: string): Promise<{ username: string; sessionsInUse: number }> {
    const { header } = await this.call('login', { username, password });
    return { username: header.username, sessionsInUse: header.sessionsInUse };
  }

  async describe(): Promise<ClusterDescription> {
    const { header } = await this.call('describe');
    const { v: _v, id: _id, type: _t, ...rest } = header;
    return rest;
  }

  async getCertificates(): Promise<{ role: NodeRole; der: Uint8Array }[]> {
    const { header } = await this.call('getCertificates');
    return header.certificates.map((c) => ({ role: c.role, der: fromBase64(c.certificate) }));
  }

  async getCtl(): Promise<CurrentCtl> {
    const { header, body } = await this.call('getCtl');
    if (!header.present) return { present: false, sha256: null, securityMode: header.securityMode, bytes: null };
    if (header.sha256 !== sha256(body)) throw new ProviderError('protocol-error', `${this.host}:${this.port} sent a CTL whose hash does not match its header`);
    return { present: true, sha256: header.sha256, securityMode: header.securityMode, bytes: body };
  }

  /**
   * Proves possession of a token: signs context || challenge || TLS exporter with `sign`
   * (a PKCS#11 token or a key), sending the token certificate along.
   */
  async proveTokenPossession(certificateDer: Uint8Array, sign: SignFunction, hash: HashAlgorithm = 'sha256'): Promise<SignerInfo> {
    const { header } = await this.call('challenge');
    const message = proofMessage(PROOF_CONTEXT, fromBase64(header.challenge), this.channel.exportKeyingMaterial(EXPORTER_BYTES, PROOF_EXPORTER_LABEL));
    const signature = await sign(message, hash);
    const proved = await this.call('prove', { certificate: toBase64(certificateDer), signature: toBase64(signature), hash });
    return proved.header.signer;
  }

  /**
   * First half of a batch proof: a fresh challenge of this connection, returned as its
   * binding (docs/provider-protocol.md, "Batch proof"). The token signs the bindings of
   * every connection once; proveBatch sends that signature here.
   */
  async proofBinding(): Promise<Uint8Array> {
    const { header } = await this.call('challenge');
    return proofBinding(fromBase64(header.challenge), this.channel.exportKeyingMaterial(EXPORTER_BYTES, PROOF_EXPORTER_LABEL));
  }

  /** Second half of a batch proof: the token's one signature over `bindings`, this connection's among them. */
  async proveBatch(certificateDer: Uint8Array, bindings: readonly Uint8Array[], signature: Uint8Array, hash: HashAlgorithm): Promise<SignerInfo> {
    const proved = await this.call('prove', {
      certificate: toBase64(certificateDer), signature: toBase64(signature), hash, bindings: bindings.map(toBase64),
    });
    return proved.header.signer;
  }

  async lock(): Promise<{ since: string }> {
    const { header } = await this.call('lock');
    return { since: header.since };
  }

  async unlock(): Promise<void> {
    await this.call('unlock');
  }

  /**
   * Stages `ctl` when the target holds the CTL whose SHA-256 is `expectedSha256` (null: none);
   * otherwise fails with `stale` (details.currentSha256 says what it holds).
   */
  async stage(ctl: Uint8Array, securityMode: SecurityMode, expectedSha256: string | null): Promise<StagedCtl> {
    const { header } = await this.call('stage', { securityMode, sha256: sha256(ctl), expectedSha256 }, ctl);
    return { stageId: header.stageId, sha256: header.sha256, securityMode: header.securityMode, signer: header.signer };
  }

  /** Installs the staged CTL when the target still holds `expectedSha256`; `stale` otherwise. */
  async commit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; previousSha256: string | null; securityMode: SecurityMode }> {
    const { header } = await this.call('commit', { stageId, expectedSha256 });
    return { sha256: header.sha256, previousSha256: header.previousSha256, securityMode: header.securityMode };
  }

  async abort(stageId: string): Promise<void> {
    await this.call('abort', { stageId });
  }

  /** Restores the CTL (or its absence) and mode from before the last commit, when the target holds `expectedSha256`. */
  async rollback(expectedSha256: string | null): Promise<{ sha256: string | null; securityMode: SecurityMode }> {
    const { header } = await this.call('rollback', { expectedSha256 });
    return { sha256: header.sha256, securityMode: header.securityMode };
  }

  /**
   * Writes `capf.cer` (DER) and a PEM copy named `pemName`. The default is the c_rehash name
   * `<OpenSSL subject hash>.0` (`openssl x509 -subject_hash`), under which OpenSSL-based
   * tools look a certificate up by its subject.
   */
  async putCapf(certificateDer: Uint8Array, pemName?: string): Promise<{ files: string[]; sha256: string }> {
    let name = pemName;
    if (name === undefined) {
      try {
        name = await capfPemName(certificateDer);
      } catch (err) {
        throw new ProviderError('protocol-error', `cannot name the CAPF PEM file: ${(err as Error).message}`);
      }
    }
    const { header } = await this.call('putCapf', { pemName: name }, certificateDer);
    return { files: header.files, sha256: header.sha256 };
  }

  /**
   * Ends the session: `bye`, answered once the provider has released this session's lock
   * and place, so when this resolves another session can lock at once (no race with the
   * provider noticing the TCP close). A provider that does not answer within
   * BYE_TIMEOUT_MS (or the request timeout, if shorter) is disconnected anyway.
   * Never rejects; calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.channel.goodbye(Math.min(BYE_TIMEOUT_MS, this.channel.opts.timeouts.requestMs));
    return this.closing;
  }
}

/** Entry point: `ProviderClient.connect({...})` returns a connected, pinned session (not logged in yet). */
export const ProviderClient = { connect: (options: ConnectOptions) => ProviderSession.connect(options) };
