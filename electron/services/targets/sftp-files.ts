// RootFiles over SFTP (protocol version 3, as OpenSSH speaks it). Writes go to a temporary
// name (exclusive create), are flushed with fsync@openssh.com where offered, get their exact
// mode, then are renamed into place. Renaming over an existing file needs the
// posix-rename@openssh.com extension (plain SFTPv3 rename refuses an existing target); where
// it is absent the documented fallback moves the old file aside first.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { SFTPWrapper, Stats } from 'ssh2';
import { msg, type Message } from '../../../shared/session/messages';
import { formatLimit } from '../fs/read-bounded';
import { TargetError, fileProblem, targetAction, type FileFailure, type TargetChange } from './errors';
import type { SshConnection } from './sftp-connect';
import { CTL_NAME, TEMP_PREFIX, type RootFile, type RootFiles } from './types';

/** SFTP status codes (draft-ietf-secsh-filexfer-02 §7). */
const FX_NO_SUCH_FILE = 2;
const FX_PERMISSION_DENIED = 3;
const FX_FAILURE = 4;
const FX_NO_CONNECTION = 6;
const FX_CONNECTION_LOST = 7;

const CHUNK = 32 * 1024;

type SftpError = Error & { code?: number | string };

export interface SftpFilesOptions {
  /**
   * `auto` (default): posix-rename@openssh.com when the server offers it, else the fallback.
   * `fallback`: always the fallback (a server that offers the extension but breaks it).
   */
  rename?: 'auto' | 'fallback';
}

/** Runs one callback-style SFTP call as a promise. */
function call<T>(run: (done: (error: Error | null | undefined, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    run((error, value) => (error ? reject(error) : resolve(value as T)));
  });
}

export class SftpFiles implements RootFiles {
  private root: string;
  private readonly sftp: SFTPWrapper;

  constructor(private readonly connection: SshConnection, root: string, private readonly display: string,
    private readonly options: SftpFilesOptions = {}) {
    this.sftp = connection.sftp;
    this.root = root;
  }

  location(name: string): string {
    return path.posix.join(this.root, name);
  }

  private hasExtension(name: string): boolean {
    // ssh2 keeps the extensions of the server's SSH_FXP_VERSION reply here (not in its typings).
    const extensions = (this.sftp as unknown as { _extensions?: Record<string, string> })._extensions;
    return extensions !== undefined && Object.hasOwn(extensions, name);
  }

  private async failureOf(error: SftpError, spaceNeeded: number): Promise<FileFailure | 'connection-lost'> {
    if (this.connection.lost || error.code === FX_NO_CONNECTION || error.code === FX_CONNECTION_LOST) return 'connection-lost';
    if (error.code === FX_NO_SUCH_FILE) return 'path-not-found';
    if (error.code === FX_PERMISSION_DENIED) return 'permission-denied';
    // SFTPv3 has no "disk full" status (OpenSSH sends FAILURE for ENOSPC): ask the file system.
    if (error.code === FX_FAILURE && spaceNeeded > 0 && this.hasExtension('statvfs@openssh.com')) {
      const info = await call<{ f_frsize: number | bigint; f_bavail: number | bigint }>((done) => this.sftp.ext_openssh_statvfs(this.root, done)).catch(() => null);
      if (info && Number(info.f_frsize) * Number(info.f_bavail) < spaceNeeded + 64 * 1024) return 'disk-full';
    }
    return 'io';
  }

  private async fail(error: unknown, action: Message, where: string, spaceNeeded = 0, changed: TargetChange = 'nothing'): Promise<TargetError> {
    if (error instanceof TargetError) return error;
    const e = error as SftpError;
    const failure = await this.failureOf(e, spaceNeeded);
    const reason = e.message;
    if (failure === 'connection-lost') {
      return new TargetError('connection-lost', this.display, msg('target-reason.connection-lost', { action, path: where }), changed, { path: where, reason });
    }
    return new TargetError(failure, this.display, fileProblem(failure, action, where, reason), changed, { path: where, reason });
  }

  async checkRoot(): Promise<void> {
    try {
      // Absolute from here on (a root under the home directory becomes its real path), for messages.
      this.root = await call<string>((done) => this.sftp.realpath(this.root, done));
      const info = await call<Stats>((done) => this.sftp.stat(this.root, done));
      if (!info.isDirectory()) throw new TargetError('not-a-directory', this.display, msg('target-reason.not-a-folder', { path: this.root }), 'nothing', { path: this.root });
    } catch (error) {
      throw await this.fail(error, targetAction('opening-folder'), this.root);
    }
  }

  async read(name: string, maxBytes: number): Promise<RootFile | null> {
    const file = this.location(name);
    let handle: Buffer;
    try {
      handle = await call<Buffer>((done) => this.sftp.open(file, 'r', done));
    } catch (error) {
      if ((error as SftpError).code === FX_NO_SUCH_FILE) return null;
      throw await this.fail(error, targetAction('reading'), file);
    }
    try {
      const info = await call<Stats>((done) => this.sftp.fstat(handle, done));
      if (!info.isFile()) throw new TargetError('io', this.display, msg('target-reason.file-unusable', { path: file, why: msg('target-reason.not-regular') }), 'nothing', { path: file });
      const tooLarge = () => new TargetError('too-large', this.display, msg('target-reason.file-unusable', { path: file, why: msg('target-reason.over-limit', { limit: formatLimit(maxBytes) }) }), 'nothing', { path: file });
      if (info.size !== undefined && info.size > maxBytes) throw tooLarge();
      const chunks: Buffer[] = [];
      let total = 0;
      for (;;) {
        const buffer = Buffer.alloc(CHUNK);
        const read = await call<number>((done) => this.sftp.read(handle, buffer, 0, CHUNK, total, (e, n) => done(e, n)));
        if (read === 0) break;
        total += read;
        // The size is checked while reading: the stat'ed size may be stale or absent.
        if (total > maxBytes) throw tooLarge();
        chunks.push(buffer.subarray(0, read));
      }
      return { bytes: new Uint8Array(Buffer.concat(chunks)), mode: info.mode, uid: info.uid, gid: info.gid };
    } catch (error) {
      throw await this.fail(error, targetAction('reading'), file);
    } finally {
      await call<void>((done) => this.sftp.close(handle, done)).catch(() => undefined);
    }
  }

