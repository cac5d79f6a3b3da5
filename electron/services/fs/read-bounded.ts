// Reads a user-named file with a size cap. A path like /dev/zero, a FIFO or a huge file
// would otherwise make a whole-file readFile block forever or eat all memory, so the file
// must be a regular file no larger than the caller's limit. The limit is enforced while
// reading too: some regular files (/proc) report size 0, others grow after fstat.
// node:fs only (callbacks for the async reader): `ctl-client inspect` reads its file with the
// sync reader and would otherwise load node:fs/promises for nothing.
import { close, closeSync, constants, fstat, fstatSync, open, openSync, read, readSync, type Stats } from 'node:fs';

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

  /** `too-large`: the limit in bytes. */
  readonly limit: number | null;

  constructor(failure: BoundedReadFailure, path: string, reason: string, limit: number | null = null) {
    super(`cannot read ${path}: ${reason}`);
    this.failure = failure;
    this.path = path;
    this.reason = reason;
    this.limit = limit;
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

interface ReadStep {
  view: Uint8Array;
  offset: number;
}

/**
 * The size rules of a bounded read, apart from the I/O, so that the async and the sync reader
 * share them: yields where to read next, is sent the number of bytes read, returns the bytes.
 */
function* boundedFill(path: string, maxBytes: number, info: Stats): Generator<ReadStep, Uint8Array, number> {
  const tooLarge = () => new BoundedReadError('too-large', path, `larger than the ${formatLimit(maxBytes)} limit`, maxBytes);
  if (!info.isFile()) throw new BoundedReadError('not-regular', path, 'not a regular file');
  if (info.size > maxBytes) throw tooLarge();
  // One byte more than allowed tells "exactly at the limit" from "over it".
  let view = new Uint8Array(Math.min(maxBytes + 1, Math.max(info.size, 64 * 1024)));
  let filled = 0;
  for (;;) {
    if (filled === view.length) {
      if (view.length > maxBytes) throw tooLarge();
      const bigger = new Uint8Array(Math.min(maxBytes + 1, view.length * 2));
      bigger.set(view);
      view = bigger;
    }
    const bytesRead = yield { view, offset: filled };
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  if (filled > maxBytes) throw tooLarge();
  return view.slice(0, filled);
}

function asReadError(path: string, e: unknown): BoundedReadError {
  return e instanceof BoundedReadError ? e : new BoundedReadError('io', path, ioCode(e));
}

const callback = <T>(start: (done: (err: NodeJS.ErrnoException | null, value: T) => void) => void) =>
  new Promise<T>((resolve, reject) => start((err, value) => (err ? reject(err) : resolve(value))));

/**
 * The bytes of a regular file of at most `maxBytes`. Failures are BoundedReadError whose
 * message names the file and, for size, the limit; it never contains file content.
 */
export async function readFileBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  let fd: number;
  try {
    fd = await callback<number>((done) => open(path, OPEN_FLAGS, done));
  } catch (e) {
    throw asReadError(path, e);
  }
  try {
    const steps = boundedFill(path, maxBytes, await callback<Stats>((done) => fstat(fd, done)));
    let step = steps.next();
    while (!step.done) {
      const { view, offset } = step.value;
      step = steps.next(await callback<number>((done) => read(fd, view, offset, view.length - offset, null, done)));
    }
    return step.value;
  } catch (e) {
    throw asReadError(path, e);
  } finally {
    await callback<void>((done) => close(fd, (err) => done(err, undefined)));
  }
}

/** readFileBounded for short-lived command lines, where blocking costs nothing and saves the thread-pool round trips. */
export function readFileBoundedSync(path: string, maxBytes: number): Uint8Array {
  let fd: number;
  try {
    fd = openSync(path, OPEN_FLAGS);
  } catch (e) {
    throw asReadError(path, e);
  }
  try {
    const steps = boundedFill(path, maxBytes, fstatSync(fd));
    let step = steps.next();
    while (!step.done) {
      const { view, offset } = step.value;
      step = steps.next(readSync(fd, view, offset, view.length - offset, null));
    }
    return step.value;
  } catch (e) {
    throw asReadError(path, e);
  } finally {
    closeSync(fd);
  }
}
