// Private files of the app (settings, reports) written atomically with the shared helper
// (temp file, fsync, rename, directory fsync); the folder is created on first use.
import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic as writeAtomic } from '../services/fs/atomic-write';

export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o600): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeAtomic(path, data, { mode });
}
