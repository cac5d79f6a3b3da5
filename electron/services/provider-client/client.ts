// ProviderClient: typed calls of the CTL Provider protocol over a pinned TLS channel.
// Every reply is validated with the shared schemas before it is returned.
import { createHash } from 'node:crypto';
import type { z } from 'zod';
import {
  DEFAULT_PROVIDER_PORT, PROTOCOL_VERSION, resultSchemas, fromBase64, toBase64, proofMessage, PROOF_CONTEXT,
  PROOF_EXPORTER_LABEL, EXPORTER_BYTES, type RequestType, type ResultOf, type SecurityMode, type NodeRole, type SignerInfo,
} from '../../../shared/provider-protocol';
import type { HashAlgorithm, SignFunction } from '../../../shared/ctl/model';
import { Channel, type ChannelOptions, type FirstContact, type Timeouts } from './channel';
import { ProviderError } from './errors';
import type { PinStore } from './pin-store';

export interface ConnectOptions {
  host: string;
  port?: number;
  pins: PinStore;
  onFirstContact?: (contact: FirstContact) => boolean | Promise<boolean>;
  trust?: string;
  trustOnFirstUse?: boolean;
  timeouts?: Partial<Timeouts>;
}

export const DEFAULT_TIMEOUTS: Timeouts = { connectMs: 10_000, requestMs: 30_000 };

export type ClusterDescription = Omit<ResultOf<'describe'>, 'v' | 'id' | 'type'>;
export interface CurrentCtl { present: boolean; sha256: string | null; securityMode: SecurityMode; bytes: Uint8Array | null }
export interface StagedCtl { stageId: string; sha256: string; securityMode: SecurityMode; signer: SignerInfo }

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

export class ProviderSession {
  private constructor(private readonly channel: Channel, readonly server: ResultOf<'hello'>['server']) {}

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
    try {
      const hello = await ProviderSession.call(channel, 'hello', { versions: [PROTOCOL_VERSION], client: 'ctl-client 0.1.0' });
      return new ProviderSession(channel, hello.header.server);
    } catch (err) {
      channel.close();
      throw err;
    }
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

  private call<T extends RequestType>(type: T, fields: Record<string, unknown> = {}, body?: Uint8Array) {
    return ProviderSession.call(this.channel, type, fields, body);
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

  async lock(): Promise<{ since: string }> {
    const { header } = await this.call('lock');
    return { since: header.since };
  }

  async unlock(): Promise<void> {
    await this.call('unlock');
  }

  async stage(ctl: Uint8Array, securityMode: SecurityMode): Promise<StagedCtl> {
    const { header } = await this.call('stage', { securityMode, sha256: sha256(ctl) }, ctl);
    return { stageId: header.stageId, sha256: header.sha256, securityMode: header.securityMode, signer: header.signer };
  }

  async commit(stageId: string): Promise<{ sha256: string; previousSha256: string | null; securityMode: SecurityMode }> {
    const { header } = await this.call('commit', { stageId });
    return { sha256: header.sha256, previousSha256: header.previousSha256, securityMode: header.securityMode };
  }

  async abort(stageId: string): Promise<void> {
    await this.call('abort', { stageId });
  }

  /** Restores the CTL (or its absence) and mode from before the last commit. */
  async rollback(): Promise<{ sha256: string | null; securityMode: SecurityMode }> {
    const { header } = await this.call('rollback');
    return { sha256: header.sha256, securityMode: header.securityMode };
  }

  /** Writes `capf.cer` (DER) and a PEM copy named `pemName` (default: first 8 hex of SHA-1 + ".0"). */
  async putCapf(certificateDer: Uint8Array, pemName?: string): Promise<{ files: string[]; sha256: string }> {
    const name = pemName ?? `${createHash('sha1').update(certificateDer).digest('hex').slice(0, 8)}.0`;
    const { header } = await this.call('putCapf', { pemName: name }, certificateDer);
    return { files: header.files, sha256: header.sha256 };
  }

  close(): void {
    this.channel.close();
  }
}

/** Entry point: `ProviderClient.connect({...})` returns a connected, pinned session (not logged in yet). */
export const ProviderClient = { connect: (options: ConnectOptions) => ProviderSession.connect(options) };
