import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../shared/ipc/settings';
import { SettingsStore } from '../../electron/app/settings-store';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fp = 'ab'.repeat(32);

describe('SettingsStore', () => {
  it('starts from defaults and persists changes across reopen, leaving no temp files', async () => {
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual(DEFAULT_SETTINGS);
    await store.update({ language: 'ja', hashAlgorithm: 'sha512' });
    await store.setPkcs11Module('/usr/lib/libeTPkcs11.so');
    await store.rememberCluster({ host: 'cucm1.example', port: 2444, username: 'admin' });
    const again = await SettingsStore.open(dir);
    expect(again.get()).toMatchObject({
      language: 'ja',
      hashAlgorithm: 'sha512',
      pkcs11Module: '/usr/lib/libeTPkcs11.so',
      recentClusters: [{ host: 'cucm1.example', port: 2444, username: 'admin' }],
    });
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('tells its listeners every accepted change (main follows the theme with it), never a refused one', async () => {
    const store = await SettingsStore.open(dir);
    const seen: string[] = [];
    const stop = store.onChange((s) => seen.push(`${s.theme}/${s.language ?? '-'}`));
    await store.update({ theme: 'dark' });
    await store.update({ language: 'ja' });
    await expect(store.update({ theme: 'purple' as never })).rejects.toThrow();
    stop();
    await store.update({ theme: 'light' });
    expect(seen).toEqual(['dark/-', 'dark/ja']);
    expect(store.get().theme).toBe('light');
  });

  it('keeps at most ten recent clusters, newest first, without duplicates', async () => {
    const store = await SettingsStore.open(dir);
    for (let i = 0; i < 12; i++) await store.rememberCluster({ host: `n${i}`, port: 2444, username: 'u' });
    await store.rememberCluster({ host: 'n5', port: 2444, username: 'v' });
    const recents = store.get().recentClusters;
    expect(recents).toHaveLength(10);
    expect(recents[0]).toEqual({ host: 'n5', port: 2444, username: 'v' });
    expect(recents.filter((r) => r.host === 'n5')).toHaveLength(1);
  });

  it('falls back to defaults when the file is corrupt or does not match the schema', async () => {
    await writeFile(join(dir, 'settings.json'), '{not json');
    expect((await SettingsStore.open(dir)).get()).toEqual(DEFAULT_SETTINGS);
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, language: 'fr' }));
    expect((await SettingsStore.open(dir)).get()).toEqual(DEFAULT_SETTINGS);
  });

  it('rejects an invalid value and keeps the previous file', async () => {
    const store = await SettingsStore.open(dir);
    await store.update({ language: 'en' });
    await expect(store.rememberCluster({ host: 'bad host!', port: 2444, username: 'u' })).rejects.toThrow();
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8'))).toMatchObject({ language: 'en', recentClusters: [] });
  });

  it('reads a file of an earlier version that still holds accepted certificates, and writes it back without them', async () => {
    // The trust store's migration imports pinnedFingerprints; the settings themselves stay valid.
    await writeFile(join(dir, 'settings.json'), JSON.stringify({ ...DEFAULT_SETTINGS, language: 'ja', pinnedFingerprints: { 'cucm1.example:2444': fp } }));
    const store = await SettingsStore.open(dir);
    expect(store.get()).toEqual({ ...DEFAULT_SETTINGS, language: 'ja' });
    await store.update({ theme: 'dark' });
    const written = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as Record<string, unknown>;
    expect(written).toMatchObject({ language: 'ja', theme: 'dark' });
    expect(written).not.toHaveProperty('pinnedFingerprints');
  });
});
