// Folder publish target on real files: the same semantics as SFTP (stage, compare-and-swap
// commit with backup, rollback), permission denied as an unprivileged user, and a disk that
// fills up (a small tmpfs).
import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openTarget, TargetError } from '../../electron/services/targets';
import { mountSmallDisk, runAsNobody, type SmallDisk } from '../helpers/disk';
import { named, noRoot } from '../helpers/real-servers';
import { listing, rejectionOf, sha256 } from '../helpers/rejection';

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TargetError);



// Modes and owners are POSIX: Windows has neither.
describe.skipIf(process.platform === 'win32')('folder target', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(path.join(tmpdir(), 'ctl-folder-'));
    await chmod(base, 0o755);
  });
  afterAll(async () => { await rm(base, { recursive: true, force: true }); });
  beforeEach(async () => {
    root = await mkdtemp(path.join(base, 'tftp-'));
    await chmod(root, 0o755);
  });

  it('opens file:// URLs and paths; commits world-readable whatever the umask; keeps the mode and a backup; rolls back', async () => {
    const previousUmask = process.umask(0o077);
    try {
      const target = await openTarget(pathToFileURL(root).href);
      expect(target.display).toBe(root);
      const first = randomBytes(2000);
      const s1 = await target.stage(first);
      expect((await stat(path.join(root, `.CTLFile.tlv.stage-${s1.stageId}`))).mode & 0o777).toBe(0o644);
      expect(await target.commit(s1.stageId, null)).toMatchObject({ sha256: sha256(first), previousSha256: null, mode: 0o644, ownerKept: true });
      const ctlPath = path.join(root, 'CTLFile.tlv');
      expect((await stat(ctlPath)).mode & 0o777).toBe(0o644);
      await chmod(ctlPath, 0o604);
      const second = randomBytes(100);
      const s2 = await target.stage(second);
      expect(await target.commit(s2.stageId, sha256(first))).toMatchObject({ sha256: sha256(second), previousSha256: sha256(first), mode: 0o604, ownerKept: true });
      expect((await stat(ctlPath)).mode & 0o777).toBe(0o604);
      expect(sha256(await readFile(path.join(root, '.CTLFile.tlv.previous')))).toBe(sha256(first));
      expect(await target.rollback()).toEqual({ sha256: sha256(first) });
      expect(sha256(await readFile(ctlPath))).toBe(sha256(first));
      expect((await stat(ctlPath)).mode & 0o777).toBe(0o604);
      await target.close();
      expect(await listing(root)).toEqual(['.CTLFile.tlv.previous', 'CTLFile.tlv']);
    } finally {
      process.umask(previousUmask);
    }
  });

  it.skipIf(noRoot)(named('keeps the owner and group of the replaced file, and restores them on rollback', noRoot), async () => {
    const ctlPath = path.join(root, 'CTLFile.tlv');
    const current = randomBytes(120);
    await writeFile(ctlPath, current);
    await chown(ctlPath, 4321, 5432);
    const target = await openTarget(root);
    try {
      const s = await target.stage(randomBytes(130));
      expect(await target.commit(s.stageId, sha256(current))).toMatchObject({ ownerKept: true });
      const info = await stat(ctlPath);
      expect([info.uid, info.gid]).toEqual([4321, 5432]);
      await chown(ctlPath, 0, 0);
      await target.rollback();
      const restored = await stat(ctlPath);
      expect([restored.uid, restored.gid]).toEqual([4321, 5432]);
    } finally {
      await target.close();
    }
  });

  it('rollback of a first commit removes the file; a rollback refuses a file changed since the commit', async () => {
    const target = await openTarget(root);
    try {
      const s = await target.stage(randomBytes(50));
      await target.commit(s.stageId, null);
      expect(await target.rollback()).toEqual({ sha256: null });
      expect(await listing(root)).toEqual([]);

      const again = await target.stage(randomBytes(60));
      await target.commit(again.stageId, null);
      const foreign = randomBytes(70);
      await writeFile(path.join(root, 'CTLFile.tlv'), foreign);
      const e = await rejection(target.rollback());
      expect(e.code).toBe('stale');
      expect(sha256(await readFile(path.join(root, 'CTLFile.tlv')))).toBe(sha256(foreign));
    } finally {
      await target.close();
    }
  });

  it('refuses a stale commit with nothing changed', async () => {
    const ctlPath = path.join(root, 'CTLFile.tlv');
    const current = randomBytes(300);
    await writeFile(ctlPath, current);
    const target = await openTarget(root);
    try {
      const s = await target.stage(randomBytes(400));
      const before = await listing(root);
      const e = await rejection(target.commit(s.stageId, null));
      expect(e).toMatchObject({ code: 'stale', changed: 'nothing', target: root });
      expect(e.details).toMatchObject({ expected: null, actual: sha256(current) });
      expect(await listing(root)).toEqual(before);
      expect(sha256(await readFile(ctlPath))).toBe(sha256(current));
    } finally {
      await target.close();
    }
    expect(await listing(root)).toEqual(['CTLFile.tlv']);
  });

  it('reports a missing folder, a file instead of a folder, and a current file too large to be a CTL', async () => {
    expect((await rejection(openTarget(path.join(root, 'absent')))).code).toBe('path-not-found');
    await writeFile(path.join(root, 'file'), 'x');
    expect((await rejection(openTarget(path.join(root, 'file')))).code).toBe('not-a-directory');
    await writeFile(path.join(root, 'CTLFile.tlv'), new Uint8Array(4 * 1024 * 1024 + 1));
    const target = await openTarget(root);
    try {
      expect((await rejection(target.getCtl())).code).toBe('too-large');
    } finally {
      await target.close();
    }
  });

  it.skipIf(noRoot)(named('as a user who may not write the folder: permission-denied, nothing changed', noRoot), async () => {
    const current = randomBytes(200);
    await writeFile(path.join(root, 'CTLFile.tlv'), current, { mode: 0o644 });
    const out = JSON.parse(await runAsNobody('test/targets/folder-as-user.ts', [root])) as { ok: boolean; code: string; changed: string; message: string };
    expect(out).toMatchObject({ ok: false, code: 'permission-denied', changed: 'nothing' });
    expect(out.message).toContain(root);
    expect(out.message).toMatch(/nothing changed$/);
    expect(await listing(root)).toEqual(['CTLFile.tlv']);
    expect(sha256(await readFile(path.join(root, 'CTLFile.tlv')))).toBe(sha256(current));
  });

  describe.skipIf(noRoot)(named('on a disk that fills up', noRoot), () => {
    let disk: SmallDisk | null;
    beforeAll(async () => { disk = await mountSmallDisk(64); });
    afterAll(async () => { await disk?.remove(); });

    it('a staged file that does not fit is disk-full, with nothing left behind', async (context) => {
      // Mounting needs CAP_SYS_ADMIN (root on CI and here); elsewhere there is no real small disk to fill.
      if (!disk) return context.skip('cannot mount a tmpfs on this machine');
      const current = randomBytes(1000);
      await writeFile(path.join(disk.dir, 'CTLFile.tlv'), current);
      const target = await openTarget(disk.dir);
      try {
        const e = await rejection(target.stage(randomBytes(200 * 1024)));
        expect(e).toMatchObject({ code: 'disk-full', changed: 'nothing' });
      } finally {
        await target.close();
      }
      expect(await listing(disk.dir)).toEqual(['CTLFile.tlv']);
    });
  });
});
