// A publish target: a place that holds CTLFile.tlv and that this client writes directly,
// without a CTL Provider (a TFTP root reached over SFTP, or a local/mounted folder).
//
// The shape follows the engine's ProviderSession (electron/session/ports.ts: getCtl /
// stage / commit / abort / rollback / close) so the engine can drive both through one
// adapter. Differences, because no server-side program guards the file:
// - commit is a compare-and-swap on the current file's SHA-256 (the caller says which file
//   it expects to replace, or that it expects none) instead of a provider lock;
// - stage returns the SHA-256 read back from the staged file, so a transfer error is seen
//   before anything is committed.
// Semantics, names on the target and fallbacks: docs/publish-targets.md.

/** The file phones fetch, and the names this client uses beside it in the same folder. */
export const CTL_NAME = 'CTLFile.tlv';
/** The previous CTLFile.tlv, kept by every commit (the file rollback restores). */
export const BACKUP_NAME = '.CTLFile.tlv.previous';
/** Prefix of staged uploads: `.CTLFile.tlv.stage-<12 hex>`. */
export const STAGE_PREFIX = '.CTLFile.tlv.stage-';
/** Prefix of temporary files (backup writes, rollback writes, the no-posix-rename fallback). */
export const TEMP_PREFIX = '.CTLFile.tlv.tmp-';
/** Mode of a CTLFile.tlv created where none existed: TFTP daemons read files as an unprivileged user. */
export const NEW_FILE_MODE = 0o644;

export interface CurrentCtl {
  /** The file's bytes, or null when the target holds no CTLFile.tlv. */
  bytes: Uint8Array | null;
  /** Lowercase hex SHA-256 of `bytes`, or null. */
  sha256: string | null;
}

export interface StageResult {
  stageId: string;
  /** SHA-256 of the staged file as read back from the target (equal to the bytes given). */
  sha256: string;
}

export interface CommitResult {
  /** SHA-256 of CTLFile.tlv read back after the rename. */
  sha256: string;
  /** Where the file now is, as shown to people (`/srv/tftp/CTLFile.tlv`). */
  fileLocation: string;
  /** SHA-256 of the replaced file (kept as the backup), or null when there was none. */
  previousSha256: string | null;
  /** File mode given to CTLFile.tlv (the previous file's, or NEW_FILE_MODE). */
  mode: number;
  /** False when the previous file's owner could not be kept (only root may give files away). */
  ownerKept: boolean;
}

export type TargetKind = 'sftp' | 'folder';

export interface PublishTarget {
  readonly kind: TargetKind;
  /** The target as shown to people: the URL without secrets, or the folder's absolute path. */
  readonly display: string;
  /** Reads CTLFile.tlv (bounded: a file over the CTL size limit is a `too-large` error). */
  getCtl(): Promise<CurrentCtl>;
  /** Uploads `bytes` under a fresh staging name in the root and verifies them by reading them back. */
  stage(bytes: Uint8Array): Promise<StageResult>;
  /**
   * Replaces CTLFile.tlv with the staged file if the current file's SHA-256 is
   * `expectedSha256` (null: only if there is no CTLFile.tlv); otherwise a `stale` error
   * and nothing changed. The replaced file becomes the backup; the rename is atomic where
   * the server can rename over a file (always for folders; SFTP: posix-rename extension).
   */
  commit(stageId: string, expectedSha256: string | null): Promise<CommitResult>;
  /** Removes a staged file (idempotent for a stage already aborted). */
  abort(stageId: string): Promise<void>;
  /**
   * Restores what this target's last commit (on this connection) replaced: the backup, or
   * no file when there was none. Refused (`stale`) when CTLFile.tlv changed since.
   */
  rollback(): Promise<{ sha256: string | null }>;
  /** Removes staged files left on the target and closes the connection (idempotent). */
  close(): Promise<void>;
}

/** A file as a target's file layer reads it. */
export interface RootFile {
  bytes: Uint8Array;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * The file operations one target kind provides, on names inside its root. Failures are
 * TargetError (change `nothing`): the generic publish logic (file-target.ts) adds what changed.
 */
export interface RootFiles {
  /** Absolute location of a name, for messages (`/srv/tftp/CTLFile.tlv`). */
  location(name: string): string;
  /** Checks the root exists and is a directory (path-not-found / not-a-directory otherwise). */
  checkRoot(): Promise<void>;
  /** A regular file of at most `maxBytes`, or null when absent. */
  read(name: string, maxBytes: number): Promise<RootFile | null>;
  /** Creates or replaces `name` atomically with `bytes` and exactly `mode` (durable when it returns). */
  write(name: string, bytes: Uint8Array, mode: number): Promise<void>;
  /** Sets the exact mode, and the owner where permitted; returns whether the owner was set. */
  setAttributes(name: string, attrs: { mode: number; uid?: number; gid?: number }): Promise<boolean>;
  /**
   * Renames `from` over `to`. Atomic where the file layer can; otherwise the documented
   * fallback (SFTP without posix-rename), whose failures say what state `to` was left in.
   */
  replace(from: string, to: string): Promise<void>;
  /** Removes a file; absent is fine. */
  remove(name: string): Promise<void>;
  /** Makes completed renames durable where the file layer can (fsync of the directory). */
  syncRoot(): Promise<void>;
  close(): Promise<void>;
}
