// writeFileAtomic: replaces the target in one rename and leaves no temporary file behind,
// also when the write fails.
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../../shared/node/atomic-write';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-'));
});
afterAll(async () => {
  await chmod(dir, 0o700).catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

describe('writeFileAtomic', () => {
  it('creates, then replaces, the file with the given mode and no leftovers', async () => {
    const target = join(dir, 'CTLFile.tlv');
    await writeFileAtomic(target, new Uint8Array([1, 2, 3]), { mode: 0o600 });
    expect([...(await readFile(target))]).toEqual([1, 2, 3]);
    expect((await stat(target)).mode & 0o777).toBe(0o600);
    await writeFile(join(dir, 'unrelated'), 'x');
    await writeFileAtomic(target, 'second');
    expect(await readFile(target, 'utf8')).toBe('second');
    expect((await readdir(dir)).sort()).toEqual(['CTLFile.tlv', 'unrelated']);
  });

  it('fails cleanly when the target cannot be replaced, keeping the old file', async () => {
    const sub = join(dir, 'sub');
    await writeFileAtomic(join(dir, 'keep'), 'old');
    // Renaming a file over a non-empty directory fails after the temp file was written.
    await mkdir(join(sub, 'inner'), { recursive: true });
    await expect(writeFileAtomic(sub, 'new')).rejects.toThrow();
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(await readFile(join(dir, 'keep'), 'utf8')).toBe('old');
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'f'), 'x')).rejects.toThrow(/ENOENT/);
  });

  it('rename failing with a fixed temp prefix: the error surfaces, no temporary file remains', async () => {
    const sub = join(dir, 'prefixed');
    await mkdir(join(sub, 'inner'), { recursive: true });
    await expect(writeFileAtomic(sub, new Uint8Array(1 << 16), { tempPrefix: '.svc-tmp-' })).rejects.toMatchObject({ code: expect.stringMatching(/^(EISDIR|ENOTEMPTY|EEXIST)$/) });
    expect((await readdir(dir)).filter((f) => f.startsWith('.svc-tmp-') || f.endsWith('.tmp'))).toEqual([]);
    expect(await readdir(sub)).toEqual(['inner']);
  });
});
