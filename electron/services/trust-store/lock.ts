// An exclusive lock file beside the trust store, held around every read-modify-write so the
// desktop app and a command-line run that change the store at the same time lose no entry.
// `open(lock, 'wx')` is atomic on every platform; the holder's pid and start time are
// written into it for whoever finds it. A lock older than STALE_LOCK_MS was left by a
// process that died while holding it (holders keep it for milliseconds) and is broken.
import { open, rename, stat, unlink } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

export const STALE_LOCK_MS = 10_000;
/** Longer than STALE_LOCK_MS, so a waiter outlives any abandoned lock before it gives up. */
export const LOCK_WAIT_MS = 15_000;
const RETRY_MS = 20;

export class TrustStoreLockError extends Error {
  constructor(readonly lockFile: string) {
    super(`the trust store is locked by another process (${lockFile}); if no CTL Client is running, remove that file`);
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function tryAcquire(lockFile: string): Promise<boolean> {
  try {
    const handle = await open(lockFile, 'wx', 0o600);
    try {
      await handle.writeFile(`${process.pid} ${new Date().toISOString()}\n`);
    } finally {
      await handle.close();
    }
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
}

/** Moves an abandoned lock aside (rename is atomic: of two breakers, one wins) and removes it. */
async function breakIfStale(lockFile: string, now: number): Promise<void> {
  let age: number;
  try {
    age = now - (await stat(lockFile)).mtimeMs;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  if (age < STALE_LOCK_MS) return;
  const aside = `${lockFile}.stale-${randomBytes(4).toString('hex')}`;
  try {
    await rename(lockFile, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  await unlink(aside).catch(() => undefined);
}

export async function withLock<T>(lockFile: string, action: () => Promise<T>, waitMs = LOCK_WAIT_MS): Promise<T> {
  const deadline = Date.now() + waitMs;
  while (!(await tryAcquire(lockFile))) {
    if (Date.now() >= deadline) throw new TrustStoreLockError(lockFile);
    await breakIfStale(lockFile, Date.now());
    await sleep(RETRY_MS + Math.random() * RETRY_MS);
  }
  try {
    return await action();
  } finally {
    await unlink(lockFile).catch(() => undefined);
  }
}
