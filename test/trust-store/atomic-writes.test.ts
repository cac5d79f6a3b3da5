// FileTrustStore writes through the app's one atomic writer (shared/node/atomic-write):
// temp file, fsync, rename, directory fsync; a failed write leaves the old entries and no
// temporary file. The rename fault is injected into the real node:fs/promises.
import { describe, it, expect, vi, beforeEach } from 'vitest';
import * as fsp from 'node:fs/promises';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';

import { FileTrustStore } from '../../electron/services/trust-store';
import { makeTempDir } from '../provider/fixtures';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsp>();
  return { ...real, rename: vi.fn(real.rename), open: vi.fn(real.open) };
});

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);

beforeEach(() => { vi.mocked(fsp.rename).mockClear(); vi.mocked(fsp.open).mockClear(); });

describe('FileTrustStore', () => {
  it('writes the trust store privately and fsyncs its directory after the rename', async () => {
    const dir = await makeTempDir('trust-store');
    try {
      const file = path.join(dir, 'sub', 'trusted-certificates.json');
      const pins = new FileTrustStore(file);
      await pins.set('Node-1.example.com', 2444, A);
      expect(await new FileTrustStore(file).get('node-1.example.com', 2444)).toBe(A);
      expect((await stat(file)).mode & 0o777).toBe(0o600);
      // The directory was opened (for its fsync) after the rename: the rename survives a power cut.
      const opens = vi.mocked(fsp.open).mock.calls.map((c) => [String(c[0]), c[1]]);
      expect(opens).toContainEqual([path.dirname(file), 'r']);
      expect(await readdir(path.dirname(file))).toEqual(['trusted-certificates.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('a failed write keeps the old entries and leaves no temporary file behind', async () => {
    const dir = await makeTempDir('trust-store');
    try {
      const file = path.join(dir, 'trusted-certificates.json');
      const pins = new FileTrustStore(file);
      await pins.set('10.0.0.1', 2444, A);
      const before = await readFile(file, 'utf8');
      vi.mocked(fsp.rename).mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));
      await expect(pins.set('10.0.0.1', 2444, B)).rejects.toThrow(/EIO/);
      expect(await readFile(file, 'utf8')).toBe(before);
      expect(await readdir(dir)).toEqual(['trusted-certificates.json']);
      // The store stays usable after the failure.
      await pins.set('10.0.0.1', 2444, B);
      expect(await pins.get('10.0.0.1', 2444)).toBe(B);
      expect(await readdir(dir)).toEqual(['trusted-certificates.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
