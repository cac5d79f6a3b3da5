// In-memory doubles of the engine's ports, for fast deterministic state-machine tests.
// They keep the real rules where it matters: certificates are real X.509 (test PKI), the
// CTL a fake provider stages is validated by the provider's own validateStagedCtl, and a
// possession proof is checked by the provider's checkProof.
import { createHash, randomBytes, X509Certificate } from 'node:crypto';
import { proofBinding } from '../../shared/provider-protocol';
import type { HashAlgorithm } from '../../shared/ctl/model';
import type { ClusterSecurityMode, NodeRole, ProviderIdentity } from '../../shared/session/types';
import type { TokenInfo } from '../../shared/tokens/types';
import { validateStagedCtl } from '../../provider/server/ctl-validation';
import { checkProof } from '../../provider/server/proof';
import {
  ProviderFailure, UntrustedProvider, type BatchProof, type DiscoveredNode, type ProviderDescription, type ProviderKind,
  type ProviderPort, type ProviderSession, type ServedCertificate, type TokenPort, type TrustPort,
} from '../../electron/session/ports';
import { PROVIDER_PROOF_BATCH } from '../../electron/session/adapters/provider';
import { makeIdentity, webCryptoSigner, type TestIdentity } from '../helpers/pki';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

class FakeTokenError extends Error {
  override readonly name = 'TokenError';
  constructor(readonly code: 'pin-incorrect' | 'not-logged-in' | 'final-try-needs-confirmation', message: string) {
    super(message);
  }
}

export interface FakeToken {
  serial: string;
  label: string;
  identity: TestIdentity;
  pin: string;
  finalTry?: boolean;
}

export class FakeTokens implements TokenPort {
  readonly loggedIn = new Set<string>();
  logins = 0;
  signs = 0;
  constructor(public tokens: FakeToken[]) {}

  async list(): Promise<TokenInfo[]> {
    return this.tokens.map((t) => {
      const cert = new X509Certificate(t.identity.der);
      return {
        slot: t.serial, label: t.label, serial: t.serial, manufacturer: 'Fake', model: 'eToken double',
        pin: { countLow: false, finalTry: t.finalTry ?? false, locked: false, toBeChanged: false },
        loggedIn: this.loggedIn.has(t.serial),
        certificates: [{
          id: '01', objectLabel: t.label, subject: cert.subject.replace(/\n/g, ', '), issuer: cert.issuer.replace(/\n/g, ', '),
          subjectCn: t.label, serial: cert.serialNumber, notBefore: new Date(cert.validFrom).toISOString(),
          notAfter: new Date(cert.validTo).toISOString(), sha256: sha(t.identity.der), hasPrivateKey: true,
          der: Buffer.from(t.identity.der).toString('base64'),
        }],
        sastCertificate: 0,
      };
    });
  }

  private token(serial: string): FakeToken {
    const t = this.tokens.find((x) => x.serial === serial);
    if (!t) throw new Error(`no fake token ${serial}`);
    return t;
  }

  async login(serial: string, pin: string, options: { confirmFinalTry: boolean }): Promise<void> {
    const t = this.token(serial);
    if (this.loggedIn.has(serial)) return;
    if (t.finalTry && !options.confirmFinalTry) throw new FakeTokenError('final-try-needs-confirmation', 'final try');
    this.logins += 1;
    if (pin !== t.pin) throw new FakeTokenError('pin-incorrect', 'The PIN is incorrect.');
    this.loggedIn.add(serial);
  }

