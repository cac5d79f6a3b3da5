// Files the operating system asks the app to open (the .tlv association): the path comes in
// argv (Windows, Linux; at start or in a second instance) or in macOS's 'open-file' event.
// Reading is the command line's bounded read (readFileBounded): a regular file of at most the
// one shared input limit, opened without blocking (a FIFO named *.tlv cannot hang the app) and
// capped while reading (a file growing meanwhile cannot exceed it).
import { isAbsolute, resolve } from 'node:path';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
import { INPUT_FILE_LIMIT_TEXT } from '../../shared/ipc/limits';
import { BoundedReadError, readFileBounded } from '../services/fs/read-bounded';
import { AppError } from './errors';

/** The last `.tlv` path in a command line (flags skipped), absolute; null when none. */
export function tlvPathFromArgv(argv: readonly string[], cwd: string): string | null {
  // argv[0] is the executable; in development argv[1] is the app folder (".").
  const candidates = argv.slice(1).filter((arg) => !arg.startsWith('-') && /\.tlv$/i.test(arg));
  const last = candidates.at(-1);
  if (!last) return null;
  return isAbsolute(last) ? last : resolve(cwd, last);
}

export async function readFileToInspect(path: string): Promise<Uint8Array> {
  try {
    return await readFileBounded(path, MAX_INSPECT_BYTES);
  } catch (error) {
    if (!(error instanceof BoundedReadError)) throw error;
    if (error.failure === 'not-regular') throw new AppError('inspector-not-a-file', `${path} is not a regular file; choose a CTLFile.tlv or ITLFile.tlv.`);
    if (error.failure === 'too-large') throw new AppError('inspector-too-large', `${path} is larger than ${INPUT_FILE_LIMIT_TEXT}; CTL and ITL files are a few kilobytes.`);
    throw new AppError('inspector-unreadable', `Cannot open ${path}: ${error.reason}.`);
  }
}
