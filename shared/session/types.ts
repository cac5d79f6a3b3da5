// The CTL session as the desktop wizard and `ctl-client run` see it: the state union keyed
// on `kind`, the snapshot a screen renders, the commands a UI sends, and the typed refusals.
// Plain serializable data only (it crosses IPC): no Node APIs, no class instances, and never
// a secret — passwords and PINs appear only inside commands, which the engine drops after use.
//
// Stability: other code (renderer, IPC, CLI) is built against this file. Change it only by
// adding optional fields, new union members or new codes, and say so in the commit message.

import type { CtlRole, HashAlgorithm } from '../ctl/model';
import type { PinState, TokenErrorCode } from '../tokens/types';

// ---------------------------------------------------------------------------------------
// Basic vocabulary

/** What the run does to the cluster. `update` is offered only when a CTL exists. */
export type SessionMode = 'mixed' | 'non-secure' | 'update';

/** The cluster security mode the provider reports (0 = non-secure, 1 = mixed). */
export type ClusterSecurityMode = 'non-secure' | 'mixed';

/** Where the engine is. Busy work happens inside a state (see `SessionSnapshot.busy`). */
export type SessionStateKind =
  | 'connect' // waiting for server, username and password
  | 'trust' // a provider presented a certificate nobody trusts yet: show it, ask
  | 'mode' // cluster discovered: choose mixed / non-secure / update
  | 'tokens' // add tokens (first time) or let a listed token prove itself (update)
  | 'entries' // the CTL entries table: add TFTP server / firewall, delete selected
  | 'review' // the new CTL beside the current one, and the checks that protect phones
  | 'publishing' // signing done; stage, commit, read back, CAPF distribution
  | 'publish-failed' // a commit failed on some targets: retry or roll back offered
  | 'done' // finished (committed and read back, or rolled back): results, checklist, report
  | 'cancelled'; // cancelled; nothing changed anywhere

// ---------------------------------------------------------------------------------------
// Rules and refusals

/**
 * Why the engine refused a command. Every refusal names the rule (text) and the guide
 * reference (`seed-requirements.md` item / guide page) so the administrator sees why.
 */
export type RefusalCode =
  | 'mode-not-offered' // update chosen but the cluster has no CTL
  | 'proof-required' // update/mode change: a token listed in the current CTL must prove itself first
  | 'token-not-in-ctl' // the token offered as proof is not a SAST of the current CTL
  | 'current-ctl-invalid' // the current CTL's signature does not verify, so nothing can be proven
  | 'possession-failed' // the provider's possession challenge did not verify
  | 'token-already-added' // the same token twice
  | 'token-has-no-sast-certificate' // the token holds no usable certificate with a private key
  | 'entry-protected' // server (CCM/TFTP), firewall or CAPF entry of the cluster cannot be deleted
  | 'tokens-below-minimum' // fewer than two token entries would remain / were added
  | 'entry-duplicate' // the TFTP server / firewall is already listed
  | 'entry-not-found' // delete/remove names no entry
  | 'firewall-port-fixed' // a firewall is always contacted on port 2444
  | 'unreachable-targets' // some node, TFTP server or firewall cannot be reached or resolved
  | 'check-blocking' // a review check fails and is not overridden
  | 'check-not-overridable' // the check cannot be overridden (e.g. signer not in current CTL)
  | 'override-confirmation-mismatch' // the typed confirmation does not match
  | 'no-qualified-signer' // no added/proven token may sign this CTL
  | 'signer-not-qualified' // the chosen signer is not a SAST of the current CTL (or new CTL)
  | 'pin-final-try' // the next wrong PIN locks the token; resend with confirmFinalTry
  | 'pin-locked' // the token's user PIN is locked
  | 'cancel-too-late' // commit has started on some target; use rollback instead
  | 'provider-untrusted'; // the provider certificate is not trusted (see state `trust`)

