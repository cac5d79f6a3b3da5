// What the review, publish and done screens render, and the run report. Part of the session
// contract re-exported by ./types; plain data, never a secret.
import type { CtlRole, HashAlgorithm } from '../ctl/model';
import type { ClusterSecurityMode, SessionMode } from './types';
import type { AddedToken } from './views';
import type { Refusal } from './refusals';
import type { Message } from './messages';

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

/** The review checks, in the order the review shows them. */
export const CHECK_IDS = [
  'signer-in-current-ctl', // phones reject a CTL signed by anything else
  'sast-count', // at least two SAST entries
  'certificates-parse', // every certificate parses
  'expiry', // entries expiring within 30 days
  'hash-compatibility', // a hash phones verify (SHA-1, SHA-512); the key can carry it
  'hash-change', // the new CTL's hash algorithm differs from the current CTL's (either direction)
  'current-ctl-consistent', // every target holds the same current CTL, or the signer is listed in each
  'targets-reachable', // every target can be reached
] as const;
export type CheckId = (typeof CHECK_IDS)[number];

export interface ReviewCheck {
  /** Also names the check: its title is worded as `check.<id>.title` (checkTitle). */
  id: CheckId;
  status: 'pass' | 'warn' | 'fail';
  /** A failing blocking check stops signing unless overridden. */
  blocking: boolean;
  overridable: boolean;
  overridden: boolean;
  /** The exact text the administrator must type to override, when overridable. */
  confirmationText: string | null;
  detail: Message;
  /** Pages of Cisco's security guide behind the check; empty for this product's own checks. */
  guidePages: string[];
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
  /**
   * Which targets hold which current CTL (one group when they all agree): the file phones of
   * each node trust, and whether the signer is listed in it.
   */
  currentCtls: { sha256: string | null; targets: string[]; signerListed: boolean }[];
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
  /** Why the last step failed on this target (worded where it is shown). */
  error: Message | null;
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
  error: Message | null;
}

export interface ChecklistItem {
  /** Also what it asks: worded as `checklist.<id>` (checklistMessage). */
  id: 'restart-callmanager' | 'restart-tftp' | 'reset-devices' | 'remove-tokens' | 'retry-failed' | 'erase-phone-ctl';
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
  checks: { id: CheckId; status: 'pass' | 'warn' | 'fail'; overridden: boolean; detail: Message }[];
  overrides: { check: CheckId; confirmation: string; at: string }[];
  targets: TargetResult[];
  /** The published file as TFTP servers serve it (empty when none was checked). */
  phoneCheck: PhoneCheckResult[];
  checklist: ChecklistItem[];
  refusal: Refusal | null;
}

/**
 * The phone's-eye check: the published file downloaded over TFTP from one TFTP server, as a
 * phone gets it, and compared byte for byte. `unreachable` is a warning (the publish stands);
 * `differs` and `refused` mean phones fetching from that server do not get the new CTL.
 */
export interface PhoneCheckResult {
  /** `host:port` of the TFTP server. */
  server: string;
  outcome: 'matches' | 'differs' | 'unreachable' | 'refused';
  /** Size and SHA-256 of what the server sent (matches, differs). */
  bytes?: number;
  sha256?: string;
  /** Offset of the first differing byte (differs). */
  firstDifference?: number;
  /** The TFTP failure (unreachable, refused): its code and the server's or the client's words. */
  error?: { code: string; message: string };
}

export interface DoneView {
  outcome: SessionReport['outcome'];
  results: TargetResult[];
  /** The TFTP downloads after the publish, per TFTP server (empty when none was checked). */
  phoneCheck: PhoneCheckResult[];
  checklist: ChecklistItem[];
  report: SessionReport;
  /** The same report rendered as Markdown. */
  reportMarkdown: string;
}
