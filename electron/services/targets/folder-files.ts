// RootFiles of a local (or mounted) folder: the app's atomic writer for every write
// (temporary file, fsync, rename, directory fsync), rename(2) for the commit, which
// replaces CTLFile.tlv atomically on POSIX file systems and on Windows (MoveFileEx).
import { chmod, chown, rename, stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory, writeFileAtomic } from '../../../shared/node/atomic-write';
import { BoundedReadError, readFileBounded } from '../fs/read-bounded';
import { msg, type Message } from '../../../shared/session/messages';
import { TargetError, failureOfErrno, fileProblem, readFailure, targetAction } from './errors';
import { TEMP_PREFIX, type RootFile, type RootFiles } from './types';

const errnoOf = (error: unknown) => (error as NodeJS.ErrnoException).code;

export class FolderFiles implements RootFiles {
  constructor(private readonly root: string, private readonly display: string) {}

  location(name: string): string {
    return path.join(this.root, name);
  }

  private fail(error: unknown, action: Message, name: string | null): TargetError {
    if (error instanceof TargetError) return error;
    const where = name === null ? this.root : this.location(name);
    const code = errnoOf(error);
    const failure = failureOfErrno(code);
    const reason = code ?? (error instanceof Error ? error.message : String(error));
    return new TargetError(failure, this.display, fileProblem(failure, action, where, reason), 'nothing', { path: where, reason });
  }

  async checkRoot(): Promise<void> {
    let info;
    try {
      info = await stat(this.root);
    } catch (error) {
      throw this.fail(error, targetAction('opening-folder'), null);
    }
    if (!info.isDirectory()) {
      throw new TargetError('not-a-directory', this.display, msg('target-reason.not-a-folder', { path: this.root }), 'nothing', { path: this.root });
    }
  }

  async read(name: string, maxBytes: number): Promise<RootFile | null> {
    const file = this.location(name);
    let info;
    try {
      info = await stat(file);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return null;
      throw this.fail(error, targetAction('reading'), name);
    }
    try {
      // Bounded and regular-file-only (a FIFO or device under the name cannot hang the read).
      const bytes = await readFileBounded(file, maxBytes);
      return { bytes, mode: info.mode, uid: info.uid, gid: info.gid };
    } catch (error) {
      if (error instanceof BoundedReadError && error.failure !== 'io') {
        throw new TargetError(error.failure === 'too-large' ? 'too-large' : 'io', this.display, msg('target-reason.file-unusable', { path: file, why: readFailure(error) }), 'nothing', { path: file });
      }
      throw this.fail(error instanceof BoundedReadError ? { code: error.reason } : error, targetAction('reading'), name);
    }
  }

  async write(name: string, bytes: Uint8Array, mode: number): Promise<void> {
    try {
      await writeFileAtomic(this.location(name), bytes, { mode, tempPrefix: TEMP_PREFIX });
      // open(2) applied the umask: set the exact mode (world-readable for TFTP daemons).
      await chmod(this.location(name), mode);
    } catch (error) {
      throw this.fail(error, targetAction('writing'), name);
    }
  }

  async setAttributes(name: string, attrs: { mode: number; uid?: number; gid?: number }): Promise<boolean> {
    const file = this.location(name);
    try {
      await chmod(file, attrs.mode);
    } catch (error) {
      throw this.fail(error, targetAction('setting-mode'), name);
    }
    if (attrs.uid === undefined || attrs.gid === undefined || process.platform === 'win32') return true;
    const info = await stat(file).catch(() => null);
    if (info && info.uid === attrs.uid && info.gid === attrs.gid) return true;
    try {
      await chown(file, attrs.uid, attrs.gid);
      return true;
    } catch (error) {
      // Only root may give a file away: the new file keeps this account's ownership.
      if (errnoOf(error) === 'EPERM') return false;
      throw this.fail(error, targetAction('setting-owner'), name);
    }
  }

  async replace(from: string, to: string): Promise<void> {
    try {
      await rename(this.location(from), this.location(to));
    } catch (error) {
      throw this.fail(error, targetAction('renaming-over', this.location(from)), to);
    }
  }

  async remove(name: string): Promise<void> {
    try {
      await unlink(this.location(name));
    } catch (error) {
      if (errnoOf(error) !== 'ENOENT') throw this.fail(error, targetAction('removing'), name);
    }
  }

  async syncRoot(): Promise<void> {
    try {
      await syncDirectory(this.root);
    } catch (error) {
      throw this.fail(error, targetAction('syncing'), null);
    }
  }

  async close(): Promise<void> {}
}
