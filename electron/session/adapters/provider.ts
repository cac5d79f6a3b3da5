// ProviderPort over the real provider client (pinned TLS, protocol v2). It maps the
// client's typed errors onto the engine's, asks the engine before trusting a first
// contact, and re-accepts a changed certificate only when its fingerprint was given
// explicitly (never by trust-on-first-use).
import type { ProviderIdentity, ClusterSecurityMode, NodeRole } from '../../../shared/session/types';
import {
  capfPemName, MAX_PROOF_BINDINGS, proofBatchMessage, type NodeRole as WireRole, type SecurityMode,
} from '../../../shared/provider-protocol';
import {
  ProviderClient, ProviderError, type ProviderSession as ClientSession, type Timeouts,
} from '../../services/provider-client';
import type { TrustedCertificateStore } from '../../services/trust-store';
import { providerProblem } from '../provider-problem';
import {
  ProviderFailure, UntrustedProvider, type BatchProof, type ProofBatchFormat, type ProviderDescription, type ProviderFailureCode,
  type Prefetch, type ProviderPort, type ProviderSession, type ServedCertificate, type ServedCtl,
} from '../ports';

const CODES: Record<ProviderError['code'], ProviderFailureCode> = {
  'host-unresolvable': 'name-unresolved',
  'connection-refused': 'connect-failed',
  timeout: 'connect-failed',
  'tls-failure': 'connect-failed',
  'connection-closed': 'closed',
  'certificate-changed': 'certificate-mismatch',
  'untrusted-first-contact': 'certificate-mismatch',
  'bad-login': 'auth-failed',
  throttled: 'throttled',
  'not-authenticated': 'auth-failed',
  busy: 'busy',
  'protocol-error': 'protocol',
  'server-error': 'protocol',
  'not-lock-holder': 'protocol',
  'proof-required': 'proof-required',
  'proof-failed': 'proof-failed',
  rejected: 'rejected',
  'not-found': 'not-found',
  'fault-injected': 'fault-injected',
  stale: 'stale',
  'storage-failed': 'storage-failed',
};

function mapped(err: unknown, host: string): unknown {
  // A throttled login keeps its own code: the password may be right (the message says how long to wait).
  if (err instanceof ProviderError) {
    const { retryAfterMs, holder, currentSha256 } = err.details;
    const problem = providerProblem(err.details.problem);
    const facts = { ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), ...(holder ? { holder } : {}), ...(problem ? { problem } : {}) };
    return new ProviderFailure(CODES[err.code], err.message, host, currentSha256 ?? null, null, facts);
  }
  return err;
}

/** Calls the client and rethrows its errors as ProviderFailure. */
async function wrap<T>(host: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw mapped(err, host);
  }
}

const toMode = (m: SecurityMode): ClusterSecurityMode => (m === 1 ? 'mixed' : 'non-secure');
const fromMode = (m: ClusterSecurityMode): SecurityMode => (m === 'mixed' ? 1 : 0);
const toRole = (r: WireRole): NodeRole => (r === 'CallManager' ? 'CCM' : r);

class ClientSessionPort implements ProviderSession {
  /** Replies asked for while connecting (pipelined with the login); each is used once. */
  private readonly early = new Map<Prefetch, Promise<unknown>>();
  constructor(private readonly s: ClientSession, readonly identity: ProviderIdentity, private readonly pemNames: PemNames) {}
  get host() { return this.s.host; }
  get port() { return this.s.port; }

  /** Sends the reads now; the engine's first calls of them take these replies. */
  prefetch(reads: readonly Prefetch[]): void {
    for (const read of reads) {
      const reply = read === 'describe' ? this.fetchDescription() : read === 'certificates' ? this.fetchCertificates() : this.fetchCtl();
      reply.catch(() => undefined); // unused when the login failed; the login's error is reported
      this.early.set(read, reply);
    }
  }

  private take<T>(read: Prefetch): Promise<T> | null {
    const reply = this.early.get(read);
    this.early.delete(read);
    return (reply as Promise<T> | undefined) ?? null;
  }

  describe(): Promise<ProviderDescription> {
    return this.take<ProviderDescription>('describe') ?? this.fetchDescription();
  }

  certificates(): Promise<ServedCertificate[]> {
    return this.take<ServedCertificate[]>('certificates') ?? this.fetchCertificates();
  }

  getCtl(): Promise<ServedCtl> {
    return this.take<ServedCtl>('getCtl') ?? this.fetchCtl();
  }

  private fetchDescription(): Promise<ProviderDescription> {
    return wrap(this.host, async () => {
      const d = await this.s.describe();
      return {
        clusterId: d.clusterId, kind: d.kind, thisNode: d.thisNode, securityMode: toMode(d.securityMode),
        nodes: d.nodes.map((n) => ({ name: n.name, host: n.host, port: n.port, ip: n.ip, roles: n.roles.map(toRole), firstNode: n.firstNode })),
        currentCtlSha256: d.currentCtlSha256,
      };
    });
  }

  private fetchCertificates(): Promise<ServedCertificate[]> {
    return wrap(this.host, async () => (await this.s.getCertificates()).map((c) => ({ role: toRole(c.role), der: c.der })));
  }

