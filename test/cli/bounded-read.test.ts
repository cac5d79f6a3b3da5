// readFileBounded (async and sync) / readSecretFile on real files: devices, FIFOs, directories and oversized
// files are refused quickly with the file and the limit named; secrets never leak into errors.
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSecretFile, SECRET_FILE_LIMIT } from '../../electron/cli/secret-file';
import { BoundedReadError, readFileBounded as readAsync, readFileBoundedSync } from '../../electron/services/fs/read-bounded';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'bounded-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function failure(promise: Promise<unknown>): Promise<BoundedReadError> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(BoundedReadError);
  return error as BoundedReadError;
}

const readers: Array<[string, (path: string, max: number) => Promise<Uint8Array>]> = [
  ['readFileBounded', readAsync],
  ['readFileBoundedSync', async (path, max) => readFileBoundedSync(path, max)],
];

describe.each(readers)('%s', (name, readFileBounded) => {
  it('reads a file exactly at the limit, refuses one byte more naming file and limit', async () => {
    const path = join(dir, 'four-mib');
    await writeFile(path, new Uint8Array(4 * 1024 * 1024).fill(7));
    const bytes = await readFileBounded(path, 4 * 1024 * 1024);
    expect(bytes.length).toBe(4 * 1024 * 1024);
    expect(bytes.every((b) => b === 7)).toBe(true);
    const error = await failure(readFileBounded(path, 4 * 1024 * 1024 - 1));
    expect(error.failure).toBe('too-large');
    expect(error.message).toBe(`cannot read ${path}: larger than the ${4 * 1024 * 1024 - 1} bytes limit`);
    await writeFile(path, new Uint8Array(4 * 1024 * 1024 + 1));
    expect((await failure(readFileBounded(path, 4 * 1024 * 1024))).message).toBe(`cannot read ${path}: larger than the 4 MiB limit`);
  });

  it('refuses /dev/zero, a FIFO and a directory as not regular files (without blocking)', async () => {
    const fifo = join(dir, `fifo-${name}`);
    execFileSync('mkfifo', [fifo]);
    for (const path of ['/dev/zero', fifo, dir]) {
      const error = await failure(readFileBounded(path, 4096));
      expect(error.failure).toBe('not-regular');
      expect(error.message).toBe(`cannot read ${path}: not a regular file`);
    }
  });

  it('stops at the limit when fstat reports size 0 (procfs)', async () => {
    // /proc/self/maps is a regular file of size 0 whose content is longer than 16 bytes.
    expect((await failure(readFileBounded('/proc/self/maps', 16))).failure).toBe('too-large');
  });

  it('reports a missing file with its code', async () => {
    const path = join(dir, 'missing');
    expect((await failure(readFileBounded(path, 10))).message).toBe(`cannot read ${path}: ENOENT`);
  });
});

describe('readSecretFile', () => {
  it('returns the first line without CR/LF', async () => {
    const path = join(dir, 'secret');
    await writeFile(path, 'p@ss word\r\nsecond line\n');
    expect(await readSecretFile(path)).toBe('p@ss word');
    await writeFile(path, 'only\n');
    expect(await readSecretFile(path)).toBe('only');
    await writeFile(path, 'no-newline');
    expect(await readSecretFile(path)).toBe('no-newline');
  });

  it('refuses empty, oversized and non-regular files without echoing content', async () => {
    const path = join(dir, 'big-secret');
    await writeFile(path, '\nhidden');
    await expect(readSecretFile(path, 'password')).rejects.toThrow(`the password file ${path} is empty`);
    await writeFile(path, `TOPSECRET${'x'.repeat(SECRET_FILE_LIMIT)}`);
    const error = await readSecretFile(path, 'password').then(() => null, (e: unknown) => e as Error);
    expect(error?.message).toBe(`cannot read the password file ${path}: larger than the 4 KiB limit`);
    await expect(readSecretFile('/dev/zero', 'password')).rejects.toThrow('cannot read the password file /dev/zero: not a regular file');
  });
});
