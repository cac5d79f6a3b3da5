// The trust store file itself: entries, kinds it does not know, a damaged or newer file, the
// earlier command line's file given as --trust-store, the lock and concurrent writers.
import { fork } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileTrustStore, MemoryTrustStore, TrustStoreError, TrustStoreLockError, defaultTrustStoreFile } from '../../electron/services/trust-store';
import { withLock } from '../../electron/services/trust-store/lock';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
let dir: string;
let file: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-trust-'));
  file = join(dir, 'trusted-certificates.json');
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileTrustStore', () => {
  it('keeps one TLS certificate per host (any case) and port, and lists and forgets them', async () => {
    const store = new FileTrustStore(file);
    expect(await store.get('cucm1', 2444)).toBeNull();
    await store.set('CUCM1.Example', 2444, A.toUpperCase().match(/../g)!.join(':'));
    await store.set('10.0.0.2', 2444, B);
    expect(await store.get('cucm1.example', 2444)).toBe(A);
    expect(await store.get('cucm1.example', 2445)).toBeNull();
    expect(await new FileTrustStore(file).list()).toEqual([
      { host: '10.0.0.2', port: 2444, sha256: B, acceptedAt: expect.any(String) },
      { host: 'cucm1.example', port: 2444, sha256: A, acceptedAt: expect.any(String) },
    ]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ version: 2, entries: { 'cucm1.example:2444': { kind: 'tls-certificate', sha256: A } } });
    await store.delete('CUCM1.example', 2444);
    expect(await store.get('cucm1.example', 2444)).toBeNull();
    await expect(store.set('x', 1, 'not-a-fingerprint')).rejects.toThrow(/64 hex digits/);
    expect(await readdir(dir)).toEqual(['trusted-certificates.json']);
  });

  it('keeps an entry of a kind a later version wrote and never uses it as a certificate', async () => {
    const later = { kind: 'x509-ca', subject: 'CN=Lab CA', sha256: 'x', acceptedAt: '2026-01-01T00:00:00Z' };
    await writeFile(file, JSON.stringify({ version: 2, entries: { 'ca.example:443': later } }));
    const store = new FileTrustStore(file);
    expect(await store.get('ca.example', 443)).toBeNull();
    await store.set('cucm1', 2444, A);
    expect(JSON.parse(await readFile(file, 'utf8')).entries['ca.example:443']).toEqual(later);
    expect((await store.list()).map((c) => c.host)).toEqual(['cucm1']);
  });

  it('pins SSH host keys of sftp:// targets beside the certificates, in OpenSSH form, never as a certificate', async () => {
    const store = new FileTrustStore(file);
    const key = { fingerprint: `SHA256:${'AbCd'.repeat(10)}xYz`, algorithm: 'ssh-ed25519' };
    await store.set('cucm1', 2444, A);
    await store.setHostKey('TFTP.example', 22, { ...key, fingerprint: `${key.fingerprint}=` });
    expect(await store.getHostKey('tftp.example', 22)).toEqual(key);
    expect(await store.get('tftp.example', 22)).toBeNull();
    expect(await store.getHostKey('cucm1', 2444)).toBeNull();
    expect((await store.list()).map((c) => c.host)).toEqual(['cucm1']);
    expect(JSON.parse(await readFile(file, 'utf8')).entries['tftp.example:22']).toMatchObject({ kind: 'ssh-host-key', ...key });
    await expect(store.setHostKey('tftp.example', 22, { fingerprint: 'ab'.repeat(32), algorithm: 'ssh-rsa' })).rejects.toThrow(/SHA256/);
  });

  it('names a damaged file, refuses to change it and never resets it', async () => {
    const store = new FileTrustStore(file);
    for (const text of ['{not json', JSON.stringify({ version: 2, entries: { 'cucm1:2444': { kind: 'tls-certificate', sha256: 'zz', acceptedAt: '' } } })]) {
      await writeFile(file, text);
      const error = await store.get('cucm1', 2444).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TrustStoreError);
      expect((error as Error).message).toContain(file);
      expect((error as Error).message).toMatch(/damaged/);
      await expect(store.set('cucm2', 2444, A)).rejects.toThrow(file);
      await expect(store.list()).rejects.toThrow(/damaged/);
      expect(await readFile(file, 'utf8')).toBe(text);
    }
    await writeFile(file, JSON.stringify({ version: 3, entries: {} }));
    await expect(store.get('cucm1', 2444)).rejects.toThrow(/later version/);
  });

  it('reads the earlier command line file (provider-pins.json) given as the store and rewrites it as version 2', async () => {
    await writeFile(file, JSON.stringify({ version: 1, pins: { 'cucm1:2444': { sha256: A, acceptedAt: '2025-05-01T10:00:00.000Z' } } }));
    const store = new FileTrustStore(file);
    expect(await store.get('cucm1', 2444)).toBe(A);
    await store.set('cucm2', 2444, B);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({
      version: 2,
      entries: {
        'cucm1:2444': { kind: 'tls-certificate', sha256: A, acceptedAt: '2025-05-01T10:00:00.000Z' },
        'cucm2:2444': { kind: 'tls-certificate', sha256: B, acceptedAt: expect.any(String) },
      },
    });
  });

  it('loses no entry when two store instances write at the same time', async () => {
    const one = new FileTrustStore(file);
    const two = new FileTrustStore(file);
    const hosts = Array.from({ length: 40 }, (_, i) => `node-${i}`);
    await Promise.all(hosts.map((h, i) => (i % 2 ? one : two).set(h, 2444, i % 3 ? A : B)));
    expect((await one.list()).map((c) => c.host).sort()).toEqual([...hosts].sort());
    expect((await readdir(dir)).sort()).toEqual(['trusted-certificates.json']);
  });

  it('loses no entry when two processes write at the same time', async () => {
    const script = join(import.meta.dirname, 'write-entries.ts');
    const child = (prefix: string) => new Promise<number | null>((resolve, reject) => {
      const p = fork(script, [file, prefix, '25'], { execArgv: ['--import', 'tsx'], stdio: 'inherit' });
      p.once('error', reject);
      p.once('exit', resolve);
    });
    // The app and a command-line run: each process's own writes are interleaved with the other's.
    expect(await Promise.all([child('app'), child('cli')])).toEqual([0, 0]);
    const hosts = (await new FileTrustStore(file).list()).map((c) => c.host);
    expect(hosts).toHaveLength(50);
    expect(hosts.filter((h) => h.startsWith('app-'))).toHaveLength(25);
    expect(hosts.filter((h) => h.startsWith('cli-'))).toHaveLength(25);
  }, 60_000);
});