  async sign(serial: string, _cert: string, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array> {
    if (!this.loggedIn.has(serial)) throw new FakeTokenError('not-logged-in', 'not logged in');
    this.signs += 1;
    return webCryptoSigner(this.token(serial).identity.keys)(data, hash);
  }

  async release(serial: string): Promise<void> {
    this.loggedIn.delete(serial);
  }
}

export interface Faults {
  unreachable?: boolean;
  failStage?: boolean;
  failCommit?: number;
  corruptReadBack?: boolean;
  /** Delay before a stage reply (cancel tests). */
  stageDelayMs?: number;
  /**
   * The connection drops during the next commit: 'before' it reaches the provider (nothing
   * written) or 'after' it was written (the reply is lost). The session is dead afterwards
   * and the provider drops what it staged, as the real one does on disconnect.
   */
  dropOnCommit?: 'before' | 'after';
  /** This many commits write the file and then answer with an error (like a failed audit write after the rename). */
  errorAfterWrite?: number;
}

export interface FakeServer {
  name: string;
  host: string;
  port: number;
  kind: ProviderKind;
  clusterId: string;
  roles: NodeRole[];
  firstNode: boolean;
  tls: TestIdentity;
  certs: ServedCertificate[];
  ctl: Uint8Array | null;
  backup: { ctl: Uint8Array | null; mode: ClusterSecurityMode } | null;
  mode: ClusterSecurityMode;
  faults: Faults;
  capfFiles: string[];
  lockedBy: object | null;
  /** The IP address its provider reports (default 10.0.0.<n>). */
  ip?: string;
  /** Its own administrator password (default: the world's). */
  password?: string;
}

export class FakeProviders implements ProviderPort {
  /** The fake providers check proofs as the real ones do (checkProof), so they share the protocol's format. */
  readonly proofBatch = PROVIDER_PROOF_BATCH;
  opened = 0;
  /** Possession proofs the fake providers accepted, by server name. */
  readonly proofs: string[] = [];
  constructor(readonly servers: FakeServer[], readonly password: string) {}

  server(name: string): FakeServer {
    const s = this.servers.find((x) => x.name === name);
    if (!s) throw new Error(`no fake server ${name}`);
    return s;
  }

  async open(host: string, port: number, credentials: { username: string; password: string }, accept: (id: ProviderIdentity) => boolean): Promise<ProviderSession> {
    const server = this.servers.find((s) => s.host === host && s.port === port);
    if (!server) throw new ProviderFailure('name-unresolved', `${host} does not resolve`, host);
    if (server.faults.unreachable) throw new ProviderFailure('connect-failed', 'connection refused', host);
    const identity: ProviderIdentity = {
      host, port, fingerprint: sha(server.tls.der), subject: `CN=${server.name}`, issuer: `CN=${server.name}`,
      notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2035-01-01T00:00:00.000Z',
    };
    if (!accept(identity)) throw new UntrustedProvider(identity);
    if (credentials.password !== (server.password ?? this.password)) throw new ProviderFailure('auth-failed', 'user name or password is wrong', host);
    this.opened += 1;
    return new FakeSession(this, server, identity);
  }
}

class FakeSession implements ProviderSession {
  readonly host: string;
  readonly port: number;
  private proven = false;
  private committedSha: string | null = null;
  private staged = new Map<string, Uint8Array>();
  private mode: ClusterSecurityMode | null = null;
  closed = false;
  /** The connection dropped: every call fails as the real client's does. */
  private dead = false;
  private alive(): void {
    if (this.dead) throw new ProviderFailure('closed', `${this.s.name} closed the connection`, this.host);
  }
  constructor(private readonly providers: FakeProviders, private readonly s: FakeServer, readonly identity: ProviderIdentity) {
    this.host = s.host;
    this.port = s.port;
  }

  private members(): DiscoveredNode[] {
    return this.providers.servers.filter((x) => x.clusterId === this.s.clusterId)
      .map((x) => ({ name: x.name, host: x.host, port: x.port, ip: x.ip ?? '10.0.0.' + (this.providers.servers.indexOf(x) + 1), roles: x.roles, firstNode: x.firstNode }));
  }

