// Atomic file replacement, the one implementation for the app, the command line, the token
// demo store and the provider: write a temporary file beside the target (same directory, so
// the rename cannot cross file systems), fsync it, rename it over the target, then fsync the
// directory so the rename itself survives a power cut. Readers see the old file or the new
// one, never a half-written CTL; on any failure the temporary files are removed.
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export interface AtomicWriteOptions {
  /** File mode of the new file (default 0o644; use 0o600 for anything private). */
  mode?: number;
  /**
   * Start of the temporary file's name (default `.<target name>.`). A fixed prefix lets a
   * service find and remove the leftovers of a crash between write and rename.
   */
  tempPrefix?: string;
  /** Create the target's folder first (private app files on first use). */
  createDirectory?: boolean;
}

/** A private file of the user's (settings, reports, trust decisions): owner-only, folder created on first use. */
export const PRIVATE_FILE: AtomicWriteOptions = { mode: 0o600, createDirectory: true };

export interface FileToWrite {
  target: string;
  data: Uint8Array | string;
  mode?: number;
}

export async function writeFileAtomic(path: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  await writeFilesAtomic([{ target: path, data, ...(options.mode !== undefined ? { mode: options.mode } : {}) }], options);
}

/**
 * writeFileAtomic for several files of one directory: the temporary files are written and
 * fsynced side by side, renamed in the order given, then the directory is fsynced once. If
 * any temporary file fails, all are removed and no target changes. Each file is replaced
 * atomically; the set is not (a failed second rename leaves the first done).
 */
export async function writeFilesAtomic(files: readonly FileToWrite[], options: Omit<AtomicWriteOptions, 'mode'> = {}): Promise<void> {
  const dir = dirname(files[0]?.target ?? '.');
  if (files.some((f) => dirname(f.target) !== dir)) throw new Error('writeFilesAtomic: every file must be in one directory');
  if (options.createDirectory) await mkdir(dir, { recursive: true });
  const temps = files.map((f) => join(dir, `${options.tempPrefix ?? `.${basename(f.target)}.`}${process.pid}.${randomBytes(6).toString('hex')}.tmp`));
  const removeTemps = () => Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
  const written = await Promise.allSettled(files.map((f, i) => writeTemp(temps[i]!, f.data, f.mode ?? 0o644)));
  const failed = written.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await removeTemps();
    throw failed.reason;
  }
  try {
    for (const [i, f] of files.entries()) await rename(temps[i]!, f.target);
  } catch (error) {
    await removeTemps();
    throw error;
  }
  await syncDirectory(dir);
}

async function writeTemp(temp: string, data: Uint8Array | string, mode: number): Promise<void> {
  // 'wx': exclusive create, so a symlink planted under the temporary name is never followed.
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close(); // a failed close (delayed write error) fails the write too
  }
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
