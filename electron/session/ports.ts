// The two ports the session engine talks through. The engine knows nothing of PKCS#11 or
// of the provider wire protocol: adapters (electron/session/adapters/) map the real token
// service and provider client onto these, and tests use in-memory doubles.
import type { z } from 'zod';
import type { HashAlgorithm } from '../../shared/ctl/model';
import type { sshAuthSchema } from '../../shared/session/command-schema';
import type { Message } from '../../shared/session/messages';
import type { ClusterSecurityMode, NodeRole, PhoneCheckResult, ProviderIdentity } from '../../shared/session/types';
import type { PinState, TokenErrorCode, TokenInfo } from '../../shared/tokens/types';

// ---------------------------------------------------------------------------------------
// Tokens

export interface TokenPort {
  /** Present tokens with their certificates (DER in base64) and PIN state. */
  list(): Promise<TokenInfo[]>;
  /**
   * Logs in once per token; the login is held until release(). Throws a TokenFailure:
   * `final-try-needs-confirmation` when FINAL_TRY is set and confirmFinalTry is false.
   */
  login(serial: string, pin: string, options: { confirmFinalTry: boolean }): Promise<void>;
  /** RSA PKCS#1 v1.5 signature with the private key of the certificate `certSha256`. */
  sign(serial: string, certSha256: string, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array>;
  /** Logout and close the token's session (idempotent). */
  release(serial: string): Promise<void>;
}

/** The shape of a token error the engine understands (the token service's TokenError fits). */
export interface TokenFailure {
  code: TokenErrorCode;
  message: string;
  pin?: PinState | undefined;
  /** The failure as a message, where the token service sent one (`message` is its English). */
  problem?: Message | undefined;
}

export function isTokenFailure(error: unknown): error is TokenFailure {
  if (typeof error !== 'object' || error === null) return false;
  const e = error as { name?: unknown; code?: unknown; message?: unknown };
  return e.name === 'TokenError' && typeof e.code === 'string' && typeof e.message === 'string';
}

// ---------------------------------------------------------------------------------------
// Providers (cluster nodes, alternate TFTP servers, firewalls)

export type ProviderKind = 'cluster-node' | 'alternate-tftp' | 'firewall';

export interface DiscoveredNode {
  /** Node name as the cluster knows it (the CTL DNS_NAME). */
  name: string;
  /** Where its provider listens. */
  host: string;
  port: number;
  ip: string | null;
  roles: NodeRole[];
  firstNode: boolean;
}

export interface ProviderDescription {
  clusterId: string;
  kind: ProviderKind;
  /** Name of the node answering. */
  thisNode: string;
  securityMode: ClusterSecurityMode;
  nodes: DiscoveredNode[];
  currentCtlSha256: string | null;
}

export interface ServedCertificate {
  role: NodeRole;
  der: Uint8Array;
}

export interface ServedCtl {
  bytes: Uint8Array | null;
  sha256: string | null;
  securityMode: ClusterSecurityMode;
}

/** A token ready to prove possession: its certificate, and a signer for the provider's message. */
export interface ProofSigner {
  certificate: Uint8Array;
  hash: HashAlgorithm;
  sign(message: Uint8Array): Promise<Uint8Array>;
}

/**
 * What one token signature covers in the provider protocol's batch proof. The engine only
 * collects the connections' bindings and has them signed; the adapter knows the bytes.
 */
export interface ProofBatchFormat {
  /** Most bindings (connections) one signature may cover. */
  readonly maxBindings: number;
  /** The exact bytes the token signs to prove itself on these connections at once. */
  message(bindings: readonly Uint8Array[]): Uint8Array;
}

/** A token's possession proof for several connections at once (docs/provider-protocol.md, "Batch proof"). */
export interface BatchProof {
  certificate: Uint8Array;
  hash: HashAlgorithm;
  bindings: readonly Uint8Array[];
  signature: Uint8Array;
}

/** One logged-in provider session. The password was used once to open it and is gone. */
export interface ProviderSession {
  readonly host: string;
  readonly port: number;
  readonly identity: ProviderIdentity;
  describe(): Promise<ProviderDescription>;
  certificates(): Promise<ServedCertificate[]>;
  getCtl(): Promise<ServedCtl>;
  /** A fresh challenge of this connection, as its binding for a batch proof (bound to the TLS session). */
  proofBinding(): Promise<Uint8Array>;
  /** Sends the token's one signature over every binding of a batch proof, this connection's among them. */
  proveBatch(proof: BatchProof): Promise<void>;
  lock(): Promise<void>;
  unlock(): Promise<void>;
  /**
   * Compare-and-swap: stage, commit and rollback name the CTL (SHA-256, null for none) the
   * target must hold; a target holding another refuses with ProviderFailure `stale`.
   */
  stage(bytes: Uint8Array, securityMode: ClusterSecurityMode, expectedSha256: string | null): Promise<{ stageId: string }>;
  commit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; fileLocation: string | null }>;
  abort(stageId: string): Promise<void>;
  /** Restores the previous CTL the provider kept at the last commit (the target must hold `expectedSha256`). */
  rollback(expectedSha256: string | null): Promise<{ sha256: string | null }>;
  /** Writes the CAPF certificate (capf.cer and a PEM copy named "<hash>.0") on the target. */
  putCapf(certificateDer: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

/** Reads a caller will make first on a new session; an adapter may send them with the login. */
export type Prefetch = 'describe' | 'certificates' | 'getCtl';

export interface ProviderPort {
  /** The protocol's batch proof: what the token signs for a set of bindings, and how many fit. */
  readonly proofBatch: ProofBatchFormat;
  /**
   * Opens a TLS connection, shows the presented certificate to `accept` before anything is
   * sent (pin check), then says hello and logs in. Throws UntrustedProvider when `accept`
   * returns false: no credentials left the machine. `prefetch` names the reads the caller
   * makes next: an adapter may pipeline them with the login (one round trip); the first
   * call of each then takes that reply. An adapter may ignore it.
   *
   * Calls on one session take effect in the order they are made, even when made before an
   * earlier one settles (the protocol pipelines them): a getCtl made right after commit
   * reads what that commit wrote.
   */
  open(host: string, port: number, credentials: { username: string; password: string },
    accept: (identity: ProviderIdentity) => boolean, prefetch?: readonly Prefetch[]): Promise<ProviderSession>;
}

export type ProviderFailureCode =
  | 'name-unresolved'
  | 'connect-failed'
  | 'certificate-mismatch' // the presented certificate is not the pinned one
  | 'auth-failed'
  | 'throttled' // too many failed logins from here: the provider refuses logins for a while
  | 'busy' // another administrator holds the lock / too many sessions
  | 'proof-required'
  | 'proof-failed'
  | 'rejected' // the provider refused the CTL (names why)
  | 'not-found'
  | 'fault-injected'
  | 'closed'
  | 'stale' // the target holds another CTL than the one named (compare-and-swap)
  | 'storage-failed' // the target could not write its files (disk full, read-only); nothing changed there
  | 'protocol';

/**
 * A TFTP root's own failure (TargetPort): its code, what went wrong in the service's words,
 * and what the failed step left changed on the target, so it is worded per code.
 */
export interface TargetFailureDetail {
  code: string;
  /** A message for file operations; otherwise the service's own (English) text. */
  problem: string | Message;
  changed: 'nothing' | 'ctl-replaced' | 'ctl-missing';
  /** Host keys (host-key-changed): the presented and the pinned fingerprint, and the key's algorithm. */
  fingerprint?: string;
  pinned?: string;
  algorithm?: string;
}

/** Adapters throw this; the engine maps it to a typed failure naming the host. */
export class ProviderFailure extends Error {
  override readonly name = 'ProviderFailure';
  constructor(readonly code: ProviderFailureCode, message: string, readonly host: string,
    /** `stale`: the SHA-256 of the CTL the target holds now (null: none). */
    readonly currentSha256: string | null = null,
    /** Set by the TargetPort: the publish target's own code. */
    readonly target: TargetFailureDetail | null = null,
    /** What the provider said beside its code, as data the UI words in the reader's language. */
    readonly facts: ProviderFailureFacts = {}) {
    super(message);
  }
}

export interface ProviderFailureFacts {
  /** `throttled`: when logins are accepted again. */
  retryAfterMs?: number;
  /** `busy`: who holds the configuration lock, from where, since when (ISO 8601). */
  holder?: { username: string; source: string; since: string };
  /** What the provider refused, as a message of the catalogs, when it sent one every code of which this client knows. */
  problem?: Message;
}

/** The presented certificate is not trusted; nothing was sent. */
export class UntrustedProvider extends Error {
  override readonly name = 'UntrustedProvider';
  constructor(readonly identity: ProviderIdentity) {
    super(`${identity.host}:${identity.port} presented an untrusted certificate (SHA-256 ${identity.fingerprint})`);
  }
}

// ---------------------------------------------------------------------------------------
// TFTP roots written without a provider (a cluster of plain TFTP servers: "standalone")

export type SshAuthSpec = z.output<typeof sshAuthSchema>;

/**
 * Opens a TFTP root reached over SFTP or as a folder, as a session the engine drives like a
 * provider's: getCtl, stage, commit and rollback are compare-and-swap on the file itself.
 * An SSH host key not trusted yet is shown to `accept` (with the key's SHA256 fingerprint)
 * before any credential is sent: UntrustedProvider when it returns false; a key that differs
 * from the one trusted before is a ProviderFailure `certificate-mismatch` naming both.
 */
export interface TargetPort {
  open(address: string, auth: SshAuthSpec | undefined, accept: (identity: ProviderIdentity) => boolean): Promise<ProviderSession>;
}

/** Downloads CTLFile.tlv over TFTP as a phone does and compares it with the published bytes (never throws for the server's failures). */
export interface TftpPort {
  check(server: { host: string; port: number }, published: Uint8Array): Promise<PhoneCheckResult>;
}

/** Decides which provider certificates are trusted (the CLI's --trust list, the app's store). */
export interface TrustPort {
  isTrusted(identity: ProviderIdentity): boolean;
  /** The administrator accepted this fingerprint (trust command or trust-on-first-use). */
  trust(identity: ProviderIdentity): void;
}

/** The engine's dependencies. */
export interface SessionPorts {
  tokens: TokenPort;
  providers: ProviderPort;
  trust: TrustPort;
  /** TFTP roots without a provider (connect-targets); absent where the caller offers none. */
  targets?: TargetPort;
  /** The phone's-eye check after a publish (EngineOptions.phoneCheck names the servers). */
  tftp?: TftpPort;
  /** Clock (tests fix it). */
  now?: () => Date;
}
