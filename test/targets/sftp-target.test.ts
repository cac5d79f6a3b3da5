// SFTP publish target against a real OpenSSH sshd on loopback (test/helpers/sshd.ts).
import { execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chown, readFile, stat, writeFile, chmod, rm, mkdtemp } from 'node:fs/promises';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget, pinnedHostKey, TargetError, type HostKeyInfo, type PublishTarget, type SshAuth } from '../../electron/services/targets';
import { mountSmallDisk } from '../helpers/disk';
import { named, noSshd, noTftpd } from '../helpers/real-servers';
import { freeTcpPort, startSshd, type Sshd } from '../helpers/sshd';
import { startTftpd } from '../helpers/tftpd';
import { tftpRead } from '../../electron/services/tftp';
import { listing, rejectionOf, sha256 } from '../helpers/rejection';
import { englishLeft } from '../helpers/english-text';
import { targetFailure } from '../../electron/session/adapters/file-targets';
import { toCommandError } from '../../electron/session/errors';
import { say } from '../../electron/session/words';

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TargetError);

const run = promisify(execFile);

function url(server: Sshd, root = server.root): string {
  return `sftp://${server.user}@127.0.0.1:${server.port}${root}`;
}

function open(server: Sshd, options: { root?: string; auth?: SshAuth; rename?: 'auto' | 'fallback' } = {}): Promise<PublishTarget> {
  return openTarget(url(server, options.root), {
    sftp: { auth: options.auth ?? { kind: 'key-file', path: server.userKey }, checkHostKey: pinnedHostKey(server.hostKeyFingerprint), rename: options.rename ?? 'auto' },
  });
}