  private fetchCtl(): Promise<ServedCtl> {
    return wrap(this.host, async () => {
      const c = await this.s.getCtl();
      return { bytes: c.bytes, sha256: c.sha256, securityMode: toMode(c.securityMode) };
    });
  }

  proofBinding(): Promise<Uint8Array> {
    return wrap(this.host, () => this.s.proofBinding());
  }

  proveBatch(proof: BatchProof): Promise<void> {
    return wrap(this.host, async () => {
      await this.s.proveBatch(proof.certificate, proof.bindings, proof.signature, proof.hash);
    });
  }

  lock(): Promise<void> {
    return wrap(this.host, async () => { await this.s.lock(); });
  }

  unlock(): Promise<void> {
    return wrap(this.host, () => this.s.unlock());
  }

  stage(bytes: Uint8Array, securityMode: ClusterSecurityMode, expectedSha256: string | null): Promise<{ stageId: string }> {
    return wrap(this.host, async () => ({ stageId: (await this.s.stage(bytes, fromMode(securityMode), expectedSha256)).stageId }));
  }

  commit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; fileLocation: string | null }> {
    return wrap(this.host, async () => {
      const r = await this.s.commit(stageId, expectedSha256);
      // The provider writes CTLFile.tlv at the root of its TFTP directory; phones fetch it over
      // TFTP (port 69) from that host, not from the provider's port.
      const host = this.host.includes(':') ? `[${this.host}]` : this.host;
      return { sha256: r.sha256, fileLocation: `tftp://${host}/CTLFile.tlv` };
    });
  }

  abort(stageId: string): Promise<void> {
    return wrap(this.host, () => this.s.abort(stageId));
  }

  rollback(expectedSha256: string | null): Promise<{ sha256: string | null }> {
    return wrap(this.host, async () => ({ sha256: (await this.s.rollback(expectedSha256)).sha256 }));
  }

  putCapf(certificateDer: Uint8Array): Promise<void> {
    return wrap(this.host, async () => {
      let name = this.pemNames.get(certificateDer);
      if (!name) {
        name = capfPemName(certificateDer).catch((err: unknown) => {
          throw new ProviderFailure('protocol', `cannot name the CAPF PEM file: ${(err as Error).message}`, this.host);
        });
        name.catch(() => undefined);
        this.pemNames.set(certificateDer, name);
      }
      await this.s.putCapf(certificateDer, await name);
    });
  }

  async close(): Promise<void> {
    // Waits for the provider's `bye` reply: it releases the configuration lock.
    await this.s.close();
  }
}

/**
 * The CAPF PEM name (OpenSSL subject hash) by certificate: every node without CAPF gets the
 * same certificate, and the hash re-encodes its subject each time.
 */
type PemNames = WeakMap<Uint8Array, Promise<string>>;

export interface ClientPortOptions {
  trustStore: TrustedCertificateStore;
  /** A changed certificate is re-accepted only when this says its fingerprint was given explicitly. */
  reaccept?: (fingerprint: string) => boolean;
  timeouts?: Partial<Timeouts>;
}

/** Protocol v2's batch proof: the batch context followed by each 32-byte binding, up to the protocol's limit. */
export const PROVIDER_PROOF_BATCH: ProofBatchFormat = { maxBindings: MAX_PROOF_BINDINGS, message: proofBatchMessage };

export class ProviderClientPort implements ProviderPort {
  readonly proofBatch = PROVIDER_PROOF_BATCH;
  /** Connections opened (the bench counts them). */
  opened = 0;
  private readonly pemNames: PemNames = new WeakMap();
  constructor(private readonly options: ClientPortOptions) {}

  async open(host: string, port: number, credentials: { username: string; password: string },
    accept: (identity: ProviderIdentity) => boolean, prefetch: readonly Prefetch[] = []): Promise<ProviderSession> {
    let presented: ProviderIdentity | null = null;
    // hello, login and the prefetched reads leave together after the pin check: one round trip.
    const connect = (trust?: string) => ProviderClient.connect({
      host, port, trustStore: this.options.trustStore, login: credentials,
      ...(this.options.timeouts ? { timeouts: this.options.timeouts } : {}),
      ...(trust ? { trust } : {}),
      onFirstContact: (c) => {
        presented = { host, port, fingerprint: c.fingerprint, subject: c.subject, issuer: c.issuer, notBefore: '', notAfter: new Date(c.validTo).toISOString() };
        return accept(presented);
      },
    });
    let session: ClientSession;
    try {
      session = await connect();
    } catch (err) {
      const actual = err instanceof ProviderError ? err.details.actual : undefined;
      if (err instanceof ProviderError && err.code === 'untrusted-first-contact' && presented) throw new UntrustedProvider(presented);
      if (!(err instanceof ProviderError && err.code === 'certificate-changed' && actual && this.options.reaccept?.(actual))) throw mapped(err, host);
      session = await wrap(host, () => connect(actual));
    }
    const known: ProviderIdentity | null = presented;
    const identity: ProviderIdentity = known ?? { host, port, fingerprint: session.fingerprint, subject: '', issuer: '', notBefore: '', notAfter: '' };
    const wrapped = new ClientSessionPort(session, identity, this.pemNames);
    wrapped.prefetch(prefetch);
    try {
      await session.ready();
    } catch (err) {
      await session.close();
      throw mapped(err, host);
    }
    this.opened += 1;
    return wrapped;
  }
}
