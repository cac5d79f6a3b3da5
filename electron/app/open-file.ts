// Files the operating system asks the app to open (the .tlv association): the path comes in
// argv (Windows, Linux; at start or in a second instance) or in macOS's 'open-file' event.
// Reading is bounded like the inspector's own dialog: a regular file of at most
// MAX_INSPECT_BYTES, read through one handle so a file growing meanwhile cannot exceed it.
import { open } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
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
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new AppError('inspector-unreadable', `Cannot open ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new AppError('inspector-not-a-file', `${path} is not a regular file; choose a CTLFile.tlv or ITLFile.tlv.`);
    if (info.size > MAX_INSPECT_BYTES) throw new AppError('inspector-too-large', `${path} is larger than 1 MB; CTL and ITL files are a few kilobytes.`);
    const buffer = new Uint8Array(MAX_INSPECT_BYTES + 1);
    let length = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
      if (length > MAX_INSPECT_BYTES) throw new AppError('inspector-too-large', `${path} is larger than 1 MB; CTL and ITL files are a few kilobytes.`);
    }
    return buffer.slice(0, length);
  } finally {
    await handle.close();
  }
}
