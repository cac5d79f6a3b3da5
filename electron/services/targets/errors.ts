// Typed errors of the publish targets (SFTP, folder). `code` and `details` are for programs
// (the session engine, the UI's translations); `message` is a complete sentence for the
// administrator that names the target and says what changed on it. The problem is a message
// (`target-reason.*` and `target-url.*`, worded in the reader's language); an SSH library's own
// text appears only as the detail of a failure it alone can explain.
import english from '../../../shared/i18n/engine.en.json';
import { formatMessage, msg, type Message } from '../../../shared/session/messages';
import { BoundedReadError, formatLimit } from '../fs/read-bounded';

export type TargetErrorCode =
  | 'invalid-url' // the target URL cannot be used (names why)
  | 'host-unresolvable'
  | 'connection-refused'
  | 'timeout'
  | 'connection-lost'
  | 'host-key-untrusted' // first contact: details.fingerprint waits for the administrator's decision
  | 'host-key-changed' // details.fingerprint (presented) differs from details.pinned
  | 'auth-failed' // wrong key, password or agent identity
  | 'path-not-found' // the root (or a file in it) does not exist
  | 'not-a-directory'
  | 'permission-denied'
  | 'disk-full'
  | 'too-large' // the current file is larger than any CTL could be
  | 'stale' // compare-and-swap refused: details.expected vs details.actual
  | 'unknown-stage'
  | 'nothing-to-roll-back'
  | 'backup-damaged'
  | 'verify-failed' // a file read back differs from what was written
  | 'closed'
  | 'io';

/**
 * What the failed operation left on the target:
 * - `nothing`: CTLFile.tlv is as before (a temporary file may have been removed or refreshed);
 * - `ctl-replaced`: CTLFile.tlv now holds other bytes than before the call;
 * - `ctl-missing`: CTLFile.tlv is absent (only possible with the no-posix-rename fallback,
 *   whose repair failed); the backup file holds the previous one.
 */
export type TargetChange = 'nothing' | 'ctl-replaced' | 'ctl-missing';

export interface TargetErrorDetails {
  /** Path on the target the failure concerns. */
  path?: string;
  /** OpenSSH-style `SHA256:…` fingerprint the server presented (host-key-*). */
  fingerprint?: string;
  /** The pinned fingerprint (host-key-changed). */
  pinned?: string;
  /** Host key algorithm (host-key-*), e.g. `ssh-ed25519`. */
  keyAlgorithm?: string;
  /** Compare-and-swap: the SHA-256 the caller expected (null = no file) and the one found. */
  expected?: string | null;
  actual?: string | null;
  /** The underlying code (errno name or SFTP status), for diagnostics. */
  reason?: string;
}

const CHANGE_TEXT: Record<TargetChange, string> = {
  nothing: 'nothing changed',
  'ctl-replaced': 'CTLFile.tlv was replaced',
  'ctl-missing': 'CTLFile.tlv is missing; its previous version is in the backup file',
};

export class TargetError extends Error {
  override readonly name = 'TargetError';

  constructor(
    readonly code: TargetErrorCode,
    /** The target as shown to people (URL without secrets). */
    readonly target: string,
    /** What went wrong, without the target and the change (the message has both). */
    readonly problem: Message,
    readonly changed: TargetChange = 'nothing',
    readonly details: TargetErrorDetails = {},
  ) {
    super(`${target}: ${formatMessage(english, problem)}; ${CHANGE_TEXT[changed]}`);
  }

  /** The same failure, reported with what the caller's step had changed by then. */
  withChange(changed: TargetChange): TargetError {
    return new TargetError(this.code, this.target, this.problem, changed, this.details);
  }
}

export function isTargetError(error: unknown): error is TargetError {
  return error instanceof TargetError;
}

/** The kind of failure a file-system code means (local errno names and SFTP statuses both map here). */
export type FileFailure = 'path-not-found' | 'not-a-directory' | 'permission-denied' | 'disk-full' | 'io';

const ERRNO_FAILURE: Record<string, FileFailure> = {
  ENOENT: 'path-not-found',
  ENOTDIR: 'not-a-directory',
  EACCES: 'permission-denied',
  EPERM: 'permission-denied',
  EROFS: 'permission-denied',
  ENOSPC: 'disk-full',
  EDQUOT: 'disk-full',
};

export function failureOfErrno(code: string | undefined): FileFailure {
  return (code && ERRNO_FAILURE[code]) || 'io';
}

/** Why a local file (a key, a password file, a CTL in a folder) could not be read. */
export function readFailure(error: unknown): Message {
  if (error instanceof BoundedReadError && error.failure === 'not-regular') return msg('target-reason.not-regular');
  if (error instanceof BoundedReadError && error.failure === 'too-large' && error.limit !== null) return msg('target-reason.over-limit', { limit: formatLimit(error.limit) });
  const code = error instanceof BoundedReadError ? error.reason : error instanceof Error ? error.message : String(error);
  return msg('target-reason.system-code', { code });
}

/** A file's SHA-256 as read back, or "nothing". */
export const heldSha = (sha256: string | null): Message => (sha256 ? msg('target-reason.held-sha', { sha256 }) : msg('target-reason.held-none'));

/** What a file operation was doing when it failed (`renaming-*` name the file moved). */
export type TargetAction =
  | 'opening-folder' | 'reading' | 'writing' | 'setting-mode' | 'setting-owner'
  | 'renaming-over' | 'renaming-to' | 'moving-aside' | 'removing' | 'syncing';

export const targetAction = (action: TargetAction, source?: string): Message =>
  msg(`target-action.${action}`, source === undefined ? {} : { source });

/** "permission denied writing /srv/tftp/.CTLFile.tlv.stage-…" and the like; `code` is the errno name or SFTP status. */
export function fileProblem(failure: FileFailure, action: Message, path: string, code: string): Message {
  return msg(`target-reason.${failure}`, { path, action, code });
}
