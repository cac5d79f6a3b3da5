// TargetPort over the publish targets (electron/services/targets): a TFTP root reached over
// SFTP or as a folder, driven by the engine like a provider's session. What a provider does
// on its side is done here against the file itself:
// - no lock: every stage, commit and rollback is a compare-and-swap on the file's SHA-256,
//   so a second administrator's write in between is refused, never overwritten;
// - a token proves itself locally: its signature over the session's bindings must verify
//   with its certificate, and the certificate must be a SAST of the CTL the root holds (the
//   phones' own rule, checked before a PIN reaches a signature the phones would reject);
// - SSH host keys are pinned in the one trust store: first contact asks, a changed key is
//   refused with both fingerprints.
import { randomBytes, verify as verifySignature, X509Certificate } from 'node:crypto';
import { decodeCtl, recordFromCertificate } from '../../../shared/ctl';
import type { ClusterSecurityMode, ProviderIdentity } from '../../../shared/session/types';
import { msg } from '../../../shared/session/messages';
import { heldSha } from '../../services/targets/errors';
import {
  openTarget, parseTargetAddress, TargetError, type HostKeyCheck, type HostKeyInfo, type PublishTarget, type SshAuth, type TargetAddress,
} from '../../services/targets';
import type { HostKeyStore } from '../../services/trust-store';
import {
  ProviderFailure, UntrustedProvider, type BatchProof, type ProofBatchFormat, type ProviderDescription, type ProviderFailureCode,
  type ProviderSession, type ServedCtl, type SshAuthSpec, type TargetPort,
} from '../ports';
import { sameSastIdentity } from '../records';
import { STANDALONE_CLUSTER } from '../standalone';

/** What a target's error means to the engine (which failures are a lost connection, a stale file, …). */
const FAILURE_OF: Record<TargetError['code'], ProviderFailureCode> = {
  'invalid-url': 'rejected',
  'host-unresolvable': 'name-unresolved',
  'connection-refused': 'connect-failed',
  timeout: 'connect-failed',
  'connection-lost': 'closed',
  'host-key-untrusted': 'certificate-mismatch',
  'host-key-changed': 'certificate-mismatch',
  'auth-failed': 'auth-failed',
  'path-not-found': 'not-found',
  'not-a-directory': 'not-found',
  'permission-denied': 'storage-failed',
  'disk-full': 'storage-failed',
  'too-large': 'rejected',
  stale: 'stale',
  'unknown-stage': 'not-found',
  'nothing-to-roll-back': 'rejected',
  'backup-damaged': 'storage-failed',
  'verify-failed': 'storage-failed',
  closed: 'closed',
  io: 'storage-failed',
};

export function targetFailure(error: unknown, where: string): unknown {
  if (!(error instanceof TargetError)) return error;
  const current = error.code === 'stale' ? error.details.actual ?? null : null;
  const { fingerprint, pinned, keyAlgorithm } = error.details;
  return new ProviderFailure(FAILURE_OF[error.code], error.message, where, current, {
    code: error.code, problem: error.problem, changed: error.changed,
    ...(fingerprint ? { fingerprint } : {}), ...(pinned ? { pinned } : {}), ...(keyAlgorithm ? { algorithm: keyAlgorithm } : {}),
  });
}

/** A CTL whose server records carry certificates is a mixed-mode CTL; one without (or none) is non-secure. */
export function securityModeOfCtl(bytes: Uint8Array | null): ClusterSecurityMode {
  if (!bytes) return 'non-secure';
  try {
    const file = decodeCtl(bytes);
    return file.records.some((r) => r.role !== 'SAST' && r.certificate !== null) ? 'mixed' : 'non-secure';
  } catch {
    // A file that does not decode is still a CTL the phones were given: treated as mixed, and the review says why it is unreadable.
    return 'mixed';
  }
}

