// Path resolution that never leaves the TFTP root whatever name a request carries, and the
// provider's temporary-file prefix. Files are written with the one atomic writer
// (shared/node/atomic-write.ts) under that prefix, so a start-up finds a crash's leftovers.
import { unlink, readdir, realpath } from 'node:fs/promises';
import path from 'node:path';
import type { AtomicWriteOptions } from '../../shared/node/atomic-write';

/** Prefix of temporary files; startup removes leftovers (a crash between write and rename). */
export const TEMP_PREFIX = '.ctlprov-tmp-';

/** Options of every provider write: its temporary files carry the provider's prefix. */
export const PROVIDER_WRITE: AtomicWriteOptions = { tempPrefix: TEMP_PREFIX };

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