describe('lock file', () => {
  it('waits for a live lock, gives up with an error naming it, and breaks a stale one', async () => {
    const lock = `${file}.lock`;
    await writeFile(lock, '1 held');
    const error = await withLock(lock, async () => 'never', 150).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustStoreLockError);
    expect((error as Error).message).toContain(lock);
    // Left by a process that died 11 s ago: broken, and the change goes through.
    const old = new Date(Date.now() - 11_000);
    await utimes(lock, old, old);
    await new FileTrustStore(file).set('cucm1', 2444, A);
    expect(await new FileTrustStore(file).get('cucm1', 2444)).toBe(A);
    expect(await readdir(dir)).toEqual(['trusted-certificates.json']);
  });
});

describe('MemoryTrustStore', () => {
  it('behaves as the file store without a file', async () => {
    const store = new MemoryTrustStore();
    await store.set('CUCM1', 2444, A);
    expect(await store.get('cucm1', 2444)).toBe(A);
    expect(await store.list()).toEqual([{ host: 'cucm1', port: 2444, sha256: A, acceptedAt: expect.any(String) }]);
    await store.delete('cucm1', 2444);
    expect(await store.list()).toEqual([]);
  });
});

describe('defaultTrustStoreFile', () => {
  it('is the per-user configuration folder of each platform', () => {
    const home = '/home/ann';
    expect(defaultTrustStoreFile({ platform: 'linux', env: {}, home })).toBe('/home/ann/.config/ctl-client/trusted-certificates.json');
    expect(defaultTrustStoreFile({ platform: 'linux', env: { XDG_CONFIG_HOME: '/x' }, home })).toBe('/x/ctl-client/trusted-certificates.json');
    expect(defaultTrustStoreFile({ platform: 'darwin', env: {}, home: '/Users/ann' })).toBe('/Users/ann/Library/Application Support/ctl-client/trusted-certificates.json');
    expect(defaultTrustStoreFile({ platform: 'win32', env: { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, home: 'C:\\Users\\ann' }))
      .toBe('C:\\Users\\ann\\AppData\\Roaming\\ctl-client\\trusted-certificates.json');
  });
});