describe.skipIf(noSshd)(named('SFTP target (sshd as root)', noSshd), () => {
  let server: Sshd;
  beforeAll(async () => { server = await startSshd(); });
  afterAll(async () => { await server?.stop(); });

  it('stages, commits where no file was, reads back; an update keeps mode, owner and a backup; rollback restores', async () => {
    const target = await open(server);
    try {
      expect(await target.getCtl()).toEqual({ bytes: null, sha256: null });
      const first = randomBytes(5000);
      const staged = await target.stage(first);
      expect(staged.sha256).toBe(sha256(first));
      const stagedFiles = (await listing(server.root)).filter((n) => n.startsWith('.CTLFile.tlv.stage-'));
      expect(stagedFiles).toEqual([`.CTLFile.tlv.stage-${staged.stageId}`]);
      // World-readable although the server's umask is 0077 (test/helpers/sshd.ts).
      expect((await stat(path.join(server.root, stagedFiles[0]!))).mode & 0o777).toBe(0o644);
      const committed = await target.commit(staged.stageId, null);
      expect(committed).toMatchObject({ sha256: sha256(first), previousSha256: null, mode: 0o644, fileLocation: path.join(server.root, 'CTLFile.tlv') });
      const ctlPath = path.join(server.root, 'CTLFile.tlv');
      expect(sha256(await readFile(ctlPath))).toBe(sha256(first));
      expect((await stat(ctlPath)).mode & 0o777).toBe(0o644);
      expect(await listing(server.root)).toEqual(['CTLFile.tlv']);

      // The administrator's mode and owner on the current file are kept by the next commit.
      await chmod(ctlPath, 0o640);
      await chown(ctlPath, 1234, 2345);
      const second = randomBytes(3000);
      const s2 = await target.stage(second);
      const c2 = await target.commit(s2.stageId, sha256(first));
      expect(c2).toMatchObject({ sha256: sha256(second), previousSha256: sha256(first), mode: 0o640, ownerKept: true });
      const info = await stat(ctlPath);
      expect([info.mode & 0o777, info.uid, info.gid]).toEqual([0o640, 1234, 2345]);
      expect(sha256(await readFile(path.join(server.root, '.CTLFile.tlv.previous')))).toBe(sha256(first));
      expect((await target.getCtl()).sha256).toBe(sha256(second));

      expect(await target.rollback()).toEqual({ sha256: sha256(first) });
      expect(sha256(await readFile(ctlPath))).toBe(sha256(first));
      const restored = await stat(ctlPath);
      expect([restored.mode & 0o777, restored.uid, restored.gid]).toEqual([0o640, 1234, 2345]);
      expect((await rejection(target.rollback())).code).toBe('nothing-to-roll-back');
    } finally {
      await target.close();
    }
    expect((await listing(server.root)).filter((n) => n.includes('stage') || n.includes('tmp'))).toEqual([]);
  });

  it('refuses a commit whose expected hash is stale, with nothing changed; abort removes the staged file', async () => {
    const ctlPath = path.join(server.root, 'CTLFile.tlv');
    const current = randomBytes(777);
    await writeFile(ctlPath, current, { mode: 0o644 });
    const target = await open(server);
    try {
      const before = await listing(server.root);
      const s = await target.stage(randomBytes(900));
      const stale = await rejection(target.commit(s.stageId, sha256(randomBytes(10))));
      expect(stale.code).toBe('stale');
      expect(stale.changed).toBe('nothing');
      expect(stale.details.actual).toBe(sha256(current));
      expect(stale.message).toContain(url(server));
      expect(stale.message).toMatch(/nothing changed$/);
      expect(englishLeft(say(toCommandError(targetFailure(stale, '127.0.0.1')).error.message, 'ja'))).toBeNull();
      const expectedNone = await rejection(target.commit(s.stageId, null));
      expect(expectedNone.code).toBe('stale');
      expect(sha256(await readFile(ctlPath))).toBe(sha256(current));
      await target.abort(s.stageId);
      expect(await listing(server.root)).toEqual(before);
      expect((await rejection(target.commit(s.stageId, sha256(current)))).code).toBe('unknown-stage');
    } finally {
      await target.close();
    }
  });

  it('without posix-rename (the fallback) replaces the file and leaves no temporary file', async () => {
    const ctlPath = path.join(server.root, 'CTLFile.tlv');
    const current = randomBytes(1500);
    await writeFile(ctlPath, current, { mode: 0o604 });
    await chmod(ctlPath, 0o604);
    const target = await open(server, { rename: 'fallback' });
    try {
      const next = randomBytes(2048);
      const s = await target.stage(next);
      const c = await target.commit(s.stageId, sha256(current));
      expect(c).toMatchObject({ sha256: sha256(next), mode: 0o604 });
      expect(sha256(await readFile(ctlPath))).toBe(sha256(next));
      expect(await target.rollback()).toEqual({ sha256: sha256(current) });
      expect(sha256(await readFile(ctlPath))).toBe(sha256(current));
    } finally {
      await target.close();
    }
    expect(await listing(server.root)).toEqual(['.CTLFile.tlv.previous', 'CTLFile.tlv']);
  });

  it('first contact: the key is refused as untrusted with its fingerprint, before any login is sent', async () => {
    const seen: HostKeyInfo[] = [];
    const logBefore = server.log().length;
    const e = await rejection(openTarget(url(server), {
      sftp: { auth: { kind: 'key-file', path: server.userKey }, checkHostKey: (key) => { seen.push(key); return { trust: 'unknown' }; } },
    }));
    expect(e.code).toBe('host-key-untrusted');
    expect(e.details.fingerprint).toBe(server.hostKeyFingerprint);
    expect(seen).toEqual([{ host: '127.0.0.1', port: server.port, algorithm: 'ssh-ed25519', fingerprint: server.hostKeyFingerprint }]);
    expect(e.message).toContain(server.hostKeyFingerprint);
    await new Promise((r) => setTimeout(r, 200));
    const log = server.log().slice(logBefore);
    expect(log).toMatch(/Connection (closed|reset) by 127\.0\.0\.1|kex_exchange_identification|Received disconnect/);
    expect(log).not.toMatch(/userauth-request|Accepted|Failed/);
    // The control: once the key is trusted, the same log shows the login.
    const trustedFrom = server.log().length;
    await (await open(server)).close();
    expect(server.log().slice(trustedFrom)).toMatch(/userauth-request for user root/);
  });

  it('refuses a wrong key and a wrong password as auth-failed, naming the target', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ctl-wrong-key-'));
    try {
      await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-f', path.join(dir, 'k')]);
      const wrongKey = await rejection(open(server, { auth: { kind: 'key-file', path: path.join(dir, 'k') } }));
      expect(wrongKey.code).toBe('auth-failed');
      expect(wrongKey.message).toContain(`sftp://root@127.0.0.1:${server.port}`);
      expect(wrongKey.message).toMatch(/nothing changed$/);
      // As the administrator reads it in Japanese: the refused login, the user and the key, no English.
      const ja = say(toCommandError(targetFailure(wrongKey, '127.0.0.1')).error.message, 'ja');
      expect(ja).toContain(`ユーザ「root」の鍵 ${path.join(dir, 'k')}によるログインを拒否しました`);
      expect(englishLeft(ja.replace('「root」', '「」'))).toBeNull(); // the user name is data
      const wrongPassword = await rejection(open(server, { auth: { kind: 'password', password: 'not-the-password' } }));
      expect(wrongPassword.code).toBe('auth-failed');
      await writeFile(path.join(dir, 'password'), 'also-wrong\r\nsecond line\n');
      const wrongFromFile = await rejection(open(server, { auth: { kind: 'password-file', path: path.join(dir, 'password') } }));
      expect(wrongFromFile.code).toBe('auth-failed');
      expect(wrongFromFile.message).not.toContain('also-wrong');
      await writeFile(path.join(dir, 'empty'), '\n');
      expect((await rejection(open(server, { auth: { kind: 'password-file', path: path.join(dir, 'empty') } }))).message).toContain('is empty');
      const missingKey = await rejection(open(server, { auth: { kind: 'key-file', path: path.join(dir, 'absent') } }));
      expect(missingKey.code).toBe('auth-failed');
      expect(missingKey.message).toContain('cannot read the key file');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('logs in through an ssh-agent holding the key', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ctl-agent-'));
    const socket = path.join(dir, 'agent.sock');
    const agent = spawn('ssh-agent', ['-D', '-a', socket], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 50 && !(await stat(socket).then(() => true, () => false)); i++) await new Promise((r) => setTimeout(r, 50));
      await run('ssh-add', [server.userKey], { env: { ...process.env, SSH_AUTH_SOCK: socket } });
      const target = await open(server, { auth: { kind: 'agent', socket } });
      await target.close();
    } finally {
      agent.kill();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports a root that does not exist, and a file where a folder should be', async () => {
    const missing = await rejection(open(server, { root: `${server.root}/absent` }));
    expect(missing.code).toBe('path-not-found');
    await writeFile(path.join(server.dir, 'plain-file'), 'x');
    const notDir = await rejection(open(server, { root: `${server.dir}/plain-file` }));
    expect(notDir.code).toBe('not-a-directory');
  });

  it('a staged file that does not fit on the disk is disk-full, with nothing left behind', async (context) => {
    const disk = await mountSmallDisk(64);
    // Mounting needs CAP_SYS_ADMIN (root on CI and here); elsewhere there is no real small disk to fill.
    if (!disk) return context.skip('cannot mount a tmpfs on this machine');
    try {
      await writeFile(path.join(disk.dir, 'CTLFile.tlv'), randomBytes(1000));
      const target = await open(server, { root: disk.dir });
      try {
        const e = await rejection(target.stage(randomBytes(200 * 1024)));
        expect(e).toMatchObject({ code: 'disk-full', changed: 'nothing' });
        expect(e.message).toContain('no space left');
      } finally {
        await target.close();
      }
      expect(await listing(disk.dir)).toEqual(['CTLFile.tlv']);
    } finally {
      await disk.remove();
    }
  });

  it.skipIf(noTftpd)(named('what is committed over SFTP is what phones get over TFTP from the same root', noTftpd), async () => {
    const tftpd = await startTftpd(server.root);
    const target = await open(server);
    try {
      const current = await target.getCtl();
      // Two full blocks of 1468 and a final empty one.
      const bytes = randomBytes(2 * 1468);
      const s = await target.stage(bytes);
      await target.commit(s.stageId, current.sha256);
      const fetched = await tftpRead({ host: '127.0.0.1', port: tftpd.port });
      expect(sha256(fetched.bytes)).toBe(sha256(bytes));
    } finally {
      await target.close();
      await tftpd.stop();
    }
  });

  it('close removes files staged and not committed', async () => {
    const target = await open(server);
    await target.stage(randomBytes(100));
    await target.stage(randomBytes(100));
    await target.close();
    await target.close();
    expect((await listing(server.root)).filter((n) => n.startsWith('.CTLFile.tlv.stage-'))).toEqual([]);
    expect((await rejection(target.getCtl())).code).toBe('closed');
  });

  it('a changed host key is refused with both fingerprints, before any login is sent', async () => {
    const pinned = server.hostKeyFingerprint;
    await server.replaceHostKey();
    expect(server.hostKeyFingerprint).not.toBe(pinned);
    const logBefore = server.log().length;
    const e = await rejection(openTarget(url(server), { sftp: { auth: { kind: 'key-file', path: server.userKey }, checkHostKey: pinnedHostKey(pinned) } }));
    expect(e.code).toBe('host-key-changed');
    expect(e.details).toMatchObject({ fingerprint: server.hostKeyFingerprint, pinned });
    expect(e.message).toContain(pinned);
    expect(e.message).toContain(server.hostKeyFingerprint);
    await new Promise((r) => setTimeout(r, 200));
    expect(server.log().slice(logBefore)).not.toMatch(/userauth-request|Accepted|Failed/);
  });
});

describe.skipIf(noSshd)(named('SFTP target (sshd as an unprivileged user: file permissions apply)', noSshd), () => {
  let server: Sshd;
  beforeAll(async () => { server = await startSshd({ as: 'nobody' }); });
  afterAll(async () => { await server?.stop(); });

  it('a root it may not write is permission-denied at stage, with nothing changed', async () => {
    const ctlPath = path.join(server.root, 'CTLFile.tlv');
    const current = randomBytes(600);
    await writeFile(ctlPath, current, { mode: 0o644 });
    const target = await open(server);
    try {
      expect((await target.getCtl()).sha256).toBe(sha256(current));
      const e = await rejection(target.stage(randomBytes(700)));
      expect(e.code).toBe('permission-denied');
      expect(e.changed).toBe('nothing');
      expect(e.message).toContain(server.root);
      expect(await listing(server.root)).toEqual(['CTLFile.tlv']);
    } finally {
      await target.close();
    }
  });

  it('in a writable root, replaces a file owned by another user, keeps its mode and says the owner could not be kept', async () => {
    const ctlPath = path.join(server.root, 'CTLFile.tlv');
    await chmod(server.root, 0o777);
    const current = randomBytes(400);
    await writeFile(ctlPath, current);
    await chmod(ctlPath, 0o664);
    try {
      const target = await open(server);
      try {
        const next = randomBytes(500);
        const s = await target.stage(next);
        const c = await target.commit(s.stageId, sha256(current));
        expect(c).toMatchObject({ sha256: sha256(next), mode: 0o664, ownerKept: false });
        const info = await stat(ctlPath);
        expect([info.mode & 0o777, info.uid]).toEqual([0o664, 65534]);
      } finally {
        await target.close();
      }
    } finally {
      await chmod(server.root, 0o755);
    }
  });
});

describe('SFTP target: servers that cannot be reached', () => {
  const check = pinnedHostKey(null);

  it('nothing listening is connection-refused, naming the target', async () => {
    const port = await freeTcpPort();
    const e = await rejection(openTarget(`sftp://admin@127.0.0.1:${port}/srv/tftp`, { sftp: { auth: { kind: 'password', password: 'x' }, checkHostKey: check } }));
    expect(e.code).toBe('connection-refused');
    expect(e.message).toBe(`sftp://admin@127.0.0.1:${port}/srv/tftp: 127.0.0.1:${port} refused the connection: is the SSH server running and the port open?; nothing changed`);
    // In Japanese, with no English left.
    const ja = say(toCommandError(targetFailure(e, `127.0.0.1:${port}`)).error.message, 'ja');
    expect(ja).toContain('が SSH 接続を拒否しました');
    expect(englishLeft(ja), ja).toBeNull();
  });

  it('a server that accepts but never speaks SSH is a timeout', async () => {
    const sockets: Socket[] = [];
    const silent = createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const { port } = silent.address() as AddressInfo;
    try {
      const e = await rejection(openTarget(`sftp://admin@127.0.0.1:${port}/srv/tftp`, {
        sftp: { auth: { kind: 'password', password: 'x' }, checkHostKey: check, readyTimeoutMs: 300 },
      }));
      expect(e.code).toBe('timeout');
    } finally {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});