export interface Refusal {
  code: RefusalCode;
  /** The rule in plain English, e.g. "At least two token entries must remain." */
  rule: string;
  /** Where the rule comes from, e.g. "seed-requirements §1.18 (guide P.3-17, L3040-3050)". */
  guideRef: string;
  /** What exactly was refused, naming the entry/token/target. */
  message: string;
}

/** Failures that are not a rule: network, provider, token, or a command out of place. */
export type FailureCode =
  | 'invalid-command' // the command is not valid in the current state (see `allowed`)
  | 'busy' // another command is running; only cancel is accepted
  | 'name-unresolved' // host name does not resolve
  | 'connect-failed' // TCP/TLS connection failed
  | 'auth-failed' // username/password rejected
  | 'provider-error' // the provider answered with an error
  | 'token-error' // a token operation failed (see tokenError)
  | 'sign-failed'
  | 'internal'
  | 'credentials-required' // add-tftp-server / add-firewall without a password (the cluster's is not kept)
  | 'pin-required'; // the step needs the token's PIN (proof, or signing with a token not logged in)

export interface Failure {
  code: FailureCode;
  message: string;
  /** Host the failure concerns, when one does. */
  host?: string;
  /** For `token-error`: the token service's code and how the PIN stands now. */
  tokenError?: { code: TokenErrorCode; pin?: PinState };
}

export type SessionError = ({ kind: 'refused' } & Refusal) | ({ kind: 'failed' } & Failure);

/** What every command resolves to. A refused or failed command changes nothing. */
export type CommandResult = { ok: true } | { ok: false; error: SessionError };

// ---------------------------------------------------------------------------------------
// Connect and trust