const sshAuth = (auth: SshAuthSpec): SshAuth => {
  switch (auth.kind) {
    case 'key-file': return { kind: 'key-file', path: auth.path, ...(auth.passphrase === undefined ? {} : { passphrase: auth.passphrase }) };
    case 'agent': return { kind: 'agent', ...(auth.socket === undefined ? {} : { socket: auth.socket }) };
    case 'password': return { kind: 'password', password: auth.password };
    case 'password-file': return { kind: 'password-file', path: auth.path };
  }
};

export function hostKeyIdentity(key: HostKeyInfo): ProviderIdentity {
  return { host: key.host, port: key.port, fingerprint: key.fingerprint, subject: '', issuer: '', notBefore: '', notAfter: '', sshKey: { algorithm: key.algorithm } };
}

export interface FileTargetOptions {
  /** Where relative folder paths start (the CLI's working directory). */
  cwd?: string;
  /** SSH connection and handshake timeout. */
  readyTimeoutMs?: number;
}

export class FileTargetPort implements TargetPort {
  constructor(private readonly hostKeys: HostKeyStore, private readonly proofBatch: ProofBatchFormat, private readonly options: FileTargetOptions = {}) {}

  async open(text: string, auth: SshAuthSpec | undefined, accept: (identity: ProviderIdentity) => boolean): Promise<ProviderSession> {
    let address: TargetAddress;
    try {
      address = parseTargetAddress(text, this.options.cwd);
    } catch (error) {
      // Named as the refusal shows it: a password written into the URL is masked.
      throw targetFailure(error, error instanceof TargetError ? error.target : text);
    }
    if (address.kind === 'folder') {
      const target = await openTarget(address).catch((error: unknown) => { throw targetFailure(error, address.display); });
      const identity: ProviderIdentity = { host: address.display, port: 0, fingerprint: '', subject: '', issuer: '', notBefore: '', notAfter: '' };
      return new TargetSession(target, identity, this.proofBatch);
    }
    if (!auth) {
      throw targetFailure(new TargetError('auth-failed', address.display, msg('target-reason.no-login')), address.display);
    }
    let presented: ProviderIdentity | null = null;
    let seen: HostKeyInfo | null = null;
    const checkHostKey: HostKeyCheck = async (key) => {
      seen = key;
      const pinned = await this.hostKeys.getHostKey(key.host, key.port);
      if (pinned?.fingerprint === key.fingerprint) return { trust: 'trusted' };
      if (pinned) return { trust: 'changed', pinned: pinned.fingerprint };
      const identity = hostKeyIdentity(key);
      if (!accept(identity)) {
        presented = identity;
        return { trust: 'unknown' };
      }
      // Accepted (listed, or trusted on first use): pinned, so a later change is refused.
      await this.hostKeys.setHostKey(key.host, key.port, { fingerprint: key.fingerprint, algorithm: key.algorithm });
      return { trust: 'trusted' };
    };
    const readyTimeoutMs = this.options.readyTimeoutMs;
    try {
      const target = await openTarget(address, { sftp: { auth: sshAuth(auth), checkHostKey, ...(readyTimeoutMs ? { readyTimeoutMs } : {}) } });
      // The login succeeded, so the host key was checked and trusted.
      return new TargetSession(target, hostKeyIdentity(seen!), this.proofBatch);
    } catch (error) {
      if (presented && error instanceof TargetError && error.code === 'host-key-untrusted') throw new UntrustedProvider(presented);
      throw targetFailure(error, address.display);
    }
  }
}

/** One open TFTP root as a ProviderSession (host: the target as shown, never with secrets). */
export class TargetSession implements ProviderSession {
  readonly host: string;
  readonly port: number;
  private readonly bindings: Uint8Array[] = [];
  /** The CTL last read from the root: a token proves itself against it. */
  private lastRead: Uint8Array | null = null;

  constructor(private readonly target: PublishTarget, readonly identity: ProviderIdentity, private readonly proofBatch: ProofBatchFormat) {
    this.host = target.display;
    this.port = identity.port;
  }

  /** Calls take effect in the order they are made (the engine sends a read-back right behind a commit). */
  private queue: Promise<unknown> = Promise.resolve();

