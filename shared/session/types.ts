// The CTL session as the desktop wizard and `ctl-client run` see it: the state union keyed
// on `kind`, the snapshot a screen renders, the commands a UI sends, and the typed refusals.
// Plain serializable data only (it crosses IPC): no Node APIs, no class instances, and never
// a secret — passwords and PINs appear only inside commands, which the engine drops after use.
//
// Stability: other code (renderer, IPC, CLI) is built against this file. Change it only by
// adding optional fields, new union members or new codes, and say so in the commit message.

import type { HashAlgorithm } from '../ctl/model';
import type { SessionCommand } from './command-schema';
import type { SESSION_MODES } from './command-states';
import type { SessionError } from './refusals';
import type { Message } from './messages';
import type { DoneView, PublishView, ReviewView } from './results';
import type { ClusterView, EntryRow, ModeChoice, ProviderIdentity, ProviderPurpose, ServerView, TokensView } from './views';

// The contract is split by screen; everything is re-exported here so importers keep one path.
export type * from './refusals';
export type * from './views';
export type * from './results';
export type { SessionCommand, SessionCommandOf } from './command-schema';
export type { SessionCommandType } from './command-states';

// ---------------------------------------------------------------------------------------
// Basic vocabulary

/** What the run does to the cluster. `update` is offered only when a CTL exists. */
export type SessionMode = (typeof SESSION_MODES)[number];

/** The cluster security mode the provider reports (0 = non-secure, 1 = mixed). */
export type ClusterSecurityMode = 'non-secure' | 'mixed';

/**
 * Long-running work inside a step, worded as `busy.<action>`; `detail` is the data it concerns
 * (a host, a token label, a number of targets).
 */
export type BusyAction =
  | 'connecting' | 'discovering' | 'adding-tftp-server' | 'adding-firewall' | 'proving' | 'logging-in' | 'signing'
  | 'reading-current-ctl' | 'staging' | 'aborting' | 'committing' | 'rolling-back' | 'reading-tokens' | 'opening-targets'
  | 'checking-tftp';

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
  | { kind: 'cancelled'; reason: Message };

export interface SnapshotBase {
  /** Increases with every snapshot the engine emits. */
  seq: number;
  /** Long-running work in the current state; only `cancel` is accepted while busy. */
  busy: { action: BusyAction; detail: string | null } | null;
  /** Commands accepted in the current state (for enabling buttons). */
  allowed: SessionCommand['type'][];
  server: ServerView | null;
  cluster: ClusterView | null;
  modeChoices: ModeChoice[];
  mode: SessionMode | null;
  tokens: TokensView | null;
  entries: EntryRow[];
  /** Entries deleted on this visit of the entries step, as they were listed: restore-entries puts them back. */
  deleted?: EntryRow[];
  hashAlgorithm: HashAlgorithm;
  review: ReviewView | null;
  publish: PublishView | null;
  done: DoneView | null;
  /** Warnings the UI should show (several tokens present, expiring entries, ...). */
  notices: Message[];
  /** The last refused/failed command, until the next command succeeds. */
  lastError: SessionError | null;
}

/** What the UI renders: narrow on `kind`. */
export type SessionSnapshot = SnapshotBase & SessionStateView;

/** Fixed by the guide: CTL Provider default port, and the firewall port that cannot change. */
export const DEFAULT_PROVIDER_PORT = 2444;
export const FIREWALL_PORT = 2444;
export const MINIMUM_TOKENS = 2;
/** Entries expiring within this many days get an expiry warning. */
export const EXPIRY_WARNING_DAYS = 30;
