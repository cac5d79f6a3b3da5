// Commands the UI and the CLI send to the engine. Secrets (password, PIN) appear only here
// and are dropped by the engine after use. Part of the session contract re-exported by ./types.
import type { HashAlgorithm } from '../ctl/model';
import type { CheckId } from './results';
import type { SessionMode } from './types';

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