  private call<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work).catch((error: unknown) => { throw targetFailure(error, this.host); });
    this.queue = run.catch(() => undefined);
    return run;
  }

  async getCtl(): Promise<ServedCtl> {
    const current = await this.call(() => this.target.getCtl());
    this.lastRead = current.bytes;
    return { bytes: current.bytes, sha256: current.sha256, securityMode: securityModeOfCtl(current.bytes) };
  }

  async describe(): Promise<ProviderDescription> {
    const served = await this.getCtl();
    return { clusterId: STANDALONE_CLUSTER, kind: 'alternate-tftp', thisNode: this.host, securityMode: served.securityMode, nodes: [], currentCtlSha256: served.sha256 };
  }

  /** A TFTP root holds no certificate of its own: the servers' come from certificate files. */
  async certificates(): Promise<never[]> {
    return [];
  }

  async proofBinding(): Promise<Uint8Array> {
    const binding = new Uint8Array(randomBytes(32));
    this.bindings.push(binding);
    return binding;
  }

  async proveBatch(proof: BatchProof): Promise<void> {
    const refuse = (why: string) => new ProviderFailure('proof-failed', `${this.host}: ${why}`, this.host);
    const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
    if (!proof.bindings.some((b) => this.bindings.some((own) => same(own, b)))) throw refuse('the proof does not list this session');
    let cert: X509Certificate;
    try {
      cert = new X509Certificate(proof.certificate);
    } catch {
      throw refuse('the token certificate is not a valid X.509 certificate');
    }
    if (!verifySignature(proof.hash, this.proofBatch.message(proof.bindings), cert.publicKey, proof.signature)) {
      throw refuse('the token signature does not verify with its certificate (wrong key)');
    }
    if (this.lastRead) {
      const record = recordFromCertificate('SAST', proof.certificate, {});
      let listed: boolean;
      try {
        listed = decodeCtl(this.lastRead).records.some((r) => r.role === 'SAST' && sameSastIdentity(r, record));
      } catch {
        listed = false; // a file that does not decode lists no token
      }
      if (!listed) throw refuse(`the token ${cert.subject.replace(/\n/g, ', ')} is not a SAST of the CTL this server holds`);
    }
  }

  /** Nothing to lock on a file: stage, commit and rollback compare the file's hash instead. */
  async lock(): Promise<void> {}
  async unlock(): Promise<void> {}

  /** Inside a queued call: refuses (stale) when the root holds another file than `expectedSha256`. */
  private async expect(expectedSha256: string | null): Promise<void> {
    const current = await this.target.getCtl();
    if (current.sha256 !== expectedSha256) {
      const found = current.sha256 ? msg('target-reason.held-ctl', { sha256: current.sha256 }) : msg('target-reason.held-no-ctl');
      throw new TargetError('stale', this.host, msg('target-reason.changed', { found, wanted: heldSha(expectedSha256) }),
        'nothing', { expected: expectedSha256, actual: current.sha256 });
    }
  }

  async stage(bytes: Uint8Array, _securityMode: ClusterSecurityMode, expectedSha256: string | null): Promise<{ stageId: string }> {
    const staged = await this.call(async () => {
      await this.expect(expectedSha256);
      return this.target.stage(bytes);
    });
    return { stageId: staged.stageId };
  }

  async commit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; fileLocation: string | null }> {
    const result = await this.call(() => this.target.commit(stageId, expectedSha256));
    return { sha256: result.sha256, fileLocation: result.fileLocation };
  }

  async abort(stageId: string): Promise<void> {
    await this.call(() => this.target.abort(stageId));
  }

  async rollback(expectedSha256: string | null): Promise<{ sha256: string | null }> {
    return this.call(async () => {
      await this.expect(expectedSha256);
      return this.target.rollback();
    });
  }

  /** Phones read the CAPF certificate from the CTL itself; a TFTP root has no CallManager to give it to. */
  async putCapf(): Promise<void> {
    throw new ProviderFailure('rejected', `${this.host}: a TFTP root takes no CAPF certificate file`, this.host);
  }

  async close(): Promise<void> {
    await this.target.close().catch(() => undefined);
  }
}