  async write(name: string, bytes: Uint8Array, mode: number): Promise<void> {
    const temp = `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`;
    const tempPath = this.location(temp);
    try {
      // 'wx': exclusive create, so nothing planted under the temporary name is followed.
      const handle = await call<Buffer>((done) => this.sftp.open(tempPath, 'wx', { mode }, done));
      try {
        for (let offset = 0; offset < bytes.length; offset += CHUNK) {
          const chunk = Buffer.from(bytes.buffer, bytes.byteOffset + offset, Math.min(CHUNK, bytes.length - offset));
          await call<void>((done) => this.sftp.write(handle, chunk, 0, chunk.length, offset, done));
        }
        // The server applied its umask at open: set the exact mode (world-readable for TFTP daemons).
        await call<void>((done) => this.sftp.fsetstat(handle, { mode }, done));
        if (this.hasExtension('fsync@openssh.com')) await call<void>((done) => this.sftp.ext_openssh_fsync(handle, done));
      } finally {
        await call<void>((done) => this.sftp.close(handle, done)).catch(() => undefined);
      }
      await this.replace(temp, name);
    } catch (error) {
      await this.remove(temp).catch(() => undefined);
      throw await this.fail(error, targetAction('writing'), this.location(name), bytes.length);
    }
  }

  async setAttributes(name: string, attrs: { mode: number; uid?: number; gid?: number }): Promise<boolean> {
    const file = this.location(name);
    try {
      await call<void>((done) => this.sftp.setstat(file, { mode: attrs.mode }, done));
    } catch (error) {
      throw await this.fail(error, targetAction('setting-mode'), file);
    }
    if (attrs.uid === undefined || attrs.gid === undefined) return true;
    const info = await call<Stats>((done) => this.sftp.stat(file, done)).catch(() => null);
    if (info && info.uid === attrs.uid && info.gid === attrs.gid) return true;
    try {
      await call<void>((done) => this.sftp.setstat(file, { uid: attrs.uid, gid: attrs.gid }, done));
      return true;
    } catch (error) {
      // Only root may give a file away (chown's EPERM arrives as PERMISSION_DENIED).
      if ((error as SftpError).code === FX_PERMISSION_DENIED) return false;
      throw await this.fail(error, targetAction('setting-owner'), file);
    }
  }

  private rename(from: string, to: string): Promise<void> {
    return call<void>((done) => this.sftp.rename(from, to, done));
  }

  async replace(from: string, to: string): Promise<void> {
    const source = this.location(from);
    const target = this.location(to);
    if (this.options.rename !== 'fallback' && this.hasExtension('posix-rename@openssh.com')) {
      try {
        await call<void>((done) => this.sftp.ext_openssh_rename(source, target, done));
        return;
      } catch (error) {
        throw await this.fail(error, targetAction('renaming-over', source), target);
      }
    }
    await this.fallbackReplace(source, target);
  }

  /**
   * Without posix-rename: a plain rename where `target` does not exist (atomic); else move
   * `target` aside, rename `source` into place, remove the old one. Between the two renames
   * (a few milliseconds) `target` is absent: a TFTP read then fails and the phone retries.
   */
  private async fallbackReplace(source: string, target: string): Promise<void> {
    const exists = await call<Stats>((done) => this.sftp.lstat(target, done)).then(() => true, () => false);
    if (!exists) {
      try {
        await this.rename(source, target);
        return;
      } catch (error) {
        throw await this.fail(error, targetAction('renaming-to', source), target);
      }
    }
    const aside = this.location(`${TEMP_PREFIX}replaced-${randomBytes(6).toString('hex')}`);
    try {
      await this.rename(target, aside);
    } catch (error) {
      throw await this.fail(error, targetAction('moving-aside'), target);
    }
    try {
      await this.rename(source, target);
    } catch (error) {
      const restored = await this.rename(aside, target).then(() => true, () => false);
      const missing: TargetChange = path.posix.basename(target) === CTL_NAME ? 'ctl-missing' : 'nothing';
      throw await this.fail(error, targetAction('renaming-to', source), target, 0, restored ? 'nothing' : missing);
    }
    await call<void>((done) => this.sftp.unlink(aside, done)).catch(() => undefined);
  }

  async remove(name: string): Promise<void> {
    const file = this.location(name);
    try {
      await call<void>((done) => this.sftp.unlink(file, done));
    } catch (error) {
      if ((error as SftpError).code !== FX_NO_SUCH_FILE) throw await this.fail(error, targetAction('removing'), file);
    }
  }

  /** SFTP has no directory fsync: the renames are as durable as the server's file system makes them. */
  async syncRoot(): Promise<void> {}

  async close(): Promise<void> {
    if (this.connection.lost) return;
    await new Promise<void>((resolve) => {
      this.connection.client.once('close', () => resolve());
      this.connection.client.end();
    });
  }
}
