// The one atomic writer (the provider's files, the app's and the command line's): the directory
// is fsynced after the rename and a failure is reported, and no temporary file survives a
// failed write. Faults are injected into the real node:fs/promises.
import { describe, it, expect, vi, beforeEach, afterEach } from 'vitest';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, writeFilesAtomic } from '../../shared/node/atomic-write';
import { makeTempDir } from './fixtures';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsp>();
  return { ...real, rename: vi.fn(real.rename), open: vi.fn(real.open) };
});
const realFs = await vi.importActual<typeof fsp>('node:fs/promises');

const eio = (what: string) => Object.assign(new Error(`EIO: i/o error, ${what}`), { code: 'EIO' });

/** The next open() returns a real handle whose `method` fails with EIO (after doing its work). */
function failNextHandle(method: 'sync' | 'close' | 'writeFile'): void {
  vi.mocked(fsp.open).mockImplementationOnce(async (...args: Parameters<typeof realFs.open>) => {
    const handle: FileHandle = await realFs.open(...args);
    const original = handle[method].bind(handle) as () => Promise<void>;
    Object.defineProperty(handle, method, { value: async (...rest: unknown[]) => {
      await (original as (...a: unknown[]) => Promise<void>)(...rest);
      throw eio(method);
    } });
    return handle;
  });
}

let dir: string;
beforeEach(async () => {
  dir = await makeTempDir('fsatomic');
  vi.mocked(fsp.open).mockClear();
  vi.mocked(fsp.rename).mockClear();
});
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

describe('provider writeFileAtomic', () => {
  it('writes, renames and then fsyncs the directory', async () => {
    const target = path.join(dir, 'CTLFile.tlv');
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]));
    expect(new Uint8Array(await readFile(target))).toEqual(new Uint8Array([1, 2, 3]));
    const calls = vi.mocked(fsp.open).mock.calls.map((c) => [String(c[0]), c[1]]);
    expect(calls.at(-1)).toEqual([dir, 'r']);
    expect(vi.mocked(fsp.open).mock.invocationCallOrder.at(-1)).toBeGreaterThan(vi.mocked(fsp.rename).mock.invocationCallOrder[0]!);
    expect(await readdir(dir)).toEqual(['CTLFile.tlv']);
  });

  it('reports a failed directory fsync (the renamed file may not be durable)', async () => {
    const target = path.join(dir, 'CTLFile.tlv');
    // First open: the temporary file (works); second: the directory, whose fsync fails.
    vi.mocked(fsp.open).mockImplementationOnce((...args: Parameters<typeof realFs.open>) => realFs.open(...args));
    failNextHandle('sync');
    await expect(writeFileAtomic(target, new Uint8Array([9]))).rejects.toThrow(/EIO/);
  });

  for (const method of ['writeFile', 'sync', 'close'] as const) {
    it(`keeps the old file and removes the temporary file when ${method} of the temporary file fails`, async () => {
      const target = path.join(dir, 'CTLFile.tlv');
      await writeFile(target, 'old');
      failNextHandle(method);
      await expect(writeFileAtomic(target, new TextEncoder().encode('new'))).rejects.toThrow(/EIO/);
      expect(await readFile(target, 'utf8')).toBe('old');
      expect(await readdir(dir)).toEqual(['CTLFile.tlv']);
    });
  }

  it('removes the temporary file when the rename fails', async () => {
    const target = path.join(dir, 'CTLFile.tlv');
    await writeFile(target, 'old');
    vi.mocked(fsp.rename).mockRejectedValueOnce(eio('rename'));
    await expect(writeFileAtomic(target, new TextEncoder().encode('new'))).rejects.toThrow(/EIO/);
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['CTLFile.tlv']);
  });
});

describe('provider writeFilesAtomic', () => {
  it('replaces several files of one directory and fsyncs the directory once, after the renames', async () => {
    await writeFile(path.join(dir, 'a'), 'old a');
    await writeFilesAtomic([{ target: path.join(dir, 'a'), data: new TextEncoder().encode('new a') }, { target: path.join(dir, 'b'), data: new Uint8Array([7]) }]);
    expect(await readFile(path.join(dir, 'a'), 'utf8')).toBe('new a');
    expect(new Uint8Array(await readFile(path.join(dir, 'b')))).toEqual(new Uint8Array([7]));
    const dirOpens = vi.mocked(fsp.open).mock.calls.filter((c) => String(c[0]) === dir);
    expect(dirOpens).toHaveLength(1);
    expect(vi.mocked(fsp.open).mock.invocationCallOrder.at(-1)).toBeGreaterThan(vi.mocked(fsp.rename).mock.invocationCallOrder.at(-1)!);
    expect((await readdir(dir)).sort()).toEqual(['a', 'b']);
  });

  it('changes no target and leaves no temporary file when one of the files fails', async () => {
    await writeFile(path.join(dir, 'a'), 'old a');
    vi.mocked(fsp.open).mockImplementationOnce((...args: Parameters<typeof realFs.open>) => realFs.open(...args));
    failNextHandle('sync');
    await expect(writeFilesAtomic([{ target: path.join(dir, 'a'), data: new Uint8Array([1]) }, { target: path.join(dir, 'b'), data: new Uint8Array([2]) }]))
      .rejects.toThrow(/EIO/);
    expect(vi.mocked(fsp.rename)).not.toHaveBeenCalled();
    expect(await readdir(dir)).toEqual(['a']);
    expect(await readFile(path.join(dir, 'a'), 'utf8')).toBe('old a');
  });

  it('refuses files of different directories before writing anything', async () => {
    await expect(writeFilesAtomic([{ target: path.join(dir, 'a'), data: new Uint8Array([1]) }, { target: path.join(dir, 'sub', 'b'), data: new Uint8Array([2]) }]))
      .rejects.toThrow(/one directory/);
    expect(await readdir(dir)).toEqual([]);
  });
});
