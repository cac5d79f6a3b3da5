// The provider's file store on real files: crash leftovers, mode recovery, rollback to
// "no CTL", and names that try to leave the TFTP root.
import { describe, it, expect } from 'vitest';
import { lstat, mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { CtlStore } from '../../provider/server/ctl-store';
import { sha256Hex } from '../../shared/node/hash';
import { resolveInRoot, TEMP_PREFIX, UnsafePathError } from '../../provider/server/fs-atomic';
import { decodeCtl } from '../../shared/ctl';
import { makeCtl, makeTempDir, makeToken } from './fixtures';

/** A store that committed CTL a in mode 0, then CTL b in mode 1. */
async function twoCommits() {
  const d = await fresh();
  const store = await CtlStore.open(d.tftp, d.state, 0);
  const a = new Uint8Array([1]);
  const b = new Uint8Array([2]);
  await store.commit((await store.stage(a, 0, 's')).stageId, (await store.current()).sha256);
  await store.commit((await store.stage(b, 1, 's')).stageId, (await store.current()).sha256);
  return { d, store, a, b };
}

async function fresh() {
  const dir = await makeTempDir('store');
  return { dir, tftp: path.join(dir, 'tftp'), state: path.join(dir, 'state') };
}

describe('CtlStore', () => {
  it('removes temp files and staged CTLs left by a crash, without touching the CTL', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    const ctl = new Uint8Array([1, 2, 3]);
    await store.commit((await store.stage(ctl, 1, 'a')).stageId, (await store.current()).sha256);
    await store.stage(new Uint8Array([9]), 1, 'a');
    await writeFile(path.join(d.tftp, `${TEMP_PREFIX}CTLFile.tlv-deadbeef`), 'half');
    const reopened = await CtlStore.open(d.tftp, d.state, 0);
    expect(await readdir(d.tftp)).toEqual(['CTLFile.tlv']);
    expect(await reopened.stagedFiles()).toEqual([]);
    expect(await reopened.current()).toMatchObject({ bytes: ctl, sha256: sha256Hex(ctl), securityMode: 1 });
    await rm(d.dir, { recursive: true, force: true });
  });

  it('finishes recording the mode when a crash hit after the CTL rename', async () => {
    const { d, a } = await twoCommits();
    // Simulate the crash window: state.json still describes the old CTL and mode.
    await writeFile(path.join(d.state, 'state.json'), JSON.stringify({ securityMode: 0, ctlSha256: sha256Hex(a) }));
    const reopened = await CtlStore.open(d.tftp, d.state, 0);
    expect(reopened.securityMode).toBe(1);
    await rm(d.dir, { recursive: true, force: true });
  });

  it('finishes recording the mode of a first commit when state.json was never written', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    await store.commit((await store.stage(new Uint8Array([3]), 1, 's')).stageId, (await store.current()).sha256);
    await store.stage(new Uint8Array([4]), 1, 's'); // behind the trailing state.json write
    await rm(path.join(d.state, 'state.json'));
    const reopened = await CtlStore.open(d.tftp, d.state, 0);
    expect(reopened.securityMode).toBe(1);
    await rm(d.dir, { recursive: true, force: true });
  });

  it('finishes recording the mode when a crash hit a rollback after the CTL was restored', async () => {
    const { d, store, a } = await twoCommits();
    await store.stage(new Uint8Array([9]), 1, 's'); // behind the trailing state.json write
    // The rollback restored a, then the process died: state.json still says b (mode 1).
    await writeFile(path.join(d.tftp, 'CTLFile.tlv'), a);
    const reopened = await CtlStore.open(d.tftp, d.state, 1);
    expect(reopened.securityMode).toBe(0);
    expect((await reopened.current()).sha256).toBe(sha256Hex(a));
    await rm(d.dir, { recursive: true, force: true });
  });

  it('records the mode in state.json behind the commit, before the store changes anything else', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    const a = new Uint8Array([5, 5]);
    await store.commit((await store.stage(a, 1, 's')).stageId, (await store.current()).sha256);
    // The next change of the store runs only after state.json describes the committed CTL.
    await store.stage(new Uint8Array([6]), 1, 's');
    const state = JSON.parse(await readFile(path.join(d.state, 'state.json'), 'utf8')) as { securityMode: number; ctlSha256: string };
    expect(state).toMatchObject({ securityMode: 1, ctlSha256: sha256Hex(a) });
    await rm(d.dir, { recursive: true, force: true });
  });

  it('serves the committed CTL from disk, reusing its decoded form only while the bytes hash the same', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    const [t1, t2] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2')]);
    const bytes = await makeCtl(t1, [t1, t2]);
    const decoded = decodeCtl(bytes);
    await store.commit((await store.stage(bytes, 1, 's', decoded)).stageId, (await store.current()).sha256);
    const current = await store.current();
    expect(current.sha256).toBe(sha256Hex(bytes));
    expect(current.file()).toBe(decoded);
    // Committed again, then replaced on disk by hand before anything read it: the store
    // serves what the disk holds, decoded afresh, not the form it decoded at stage.
    const other = await makeCtl(t2, [t1, t2]);
    await store.commit((await store.stage(bytes, 1, 's', decoded)).stageId, (await store.current()).sha256);
    await writeFile(path.join(d.tftp, 'CTLFile.tlv'), other);
    const again = await store.current();
    expect(again.sha256).toBe(sha256Hex(other));
    expect(again.file()).not.toBe(decoded);
    expect(again.file()?.signer.subject).toContain('SAST-2');
    await rm(d.dir, { recursive: true, force: true });
  });

  it('rolls back to "no CTL" after a first commit, and forward again', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    expect(await store.rollback((await store.current()).sha256)).toBeNull();
    const a = new Uint8Array([7, 7]);
    await store.commit((await store.stage(a, 1, 's')).stageId, (await store.current()).sha256);
    expect(await store.rollback((await store.current()).sha256)).toEqual({ sha256: null, securityMode: 0 });
    expect(await readdir(d.tftp)).toEqual([]);
    expect(await store.rollback((await store.current()).sha256)).toEqual({ sha256: sha256Hex(a), securityMode: 1 });
    expect(new Uint8Array(await readFile(path.join(d.tftp, 'CTLFile.tlv')))).toEqual(a);
    await rm(d.dir, { recursive: true, force: true });
  });
});