export interface ProviderIdentity {
  host: string;
  port: number;
  /** SHA-256 of the provider certificate DER, lower-case hex. */
  fingerprint: string;
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

/** Why a provider is being contacted: the cluster, an alternate TFTP server or a firewall. */
export type ProviderPurpose = 'cluster' | 'tftp' | 'firewall';

export interface ServerView {
  host: string;
  port: number;
  username: string;
  /** The pinned provider identity once connected. */
  provider: ProviderIdentity | null;
  connected: boolean;
}

export type NodeRole = 'CCM' | 'TFTP' | 'CAPF';

export interface NodeView {
  name: string;
  /** IPv4 as discovered (or resolved), null when unknown. */
  ip: string | null;
  /** Services the node runs. */
  roles: NodeRole[];
  publisher: boolean;
  reachable: boolean;
  /** Why it cannot be reached or resolved, when it cannot. */
  problem: string | null;
}

export interface ClusterView {
  name: string;
  securityMode: ClusterSecurityMode;
  nodes: NodeView[];
  /** Nodes that cannot be reached or resolved, by name (also flagged in `nodes`). */
  unreachable: string[];
  /** The current CTL as the cluster serves it, or null when there is none. */
  currentCtl: CurrentCtlView | null;
}

export interface CurrentCtlView {
  /** SHA-256 of the file bytes, lower-case hex. */
  sha256: string;
  size: number;
  timestamp: number;
  hashAlgorithm: HashAlgorithm;
  signatureValid: boolean;
  /** Subject of the SAST that signed it. */
  signerSubject: string;
  /** The SAST entries listed: the tokens that may prove themselves and sign the next CTL. */
  sastEntries: { subject: string; issuer: string; serial: string; fingerprint: string | null }[];
}

// ---------------------------------------------------------------------------------------
// Mode

export interface ModeChoice {
  mode: SessionMode;
  offered: boolean;
  /** Why it is not offered, or a note (e.g. "the cluster is already in mixed mode"). */
  note: string | null;
}

// ---------------------------------------------------------------------------------------
// Tokens

/** A token as the engine shows it (no secrets: never a PIN, only its state). */
export interface TokenView {
  /** Token serial (unique; commands name tokens by serial or label). */
  serial: string;
  label: string;
  manufacturer: string;
  model: string;
  pin: PinState;
  /** The SAST certificate the token would contribute, or null when it holds none usable. */
  certificate: {
    subject: string;
    issuer: string;
    subjectCn: string;
    serial: string;
    notBefore: string;
    notAfter: string;
    fingerprint: string;
  } | null;
  /** The token's certificate is a SAST record of the current CTL. */
  inCurrentCtl: boolean;
}

export interface AddedToken extends TokenView {
  /** 1-based order of insertion. */
  order: number;
  /** This token proved itself (PIN, current CTL signature, possession challenge). */
  proven: boolean;
  /** A login is held for the session (proof token), so signing with it needs no new PIN. */
  loggedIn: boolean;
}

export interface TokensView {
  /** `first-time`: no CTL, add at least `minimum` tokens. `prove-first`: a listed token proves itself before any change. */
  requirement: 'first-time' | 'prove-first';
  minimum: number;
  /** True until a token listed in the current CTL has proven itself (update / mode change only). */
  mustProve: boolean;
  /** Tokens present right now (all of them; the UI asks for one at a time). */
  present: TokenView[];
  /** More than one token is present; the guide says insert one at a time. */
  severalPresent: boolean;
  /** The token shown before it is added (after `preview-token`). */
  candidate: TokenView | null;
  /** Added tokens in insertion order (the proven token first in an update). */
  added: AddedToken[];
}

// ---------------------------------------------------------------------------------------
// Entries

/** Where an entry comes from; decides whether it may be deleted. */
export type EntrySource =
  | 'cluster-node' // discovered CallManager/TFTP node
  | 'cluster-capf' // discovered CAPF
  | 'cluster-firewall' // firewall the cluster reports
  | 'token' // a SAST token entry
  | 'tftp-server' // alternate/centralized TFTP server added by the administrator
  | 'firewall' // firewall added by the administrator
  | 'carried'; // a non-cluster entry of the current CTL kept as it is

export interface EntryRow {
  /** Stable id within the session (commands name entries by it). */
  id: string;
  role: CtlRole;
  source: EntrySource;
  /** DNS name (empty for tokens). */
  host: string;
  ip: string | null;
  subject: string;
  issuer: string;
  /** Upper-case hex. */
  serial: string;
  /** ISO 8601, or null when the certificate is stripped/unknown. */
  notAfter: string | null;
  /** SHA-256 of the certificate DER, lower-case hex; null when stripped. */
  fingerprint: string | null;
  deletable: boolean;
  /** Why it cannot be deleted (names the rule), when it cannot. */
  refusal: Refusal | null;
  /** Compared with the current CTL. */
  change: 'unchanged' | 'added' | 'changed';
}

// ---------------------------------------------------------------------------------------
// Review

export interface DiffRow {
  change: 'added' | 'removed' | 'changed' | 'unchanged';
  role: CtlRole;
  host: string;
  subject: string;
  /** Fingerprints before/after (null when absent or stripped). */
  before: string | null;
  after: string | null;
}

export type CheckId =
  | 'signer-in-current-ctl' // phones reject a CTL signed by anything else
  | 'sast-count' // at least two SAST entries
  | 'certificates-parse' // every certificate parses
  | 'expiry' // entries expiring within 30 days
  | 'hash-compatibility' // the hash algorithm phones understand; the key can carry it
  | 'targets-reachable'; // every target can be reached

export interface ReviewCheck {
  id: CheckId;
  title: string;
  status: 'pass' | 'warn' | 'fail';
  /** A failing blocking check stops signing unless overridden. */
  blocking: boolean;
  overridable: boolean;
  overridden: boolean;
  /** The exact text the administrator must type to override, when overridable. */
  confirmationText: string | null;
  detail: string;
  guideRef: string;
}

export interface SignerView {
  token: AddedToken;
  /** False when the signer holds a login from its proof: Finish will not ask again. */
  needsPin: boolean;
}

export interface ReviewView {
  mode: SessionMode;
  /** The security mode the cluster will be in after commit. */
  targetSecurityMode: ClusterSecurityMode;
  hashAlgorithm: HashAlgorithm;
  /** The token that will sign, or null when none qualifies. */
  signer: SignerView | null;
  diff: DiffRow[];
  checks: ReviewCheck[];
  /** True when every blocking check passes or is overridden. */
  canSign: boolean;
  /** Where the CTL will be written. */
  targets: TargetView[];
}

// ---------------------------------------------------------------------------------------
// Publish

export type TargetKind = 'node' | 'tftp-server' | 'firewall';

export interface TargetView {
  /** Stable id, e.g. "node:cucm1". */
  id: string;
  kind: TargetKind;
  host: string;
  port: number;
}

export type TargetPhase =
  | 'waiting'
  | 'staging'
  | 'staged'
  | 'committing'
  | 'committed'
  | 'verifying'
  | 'verified'
  | 'aborting'
  | 'aborted'
  | 'rolling-back'
  | 'rolled-back';

export interface TargetProgress extends TargetView {
  phase: TargetPhase;
  status: 'pending' | 'active' | 'ok' | 'failed';
  /** Commit attempts so far. */
  attempts: number;
  error: string | null;
  /** Path of the CTL on the target, once known. */
  fileLocation: string | null;
  /** SHA-256 read back from the target, lower-case hex. */
  readBackSha256: string | null;
  /** CAPF certificate distribution for nodes (null for other targets). */
  capf: 'not-needed' | 'pending' | 'done' | 'failed' | null;
}

export interface PublishView {
  /** SHA-256 of the signed CTL, lower-case hex. */
  sha256: string;
  size: number;
  stage: 'signing' | 'staging' | 'aborting' | 'committing' | 'verifying' | 'distributing-capf' | 'rolling-back' | 'finished';
  targets: TargetProgress[];
}

// ---------------------------------------------------------------------------------------
// Done

export interface TargetResult {
  target: TargetView;
  server: string;
  fileLocation: string | null;
  status: 'committed' | 'verified' | 'mismatch' | 'failed' | 'rolled-back' | 'unchanged';
  sha256: string | null;
  error: string | null;
}

export interface ChecklistItem {
  id: 'restart-callmanager' | 'restart-tftp' | 'reset-devices' | 'remove-tokens' | 'retry-failed' | 'erase-phone-ctl';
  text: string;
  /** Nodes the item concerns, when it concerns some. */
  nodes: string[];
}

/** The run report (JSON form; a Markdown rendering sits beside it). No secrets. */
export interface SessionReport {
  version: 1;
  startedAt: string;
  finishedAt: string;
  /**
   * committed: every target holds the new CTL and read it back equal. partial: some do, some
   * do not. rolled-back: the previous CTL was restored. cancelled / refused: nothing changed.
   * failed: staging failed, everything was aborted, nothing changed.
   */
  outcome: 'committed' | 'partial' | 'rolled-back' | 'cancelled' | 'refused' | 'failed';
  cluster: { server: string; port: number; username: string; providerFingerprint: string | null; name: string | null };
  mode: SessionMode | null;
  securityModeBefore: ClusterSecurityMode | null;
  securityModeAfter: ClusterSecurityMode | null;
  hashAlgorithm: HashAlgorithm | null;
  signer: { label: string; serial: string; subject: string; fingerprint: string | null } | null;
  provenToken: { label: string; serial: string; subject: string } | null;
  tokens: { label: string; serial: string; subject: string; fingerprint: string | null }[];
  previousCtl: { sha256: string; size: number } | null;
  newCtl: { sha256: string; size: number; timestamp: number } | null;
  entries: { role: CtlRole; host: string; ip: string | null; subject: string; serial: string; fingerprint: string | null }[];
  diff: DiffRow[];
  checks: { id: CheckId; status: 'pass' | 'warn' | 'fail'; overridden: boolean; detail: string }[];
  overrides: { check: CheckId; confirmation: string; at: string }[];
  targets: TargetResult[];
  checklist: ChecklistItem[];
  refusal: Refusal | null;
}

export interface DoneView {
  outcome: SessionReport['outcome'];
  results: TargetResult[];
  checklist: ChecklistItem[];
  report: SessionReport;
  /** The same report rendered as Markdown. */
  reportMarkdown: string;
}

// ---------------------------------------------------------------------------------------
// State union and snapshot

export type SessionStateView =
  | { kind: 'connect' }
  | {
    kind: 'trust';
    purpose: ProviderPurpose;
    /** The certificate to trust next (send trust-provider with its fingerprint, or back). */
    presented: ProviderIdentity;
    /** Further untrusted certificates of the same step (other nodes of the cluster). */
    others?: ProviderIdentity[];
    /** Where trust-provider returns once all are trusted; then repeat the command (the password is not kept). */
    returnTo: SessionStateKind;
  }
  | { kind: 'mode' }
  | { kind: 'tokens' }
  | { kind: 'entries' }
  | { kind: 'review' }
  | { kind: 'publishing' }
  | { kind: 'publish-failed'; failed: string[]; offered: ('retry' | 'rollback')[] }
  | { kind: 'done' }
  | { kind: 'cancelled'; reason: string };

export interface SnapshotBase {
  /** Increases with every snapshot the engine emits. */
  seq: number;
  /** Long-running work in the current state; only `cancel` is accepted while busy. */
  busy: { action: string; detail: string | null } | null;
  /** Commands accepted in the current state (for enabling buttons). */
  allowed: SessionCommand['type'][];
  server: ServerView | null;
  cluster: ClusterView | null;
  modeChoices: ModeChoice[];
  mode: SessionMode | null;
  tokens: TokensView | null;
  entries: EntryRow[];
  hashAlgorithm: HashAlgorithm;
  review: ReviewView | null;
  publish: PublishView | null;
  done: DoneView | null;
  /** Warnings the UI should show (several tokens present, expiring entries, ...). */
  notices: string[];
  /** The last refused/failed command, until the next command succeeds. */
  lastError: SessionError | null;
}

/** What the UI renders: narrow on `kind`. */
export type SessionSnapshot = SnapshotBase & SessionStateView;

// ---------------------------------------------------------------------------------------
// Commands (UI/CLI -> engine). Secrets appear only here and are dropped after use.

export type SessionCommand =
  | { type: 'connect'; host: string; port?: number; username: string; password: string }
  | { type: 'trust-provider'; fingerprint: string }
  | { type: 'choose-mode'; mode: SessionMode }
  /** Tokens are named by serial (preferred) or label. Allowed in `tokens` and `entries` (Add Tokens). */
  | { type: 'preview-token'; token: string }
  | { type: 'add-token'; token: string; pin?: string; confirmFinalTry?: boolean }
  | { type: 'tokens-done' }
  /** Credentials of that server's provider (the cluster's password is not kept); username defaults to the cluster's. */
  | { type: 'add-tftp-server'; host: string; port?: number; username?: string; password?: string }
  | { type: 'add-firewall'; host: string; port?: number; username?: string; password?: string }
  | { type: 'delete-entries'; ids: string[] }
  | { type: 'set-hash-algorithm'; algorithm: HashAlgorithm }
  | { type: 'choose-signer'; token: string }
  | { type: 'go-to-review' }
  | { type: 'override-check'; check: CheckId; confirmation: string }
  | { type: 'sign'; pin?: string; confirmFinalTry?: boolean }
  | { type: 'retry' }
  | { type: 'rollback' }
  | { type: 'cancel' }
  | { type: 'back' };

export type SessionCommandType = SessionCommand['type'];

/** Fixed by the guide: CTL Provider default port, and the firewall port that cannot change. */
export const DEFAULT_PROVIDER_PORT = 2444;
export const FIREWALL_PORT = 2444;
export const MINIMUM_TOKENS = 2;
/** Entries expiring within this many days get an expiry warning. */
export const EXPIRY_WARNING_DAYS = 30;
