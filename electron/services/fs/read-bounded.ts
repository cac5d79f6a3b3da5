// Reads a user-named file with a size cap. A path like /dev/zero, a FIFO or a huge file
// would otherwise make a whole-file readFile block forever or eat all memory, so the file
// must be a regular file no larger than the caller's limit. The limit is enforced while
// reading too: some regular files (/proc) report size 0, others grow after fstat.
import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** CTL/ITL files, certificates and PEM bundles: one limit with the app's inspector (shared/ipc/limits.ts). */
export { INPUT_FILE_LIMIT } from '../../../shared/ipc/limits';
/** Passwords and PINs: one short line. */
export const SECRET_FILE_LIMIT = 4 * 1024;

export type BoundedReadFailure = 'io' | 'not-regular' | 'too-large';

export class BoundedReadError extends Error {
  override readonly name = 'BoundedReadError';
  readonly failure: BoundedReadFailure;
  readonly path: string;
  /** Why, without the path: "ENOENT", "not a regular file", "larger than the 4 MiB limit". */
  readonly reason: string;

  constructor(failure: BoundedReadFailure, path: string, reason: string) {
    super(`cannot read ${path}: ${reason}`);
    this.failure = failure;
    this.path = path;
    this.reason = reason;
  }
}

/** "4 MiB", "4 KiB" or "100 bytes", for messages. */
export function formatLimit(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}

function ioCode(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}

// O_NONBLOCK: opening a FIFO for reading would otherwise wait for a writer (forever).
// It changes nothing for regular files. Windows has no O_NONBLOCK (and no FIFOs to fear).
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * The bytes of a regular file of at most `maxBytes`. Failures are BoundedReadError whose
 * message names the file and, for size, the limit; it never contains file content.
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  let handle: FileHandle;
  try {
    handle = await open(path, OPEN_FLAGS);
  } catch (e) {
    throw new BoundedReadError('io', path, ioCode(e));
  }
  const tooLarge = () => new BoundedReadError('too-large', path, `larger than the ${formatLimit(maxBytes)} limit`);
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new BoundedReadError('not-regular', path, 'not a regular file');
    if (info.size > maxBytes) throw tooLarge();
    // One byte more than allowed tells "exactly at the limit" from "over it".
    const buffer = new Uint8Array(Math.min(maxBytes + 1, Math.max(info.size, 64 * 1024)));
    let filled = 0;
    let view = buffer;
    for (;;) {
      if (filled === view.length) {
        if (view.length > maxBytes) throw tooLarge();
        const bigger = new Uint8Array(Math.min(maxBytes + 1, view.length * 2));
        bigger.set(view);
        view = bigger;
      }
      const { bytesRead } = await handle.read(view, filled, view.length - filled, null);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > maxBytes) throw tooLarge();
    return view.slice(0, filled);
  } catch (e) {
    if (e instanceof BoundedReadError) throw e;
    throw new BoundedReadError('io', path, ioCode(e));
  } finally {
    await handle.close();
  }
}
