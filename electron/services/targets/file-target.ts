// The publish logic every file-based target shares (SFTP and folder differ only in their
// RootFiles): staged uploads read back, compare-and-swap commit keeping a backup, rollback
// to the backup, and cleanup of staged files. Each failure says what it left changed.
import { randomBytes } from 'node:crypto';
import { sha256Hex } from '../../../shared/node/hash';
import { INPUT_FILE_LIMIT } from '../fs/read-bounded';
import { msg, type Message } from '../../../shared/session/messages';
import { heldSha, TargetError, type TargetChange } from './errors';
import {
  BACKUP_NAME, CTL_NAME, NEW_FILE_MODE, STAGE_PREFIX,
  type CommitResult, type CurrentCtl, type PublishTarget, type RootFile, type RootFiles, type StageResult, type TargetKind,
} from './types';

interface Staged {
  name: string;
  sha256: string;
}

interface LastCommit {
  /** What the commit replaced (restored by rollback), or null when there was no file. */
  previous: { sha256: string; mode: number; uid: number; gid: number } | null;
  committedSha256: string;
}

/** Permission bits a CTLFile.tlv keeps (no file type bits, no set-id bits). */
const MODE_BITS = 0o777;

export class FileTarget implements PublishTarget {
  private readonly staged = new Map<string, Staged>();
  private lastCommit: LastCommit | null = null;
  private closed = false;

  constructor(readonly kind: TargetKind, readonly display: string, private readonly files: RootFiles) {}

  private error(code: ConstructorParameters<typeof TargetError>[0], problem: Message, changed: TargetChange = 'nothing',
    details: ConstructorParameters<typeof TargetError>[4] = {}): TargetError {
    return new TargetError(code, this.display, problem, changed, details);
  }

  private open(): void {
    if (this.closed) throw this.error('closed', msg('target-reason.closed'));
  }

  private readCtl(): Promise<RootFile | null> {
    return this.files.read(CTL_NAME, INPUT_FILE_LIMIT);
  }

  async getCtl(): Promise<CurrentCtl> {
    this.open();
    const file = await this.readCtl();
    return file ? { bytes: file.bytes, sha256: sha256Hex(file.bytes) } : { bytes: null, sha256: null };
  }

  async stage(bytes: Uint8Array): Promise<StageResult> {
    this.open();
    const stageId = randomBytes(6).toString('hex');
    const name = `${STAGE_PREFIX}${stageId}`;
    const sha256 = sha256Hex(bytes);
    await this.files.write(name, bytes, NEW_FILE_MODE);
    let back: RootFile | null;
    try {
      back = await this.files.read(name, bytes.length);
    } catch (error) {
      await this.files.remove(name).catch(() => undefined);
      throw error;
    }
    const backSha = back ? sha256Hex(back.bytes) : null;
    if (backSha !== sha256) {
      await this.files.remove(name).catch(() => undefined);
      throw this.error('verify-failed', msg('target-reason.staged-read-back', { path: this.files.location(name), held: heldSha(backSha), sha256 }),
        'nothing', { path: this.files.location(name), expected: sha256, actual: backSha });
    }
    this.staged.set(stageId, { name, sha256 });
    return { stageId, sha256 };
  }

  private async checkCurrent(expected: string | null): Promise<RootFile | null> {
    const current = await this.readCtl();
    const actual = current ? sha256Hex(current.bytes) : null;
    if (actual !== expected) {
      const found = actual ? msg('target-reason.held-ctl', { sha256: actual }) : msg('target-reason.held-no-ctl');
      throw this.error('stale', msg('target-reason.changed', { found, wanted: heldSha(expected) }),
        'nothing', { path: this.files.location(CTL_NAME), expected, actual });
    }
    return current;
  }