describe('CtlStore current CTL (kept in memory)', () => {
  it('follows commits and rollbacks, also with a read racing the write', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    expect((await store.current()).file()).toBeNull();
    const a = new Uint8Array([1, 1]);
    const b = new Uint8Array([2, 2, 2]);
    await store.commit((await store.stage(a, 1, 's')).stageId, (await store.current()).sha256);
    expect(await store.current()).toMatchObject({ bytes: a, sha256: sha256Hex(a), securityMode: 1 });
    const staged = await store.stage(b, 0, 's');
    const racing = store.current();
    await store.commit(staged.stageId, (await store.current()).sha256);
    await racing;
    expect(await store.current()).toMatchObject({ bytes: b, sha256: sha256Hex(b), securityMode: 0 });
    await store.rollback((await store.current()).sha256);
    expect(await store.current()).toMatchObject({ bytes: a, sha256: sha256Hex(a), securityMode: 1 });
    await rm(d.dir, { recursive: true, force: true });
  });

  it('decodes the installed CTL once and reports a damaged one the same way every time', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    await store.commit((await store.stage(new Uint8Array([0xff, 0x00]), 1, 's')).stageId, (await store.current()).sha256);
    const current = await store.current();
    let first: unknown = null;
    try { current.file(); } catch (err) { first = err; }
    expect(first).toBeInstanceOf(Error);
    expect(() => (current.file())).toThrow(first as Error);
    await rm(d.dir, { recursive: true, force: true });
  });
});

describe('resolveInRoot', () => {
  it('accepts plain names and refuses everything that could leave the root', async () => {
    const d = await fresh();
    await mkdir(d.tftp, { recursive: true });
    await expect(resolveInRoot(d.tftp, 'capf.cer')).resolves.toBe(path.join(d.tftp, 'capf.cer'));
    for (const name of ['../x', '..', '.', '', '/etc/passwd', 'a/b', 'a\\b', 'C:evil', '.ssh', 'x\u0000y', 'é.0', `${'a'.repeat(200)}.0`]) {
      await expect(resolveInRoot(d.tftp, name), name).rejects.toBeInstanceOf(UnsafePathError);
    }
    await rm(d.dir, { recursive: true, force: true });
  });

  it('does not follow a symlink planted under the target name', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    const outside = path.join(d.dir, 'outside.txt');
    await writeFile(outside, 'precious');
    await symlink(outside, path.join(d.tftp, 'capf.cer'));
    await store.putFiles([{ name: 'capf.cer', bytes: new Uint8Array([0x30, 0x00]) }]);
    expect(await readFile(outside, 'utf8')).toBe('precious');
    expect(new Uint8Array(await readFile(path.join(d.tftp, 'capf.cer')))).toEqual(new Uint8Array([0x30, 0x00]));
    await rm(d.dir, { recursive: true, force: true });
  });

  it('replaces a symlink even when what it points at holds the same bytes', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    const outside = path.join(d.dir, 'outside.cer');
    await writeFile(outside, new Uint8Array([0x30, 0x00]));
    await symlink(outside, path.join(d.tftp, 'capf.cer'));
    await store.putFiles([{ name: 'capf.cer', bytes: new Uint8Array([0x30, 0x00]) }]);
    expect((await lstat(path.join(d.tftp, 'capf.cer'))).isSymbolicLink()).toBe(false);
    await rm(d.dir, { recursive: true, force: true });
  });

  it('leaves a file that already holds the bytes untouched and rewrites one that differs', async () => {
    const d = await fresh();
    const store = await CtlStore.open(d.tftp, d.state, 0);
    await store.putFiles([{ name: 'capf.cer', bytes: new Uint8Array([1, 2]) }, { name: 'ab.0', bytes: new Uint8Array([3]) }]);
    const before = await stat(path.join(d.tftp, 'capf.cer'));
    await store.putFiles([{ name: 'capf.cer', bytes: new Uint8Array([1, 2]) }, { name: 'ab.0', bytes: new Uint8Array([4]) }]);
    // Same inode: not replaced; the other file was (a rename gives it a new inode).
    expect((await stat(path.join(d.tftp, 'capf.cer'))).ino).toBe(before.ino);
    expect(new Uint8Array(await readFile(path.join(d.tftp, 'ab.0')))).toEqual(new Uint8Array([4]));
    await rm(d.dir, { recursive: true, force: true });
  });
});