  async describe(): Promise<ProviderDescription> {
    return { clusterId: this.s.clusterId, kind: this.s.kind, thisNode: this.s.name, securityMode: this.s.mode, nodes: this.members(), currentCtlSha256: this.s.ctl ? sha(this.s.ctl) : null };
  }
  async certificates(): Promise<ServedCertificate[]> { return this.s.certs; }
  async getCtl() {
    this.alive();
    let bytes = this.s.ctl;
    if (bytes && this.s.faults.corruptReadBack) {
      bytes = bytes.slice();
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 1;
    }
    return { bytes, sha256: bytes ? sha(bytes) : null, securityMode: this.s.mode };
  }
  /** The challenge and TLS exporter of the pending proof (random here, as on a real connection). */
  private pendingProof: { challenge: Uint8Array; exporter: Uint8Array } | null = null;
  async proofBinding(): Promise<Uint8Array> {
    this.alive();
    this.pendingProof = { challenge: new Uint8Array(randomBytes(32)), exporter: new Uint8Array(randomBytes(32)) };
    return proofBinding(this.pendingProof.challenge, this.pendingProof.exporter);
  }
  async proveBatch(proof: BatchProof): Promise<void> {
    this.alive();
    const pending = this.pendingProof;
    this.pendingProof = null;
    if (!pending) throw new ProviderFailure('proof-failed', 'no fresh challenge: request one first', this.host);
    try {
      checkProof({ ...pending, certificate: proof.certificate, signature: proof.signature, hash: proof.hash, currentCtl: this.s.ctl, bindings: proof.bindings });
    } catch (err) {
      throw new ProviderFailure('proof-failed', (err as Error).message, this.host);
    }
    this.proven = true;
    this.providers.proofs.push(this.s.name);
  }
  async lock(): Promise<void> {
    this.alive();
    if (this.s.lockedBy && this.s.lockedBy !== this) throw new ProviderFailure('busy', 'lock held', this.host);
    this.s.lockedBy = this;
  }
  async unlock(): Promise<void> {
    if (this.s.lockedBy === this) this.s.lockedBy = null;
  }
  private writer(): void {
    if (this.s.lockedBy !== this) throw new ProviderFailure('protocol', 'not lock holder', this.host);
    if (this.s.ctl && !this.proven && sha(this.s.ctl) !== this.committedSha) throw new ProviderFailure('proof-required', 'prove first', this.host);
  }
  private cas(expectedSha256: string | null): void {
    const now = this.s.ctl ? sha(this.s.ctl) : null;
    if (now !== expectedSha256) throw new ProviderFailure('stale', `holds ${now ?? 'no CTL'}`, this.host, now);
  }
  async stage(bytes: Uint8Array, securityMode: ClusterSecurityMode, expectedSha256: string | null) {
    this.alive();
    this.writer();
    this.cas(expectedSha256);
    if (this.s.faults.stageDelayMs) await new Promise((r) => setTimeout(r, this.s.faults.stageDelayMs));
    if (this.s.faults.failStage) throw new ProviderFailure('fault-injected', 'stage refused by fault injection', this.host);
    try {
      await validateStagedCtl(bytes, this.s.ctl);
    } catch (err) {
      throw new ProviderFailure('rejected', (err as Error).message, this.host);
    }
    const stageId = randomBytes(16).toString('hex');
    this.staged.set(stageId, bytes.slice());
    this.mode = securityMode;
    return { stageId };
  }
  async commit(stageId: string, expectedSha256: string | null) {
    this.alive();
    this.writer();
    this.cas(expectedSha256);
    const bytes = this.staged.get(stageId);
    if (!bytes) throw new ProviderFailure('not-found', 'no such stage', this.host);
    const drop = this.s.faults.dropOnCommit;
    if (drop) {
      delete this.s.faults.dropOnCommit;
      if (drop === 'after') {
        this.s.backup = { ctl: this.s.ctl, mode: this.s.mode };
        this.s.ctl = bytes;
      }
      this.dead = true;
      this.staged.clear();
      if (this.s.lockedBy === this) this.s.lockedBy = null;
      throw new ProviderFailure('closed', `${this.s.name} closed the connection`, this.host);
    }
    if ((this.s.faults.failCommit ?? 0) > 0) {
      this.s.faults.failCommit! -= 1;
      throw new ProviderFailure('fault-injected', 'commit refused by fault injection', this.host);
    }
    this.s.backup = { ctl: this.s.ctl, mode: this.s.mode };
    this.s.ctl = bytes;
    this.s.mode = this.mode ?? this.s.mode;
    this.committedSha = sha(bytes);
    this.staged.delete(stageId);
    if ((this.s.faults.errorAfterWrite ?? 0) > 0) {
      this.s.faults.errorAfterWrite! -= 1;
      throw new ProviderFailure('protocol', 'internal error after the CTL was written', this.host);
    }
    return { sha256: sha(bytes), fileLocation: `${this.s.name}:/tftpboot/CTLFile.tlv` };
  }
  async abort(stageId: string): Promise<void> {
    this.alive();
    this.staged.delete(stageId);
  }
  async rollback(expectedSha256: string | null) {
    this.alive();
    this.writer();
    this.cas(expectedSha256);
    if (!this.s.backup) throw new ProviderFailure('not-found', 'nothing to roll back', this.host);
    this.s.ctl = this.s.backup.ctl;
    this.s.mode = this.s.backup.mode;
    this.committedSha = this.s.ctl ? sha(this.s.ctl) : null;
    return { sha256: this.committedSha };
  }
  async putCapf(body: Uint8Array): Promise<void> {
    this.alive();
    this.writer();
    new X509Certificate(body);
    this.s.capfFiles.push('capf.cer', `${sha(body).slice(0, 8)}.0`);
  }
  async close(): Promise<void> {
    this.closed = true;
    await this.unlock();
  }
}

export class MemoryTrust implements TrustPort {
  readonly trusted = new Set<string>();
  constructor(public trustOnFirstUse = false) {}
  isTrusted(id: ProviderIdentity): boolean {
    if (this.trustOnFirstUse) this.trusted.add(id.fingerprint);
    return this.trusted.has(id.fingerprint);
  }
  trust(id: ProviderIdentity): void {
    this.trusted.add(id.fingerprint);
  }
}

export interface World {
  tokens: FakeTokens;
  providers: FakeProviders;
  trust: MemoryTrust;
  sast1: FakeToken;
  sast2: FakeToken;
  sast3: FakeToken;
  rogue: FakeToken;
  password: string;
}

const BITS = 1024;

async function server(name: string, kind: ProviderKind, clusterId: string, roles: NodeRole[], port: number, ca: TestIdentity, notAfter?: Date): Promise<FakeServer> {
  const tls = await makeIdentity({ subject: `CN=${name}, O=Fake`, issuer: ca, modulusBits: BITS, ...(notAfter ? { notAfter } : {}) });
  const certs: ServedCertificate[] = roles.filter((r) => r !== 'CAPF').map((role) => ({ role, der: tls.der }));
  if (roles.includes('CAPF')) certs.push({ role: 'CAPF', der: (await makeIdentity({ subject: `CN=CAPF-${name}, O=Fake`, issuer: ca, modulusBits: BITS })).der });
  return {
    name, host: '127.0.0.1', port, kind, clusterId, roles, firstNode: port === 2444, tls, certs, ctl: null, backup: null,
    mode: 'non-secure', faults: {}, capfFiles: [], lockedBy: null,
  };
}

/** A cluster of `nodes` nodes (cucm-1 runs CAPF), one alternate TFTP server, one firewall, four tokens. */
export async function makeWorld(options: { nodes?: number; expiringNode?: boolean } = {}): Promise<World> {
  const ca = await makeIdentity({ subject: 'CN=Fake CA, O=Fake', modulusBits: BITS });
  const servers: FakeServer[] = [];
  const n = options.nodes ?? 3;
  for (let i = 1; i <= n; i++) {
    const expiring = options.expiringNode && i === n ? new Date(Date.now() + 10 * 86_400_000) : undefined;
    servers.push(await server(`cucm-${i}`, 'cluster-node', 'fake-cluster', i === 1 ? ['CCM', 'TFTP', 'CAPF'] : ['CCM', 'TFTP'], 2443 + i, ca, expiring));
  }
  servers.push(await server('alt-tftp-1', 'alternate-tftp', 'other-cluster', ['TFTP'], 3444, ca));
  const firewall = await server('asa-1', 'firewall', 'asa', ['CCM'], 2444, ca);
  firewall.host = '127.0.0.9';
  servers.push(firewall);
  const token = async (label: string, serial: string, issuer: TestIdentity | undefined): Promise<FakeToken> => ({
    serial, label, pin: 'Cisco123',
    identity: await makeIdentity({ subject: `CN=${label}, O=Cisco Manufacturing CA`, modulusBits: BITS, ...(issuer ? { issuer } : {}) }),
  });
  const sast1 = await token('SAST-1', '1001', ca);
  const sast2 = await token('SAST-2', '1002', ca);
  const sast3 = await token('SAST-3', '1003', ca);
  const rogue = await token('ROGUE', '6666', undefined);
  const password = 'secret-password-123';
  return {
    tokens: new FakeTokens([sast1, sast2, sast3, rogue]), providers: new FakeProviders(servers, password), trust: new MemoryTrust(true),
    sast1, sast2, sast3, rogue, password,
  };
}