  async commit(stageId: string, expectedSha256: string | null): Promise<CommitResult> {
    this.open();
    const staged = this.staged.get(stageId);
    if (!staged) throw this.error('unknown-stage', msg('target-reason.no-stage', { stage: stageId }));
    const current = await this.checkCurrent(expectedSha256);
    const previous = current ? { sha256: expectedSha256 as string, mode: current.mode & MODE_BITS, uid: current.uid, gid: current.gid } : null;
    // The backup first: once CTLFile.tlv is replaced, the previous bytes must already be safe.
    if (current && previous) {
      await this.files.write(BACKUP_NAME, current.bytes, previous.mode);
    } else {
      // A backup of an older commit would make rollback restore a file this commit never replaced.
      await this.files.remove(BACKUP_NAME);
    }
    const mode = previous?.mode ?? NEW_FILE_MODE;
    const ownerKept = await this.files.setAttributes(staged.name, previous ? { mode, uid: previous.uid, gid: previous.gid } : { mode });
    // Again just before the rename: narrows the window in which another writer's file would be replaced.
    await this.checkCurrent(expectedSha256);
    await this.files.replace(staged.name, CTL_NAME);
    this.staged.delete(stageId);
    // Recorded before the read-back: if that fails, the replaced file can still be rolled back.
    this.lastCommit = { previous, committedSha256: staged.sha256 };
    const committed = await this.settleAfterReplace(staged.sha256);
    return { sha256: committed, fileLocation: this.files.location(CTL_NAME), previousSha256: previous?.sha256 ?? null, mode, ownerKept };
  }

  /** fsync of the root, then the read-back of CTLFile.tlv; failures from here on report the file as replaced. */
  private async settleAfterReplace(expected: string): Promise<string> {
    try {
      await this.files.syncRoot();
      const back = await this.readCtl();
      const sha = back ? sha256Hex(back.bytes) : null;
      if (sha !== expected) {
        throw this.error('verify-failed', msg('target-reason.commit-read-back', { held: heldSha(sha), expected: heldSha(expected) }),
          'ctl-replaced', { path: this.files.location(CTL_NAME), expected, actual: sha });
      }
      return sha;
    } catch (error) {
      throw error instanceof TargetError ? error.withChange('ctl-replaced') : error;
    }
  }

  async abort(stageId: string): Promise<void> {
    this.open();
    const staged = this.staged.get(stageId);
    if (!staged) return;
    await this.files.remove(staged.name);
    this.staged.delete(stageId);
  }

  async rollback(): Promise<{ sha256: string | null }> {
    this.open();
    const last = this.lastCommit;
    if (!last) throw this.error('nothing-to-roll-back', msg('target-reason.no-commit'));
    await this.checkCurrent(last.committedSha256);
    const { previous } = last;
    if (previous) {
      const backup = await this.files.read(BACKUP_NAME, INPUT_FILE_LIMIT);
      const backupSha = backup ? sha256Hex(backup.bytes) : null;
      if (!backup || backupSha !== previous.sha256) {
        throw this.error('backup-damaged', msg('target-reason.backup-mismatch', { path: this.files.location(BACKUP_NAME), held: heldSha(backup ? backupSha : null), sha256: previous.sha256 }),
          'nothing', { path: this.files.location(BACKUP_NAME), expected: previous.sha256, actual: backupSha });
      }
      // Like a commit: a staged copy gets its mode and owner first, then one rename puts it in
      // place, so phones never see the file half-written or with the wrong mode.
      const name = `${STAGE_PREFIX}${randomBytes(6).toString('hex')}`;
      await this.files.write(name, backup.bytes, previous.mode);
      try {
        await this.files.setAttributes(name, previous);
        await this.files.replace(name, CTL_NAME);
      } catch (error) {
        await this.files.remove(name).catch(() => undefined);
        throw error;
      }
    } else {
      await this.files.remove(CTL_NAME);
    }
    const restored = previous?.sha256 ?? null;
    try {
      await this.files.syncRoot();
      const back = await this.readCtl();
      const sha = back ? sha256Hex(back.bytes) : null;
      if (sha !== restored) {
        throw this.error('verify-failed', msg('target-reason.rollback-read-back', { held: heldSha(sha) }),
          'ctl-replaced', { expected: restored, actual: sha });
      }
    } catch (error) {
      throw error instanceof TargetError ? error.withChange('ctl-replaced') : error;
    }
    this.lastCommit = null;
    return { sha256: restored };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    try {
      for (const staged of this.staged.values()) await this.files.remove(staged.name).catch(() => undefined);
      this.staged.clear();
    } finally {
      await this.files.close();
    }
  }
}
