// The provider's audit log: lines in order; a change's line is on disk (fsynced) before
// record() resolves, other events' lines are written and made durable by the next fsync;
// events recorded while a write is under way share one fsync; a failed write is reported
// to its callers without stopping later events.
import { describe, it, expect, vi, afterEach } from 'vitest';
import * as fsp from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { AuditLog } from '../../provider/server/audit';
import { makeTempDir } from './fixtures';

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof fsp>();
  return { ...real, open: vi.fn(real.open) };
});
const realFs = await vi.importActual<typeof fsp>('node:fs/promises');

/** Counts sync() calls of the handles open() returns; `failAppend` makes the next handle's appendFile fail. */
function watchHandles(failAppend = false): { syncs: () => number; open: () => number } {
  let syncs = 0;
  let openHandles = 0;
  let fail = failAppend;
  vi.mocked(fsp.open).mockImplementation(async (...args: Parameters<typeof realFs.open>) => {
    const handle: FileHandle = await realFs.open(...args);
    openHandles += 1;
    const close = handle.close.bind(handle);
    Object.defineProperty(handle, 'close', { value: async () => { openHandles -= 1; await close(); } });
    const sync = handle.sync.bind(handle);
    const append = handle.appendFile.bind(handle);
    Object.defineProperty(handle, 'sync', { value: async () => { syncs += 1; await sync(); } });
    if (fail) {
      fail = false;
      Object.defineProperty(handle, 'appendFile', { value: async () => { throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' }); } });
    } else {
      Object.defineProperty(handle, 'appendFile', { value: append });
    }
    return handle;
  });
  return { syncs: () => syncs, open: () => openHandles };
}

const lines = async (file: string) => (await readFile(file, 'utf8')).trim().split('\n').map((l) => JSON.parse(l) as { event: string; username?: string });

let dir: string | null = null;
afterEach(async () => {
  vi.mocked(fsp.open).mockReset();
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe('AuditLog', () => {
  it('fsyncs a change before record() resolves; other events are written and synced with the next change', async () => {
    dir = await makeTempDir('audit');
    const file = path.join(dir, 'audit.log');
    const watch = watchHandles();
    const log = new AuditLog(file);
    await log.record({ event: 'commit', username: 'a' });
    expect(watch.syncs()).toBe(1);
    expect((await lines(file)).map((l) => l.event)).toEqual(['commit']);
    await log.record({ event: 'login', username: 'a' });
    await log.record({ event: 'lock', username: 'a' });
    await log.record({ event: 'stage', username: 'a' });
    // A CAPF put that wrote nothing is recorded as not durable by its caller.
    await log.record({ event: 'put-capf', username: 'a' }, false);
    expect(watch.syncs()).toBe(1);
    expect((await lines(file)).map((l) => l.event)).toEqual(['commit', 'login', 'lock', 'stage', 'put-capf']);
    await log.record({ event: 'rollback', username: 'a' });
    expect(watch.syncs()).toBe(2);
    // Closing syncs what is still unsynced.
    await log.record({ event: 'logout', username: 'a' });
    await log.close();
    expect(watch.syncs()).toBe(3);
    expect((await lines(file)).map((l) => l.event)).toEqual(['commit', 'login', 'lock', 'stage', 'put-capf', 'rollback', 'logout']);
  });

  it('writes changes recorded during a write together, with one more fsync, in the order recorded', async () => {
    dir = await makeTempDir('audit');
    const file = path.join(dir, 'audit.log');
    const watch = watchHandles();
    const log = new AuditLog(file);
    const events = ['commit', 'put-capf', 'commit', 'rollback', 'commit'] as const;
    await Promise.all(events.map((event) => log.record({ event })));
    expect(watch.syncs()).toBe(2); // the first line alone, then the four that queued behind it
    await log.close();
    expect((await lines(file)).map((l) => l.event)).toEqual([...events]);
  });

  it('rejects the callers of a failed write and writes later events', async () => {
    dir = await makeTempDir('audit');
    const file = path.join(dir, 'audit.log');
    watchHandles(true);
    const log = new AuditLog(file);
    await expect(log.record({ event: 'commit' })).rejects.toThrow(/EIO/);
    await log.record({ event: 'rollback' });
    await log.close();
    expect((await lines(file)).map((l) => l.event)).toEqual(['rollback']);
  });

  it('writes and syncs events recorded while or after it closes, without keeping the file open', async () => {
    dir = await makeTempDir('audit');
    const file = path.join(dir, 'audit.log');
    const watch = watchHandles();
    const log = new AuditLog(file);
    const first = log.record({ event: 'commit' });
    const closing = log.close();
    const during = log.record({ event: 'logout' });
    await Promise.all([first, closing, during]);
    const syncsAfterClose = watch.syncs();
    expect(syncsAfterClose).toBeGreaterThanOrEqual(2); // the commit, then the logout behind the close
    await log.record({ event: 'logout', username: 'late' });
    expect(watch.syncs()).toBe(syncsAfterClose + 1);
    expect((await lines(file)).map((l) => l.username ?? l.event)).toEqual(['commit', 'logout', 'late']);
    // Every handle opened was closed again.
    expect(watch.open()).toBe(0);
  });
});
