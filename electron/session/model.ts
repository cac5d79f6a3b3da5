// Engine-private data: what the snapshot is derived from. Unlike the snapshot it holds
// certificates as bytes, open provider sessions and decoded CTLs — but never a secret.
import type { Message } from '../../shared/session/messages';
import type { CtlFile, CtlRecord, HashAlgorithm } from '../../shared/ctl/model';
import type {
  CheckId, ClusterSecurityMode, EntrySource, PhoneCheckResult, ProviderIdentity, ProviderPurpose, SessionMode, SessionStateKind,
  TargetKind, TargetProgress, TokenView,
} from '../../shared/session/types';
import type { DiscoveredNode, ProviderSession, ServedCertificate, ServedCtl } from './ports';

export interface Entry {
  /** Stable id: "node:<name>:<role>", "token:<fingerprint>", "tftp:<host>", ... */
  id: string;
  source: EntrySource;
  /** The record as it will be written (non-secure stripping happens at signing). */
  record: CtlRecord;
  /** SHA-256 of the certificate DER, lower-case hex; null when the record carries none. */
  fingerprint: string | null;
  notAfter: string | null;
  /** Why the certificate does not parse as X.509, when it does not (carried records). */
  parseError: string | null;
  /** Target id this entry belongs to (tftp-server / firewall entries, carried ones that answered). */
  targetId?: string;
  /** A carried server that could not be reached or refreshed this session, and why. */
  problem?: Message;
}

export interface NodeState {
  node: DiscoveredNode;
  session: ProviderSession | null;
  /** Why the node cannot be reached or resolved. */
  problem: Message | null;
  certificates: ServedCertificate[];
}

export interface CurrentCtl {
  bytes: Uint8Array;
  file: CtlFile;
  sha256: string;
  signatureValid: boolean;
  /** The verification's outcome (why it does not verify, when it does not). */
  problem: Message;
}

/** The CTL one target held when it was read (at connect or on entering the review). */
export interface TargetCtl {
  sha256: string | null;
  /** Decoded, when it decodes. */
  file: CtlFile | null;
  /** Why it does not decode or verify, when it does not. */
  problem: Message | null;
}

export interface ClusterState {
  id: string;
  securityMode: ClusterSecurityMode;
  nodes: NodeState[];
  current: CurrentCtl | null;
  /** Alternate TFTP servers and firewalls the current CTL lists, contacted at connect. */
  carried: CarriedServer[];
  /**
   * A cluster without a CTL Provider (connect-targets): its nodes are the TFTP roots written
   * to, and its servers' entries come from certificate files.
   */
  standalone?: { entries: Entry[]; /** TFTP servers to download the published file from (default: the SFTP hosts). */ phoneCheck?: { host: string; port: number }[] };
}

/**
 * A server the current CTL lists that is not a cluster node: an alternate TFTP server (TFTP
 * record) or a firewall (CCM record). The CTL goes to it too (seed-requirements §1.28), so it
 * is contacted at connect with the cluster's credentials (the guide: a firewall uses the
 * administrator's, an alternate TFTP server needs none of its own) and refreshed from it.
 */
export interface CarriedServer {
  /** Index of its record in the current CTL. */
  recordIndex: number;
  kind: 'tftp-server' | 'firewall';
  /** Where it was contacted: the record's IP address, else its DNS name. */
  host: string;
  port: number;
  /** The refreshed record (its certificate from the provider); null when not reached. */
  record: CtlRecord | null;
  session: ProviderSession | null;
  /** Why it could not be reached or refreshed. */
  problem: Message | null;
}

/** An extra target: alternate TFTP server or firewall, with its own provider session. */
export interface ExtraTarget {
  id: string;
  kind: Exclude<TargetKind, 'node'>;
  host: string;
  port: number;
  name: string;
  session: ProviderSession;
}

/**
 * An entry deleted on the entries step, kept so it can be restored until the step is left:
 * where it stood, and the upload target it brought (its provider session stays open until then).
 */
export interface DeletedEntry {
  entry: Entry;
  index: number;
  target: ExtraTarget | null;
}

export interface AddedTokenState {
  view: TokenView;
  /** The SAST certificate's fingerprint (hex) and DER, used to sign and to build the record. */
  certSha256: string;
  certDer: Uint8Array;
  /** The token's SAST record (what the CTL lists for it). */
  record: CtlRecord;
  order: number;
  proven: boolean;
  loggedIn: boolean;
}

export interface Override {
  check: CheckId;
  confirmation: string;
  at: string;
}

export interface PendingTrust {
  purpose: ProviderPurpose;
  presented: ProviderIdentity;
  others: ProviderIdentity[];
  returnTo: SessionStateKind;
}

export interface TargetRun {
  progress: TargetProgress;
  session: ProviderSession;
  stageId: string | null;
  /** Runs the CAPF distribution (cluster nodes without CAPF, when the cluster has CAPF). */
  needsCapf: boolean;
  /** The read-back sent right behind a successful commit (pipelined), not yet checked. */
  readBack?: Promise<ServedCtl> | null;
  /**
   * The connection dropped and could not be opened again: what the target holds is unknown
   * (it is reported so, never as unchanged or committed).
   */
  lost?: boolean;
  /** The SHA-256 of the CTL the target held at review (null: none): the compare-and-swap's expected value. */
  expected: string | null;
  /** The target refused the upload: it holds another CTL than at review (this one, null: none). */
  stale?: { currentSha256: string | null };
}

export interface PublishState {
  bytes: Uint8Array;
  sha256: string;
  timestamp: number;
  securityMode: ClusterSecurityMode;
  stage: 'signing' | 'staging' | 'aborting' | 'committing' | 'verifying' | 'distributing-capf' | 'rolling-back' | 'finished';
  targets: TargetRun[];
  /** Staging failed on some target: everything was aborted, nothing changed. */
  stageFailed: boolean;
}

export interface ServerState {
  host: string;
  port: number;
  username: string;
  identity: ProviderIdentity | null;
  session: ProviderSession | null;
}

export interface EngineData {
  kind: SessionStateKind;
  startedAt: string;
  server: ServerState | null;
  cluster: ClusterState | null;
  trust: PendingTrust | null;
  mode: SessionMode | null;
  hashAlgorithm: HashAlgorithm;
  /** The administrator picked the hash; otherwise it follows the current CTL. */
  hashChosen: boolean;
  candidate: TokenView | null;
  tokens: AddedTokenState[];
  /** Serials of the tokens inserted when last listed (the default signer is one of them). */
  present: string[];
  entries: Entry[];
  extraTargets: ExtraTarget[];
  /** Entries deleted on this visit of the entries step (restore-entries puts them back). */
  deleted: DeletedEntry[];
  signerSerial: string | null;
  overrides: Override[];
  publish: PublishState | null;
  cancelReason: Message | null;
  notices: Message[];
  /** The CTL each target session held when read; the compare-and-swap expects it. */
  targetCtls: Map<ProviderSession, TargetCtl>;
  /** Sessions opened again after a connection was lost during the upload (closed at the end). */
  reopened: ProviderSession[];
  /** The published file as the TFTP servers served it afterwards (phone-check.ts). */
  phoneCheck: PhoneCheckResult[];
}
