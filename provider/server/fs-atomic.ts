// File writes that never leave a half-written file under its real name, and path
// resolution that never leaves the TFTP root whatever name a request carries.
//
// The provider is a separate deliverable (it runs on a TFTP host without the app), so it
// keeps its own atomic writer rather than importing electron/services/fs/atomic-write.ts;
// the rules are the same: temporary file in the target's directory (created exclusively),
// fsync, rename, then fsync of the directory so the rename itself is durable. On any
// failure before the rename the temporary file is removed, and the error is reported.
import { open, rename, unlink, readdir, realpath } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';

/** Prefix of temporary files; startup removes leftovers (a crash between write and rename). */
export const TEMP_PREFIX = '.ctlprov-tmp-';

/** Writes temp file (exclusive create, so a planted symlink is never followed), fsync, rename, fsync dir. */
export async function writeFileAtomic(target: string, data: Uint8Array, mode = 0o644): Promise<void> {
  await writeFilesAtomic([{ target, data, mode }]);
}

export interface FileToWrite {
  target: string;
  data: Uint8Array;
  mode?: number;
}

/**
 * writeFileAtomic for several files of one directory: the temporary files are written and
 * fsynced side by side, renamed in the order given, then the directory is fsynced once.
 * If any temporary file fails, all are removed and no target changes. Each file is
 * replaced atomically; the set is not (a failed second rename leaves the first done).
 */
export async function writeFilesAtomic(files: readonly FileToWrite[]): Promise<void> {
  const dir = path.dirname(files[0]?.target ?? '.');
  if (files.some((f) => path.dirname(f.target) !== dir)) throw new Error('writeFilesAtomic: every file must be in one directory');
  const temps = files.map((f) => path.join(dir, `${TEMP_PREFIX}${path.basename(f.target)}-${randomBytes(6).toString('hex')}`));
  const removeTemps = () => Promise.all(temps.map((t) => unlink(t).catch(() => undefined)));
  const written = await Promise.allSettled(files.map((f, i) => writeTemp(temps[i]!, f.data, f.mode ?? 0o644)));
  const failed = written.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failed) {
    await removeTemps();
    throw failed.reason;
  }
  try {
    for (const [i, f] of files.entries()) await rename(temps[i]!, f.target);
  } catch (err) {
    await removeTemps();
    throw err;
  }
  await fsyncDir(dir);
}

async function writeTemp(temp: string, data: Uint8Array, mode: number): Promise<void> {
  const handle = await open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close(); // a failed close (delayed write error) fails the write too
  }
}

// Codes with which some file systems refuse fsync on a directory: the rename is still
// atomic there, only its durability is up to the file system.
const DIR_SYNC_UNSUPPORTED = new Set(['EINVAL', 'ENOTSUP', 'EOPNOTSUPP', 'EISDIR', 'EPERM', 'EACCES', 'EBADF']);
const unsupported = (err: unknown) => DIR_SYNC_UNSUPPORTED.has((err as NodeJS.ErrnoException).code ?? '');

/**
 * fsync of a directory, which makes a rename in it durable. Skipped on Windows and where
 * the file system refuses it; a real failure (EIO…) is thrown: the new file may be lost.
 */
export async function fsyncDir(dir: string): Promise<void> {
  if (process.platform === 'win32') return;
  let handle;
  try {
    handle = await open(dir, 'r');
  } catch (err) {
    if (unsupported(err)) return;
    throw err;
  }
  try {
    await handle.sync();
  } catch (err) {
    if (!unsupported(err)) throw err;
  } finally {
    await handle.close();
  }
}

/** Removes temp files a crash left behind in `dir`. Returns the names removed. */
export async function removeStaleTemps(dir: string): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const stale = names.filter((n) => n.startsWith(TEMP_PREFIX));
  await Promise.all(stale.map((n) => unlink(path.join(dir, n)).catch(() => undefined)));
  return stale;
}

export class UnsafePathError extends Error {
  constructor(readonly requested: string, reason: string) {
    super(`refused file name ${JSON.stringify(requested.slice(0, 80))}: ${reason}`);
    this.name = 'UnsafePathError';
  }
}

const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

/**
 * Resolves a plain file name inside `root`. Only a single path component of safe
 * characters is accepted: no separators, no `..`, no NUL, no leading dot, no drive letters.
 * The resolved directory is also checked against the root's real path.
 */
export async function resolveInRoot(root: string, name: string): Promise<string> {
  if (name.includes('\0')) throw new UnsafePathError(name, 'contains NUL');
  if (name.includes('/') || name.includes('\\')) throw new UnsafePathError(name, 'contains a path separator');
  if (!SAFE_NAME.test(name)) throw new UnsafePathError(name, 'only letters, digits, ".", "_" and "-" are allowed, not starting with "."');
  const realRoot = await realpath(root);
  const target = path.resolve(realRoot, name);
  if (path.dirname(target) !== realRoot) throw new UnsafePathError(name, 'resolves outside the TFTP root');
  return target;
}
