// Atomic file replacement, the one implementation for the app, the CLIs and the token
// demo store: write a temporary file beside the target (same directory, so the rename
// cannot cross file systems), fsync it, rename it over the target, then fsync the
// directory so the rename itself survives a power cut. Readers see the old file or the
// new one, never a half-written CTL; on any failure the temporary file is removed.
import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o644; use 0o600 for anything private). */
  mode?: number;
  /**
   * Start of the temporary file's name (default `.<target name>.`). A fixed prefix lets a
   * service find and remove the leftovers of a crash between write and rename.
   */
  tempPrefix?: string;
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const dir = dirname(path);
  const prefix = options.tempPrefix ?? `.${basename(path)}.`;
  const temp = join(dir, `${prefix}${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  // 'wx': exclusive create, so a symlink planted under the temporary name is never followed.
  const handle = await open(temp, 'wx', options.mode ?? 0o644);
  try {
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

// Codes with which some file systems refuse fsync on a directory; the rename is still
// atomic there, only its durability is up to the file system.
const DIRECTORY_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM', 'EACCES', 'EBADF']);

/** fsync of a directory; skipped where the OS cannot open directories (Windows). */
export async function syncDirectory(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (error) {
    if (DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) return;
    throw error;
  }
  try {
    await handle.sync();
  } catch (error) {
    // EIO and the like mean the new file may not be durable: the caller must hear of it.
    if (!DIRECTORY_SYNC_UNSUPPORTED.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
  } finally {
    await handle.close();
  }
}
