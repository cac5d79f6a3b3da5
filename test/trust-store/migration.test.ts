// One-time migration of the app's settings.json pinnedFingerprints and the command line's
// provider-pins.json into the shared trust store, with real files in a temp folder.
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SettingsStore } from '../../electron/app/settings-store';
import { describeMigration, FileTrustStore, migrateLegacyTrust, openTrustStore, TrustStoreError } from '../../electron/services/trust-store';
import { DEFAULT_SETTINGS } from '../../shared/ipc/settings';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
let dir: string;
let file: string;
let settingsFile: string;
let pinFile: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-trust-migrate-'));
  file = join(dir, 'config', 'trusted-certificates.json');
  settingsFile = join(dir, 'app', 'settings.json');
  pinFile = join(dir, 'cli', 'provider-pins.json');
  await Promise.all(['app', 'cli'].map((d) => mkdir(join(dir, d))));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const settingsWith = (pins: Record<string, string>) => JSON.stringify({ ...DEFAULT_SETTINGS, language: 'ja', recentClusters: [{ host: 'cucm1', port: 2444, username: 'admin' }], pinnedFingerprints: pins });
const pinFileWith = (pins: Record<string, string>) =>
  JSON.stringify({ version: 1, pins: Object.fromEntries(Object.entries(pins).map(([k, sha256]) => [k, { sha256, acceptedAt: '2025-05-01T10:00:00.000Z' }])) });

describe('migration of the earlier stores', () => {
  it('imports both files, drops a host they disagree on, and retires both sources', async () => {
    await writeFile(settingsFile, settingsWith({ 'cucm1:2444': A.toUpperCase().match(/../g)!.join(':'), 'shared:2444': C, 'clash:2444': A }));
    await writeFile(pinFile, pinFileWith({ 'cucm2:2444': B, 'SHARED:2444': C, 'clash:2444': B }));

    const lines: string[] = [];
    const store = await openTrustStore(file, { settingsFile, pinFile }, (l) => lines.push(l));
    expect((await store.list()).map((c) => [c.host, c.sha256])).toEqual([['cucm1', A], ['cucm2', B], ['shared', C]]);
    // The disagreement is reported (host only, no secret) and neither certificate is trusted.
    expect(await store.get('clash', 2444)).toBeNull();
    expect(lines).toEqual([
      `trust store: 3 accepted provider certificate(s) moved to ${file}`,
      expect.stringMatching(/^trust store: clash:2444 had different certificates in the app and the command line; neither was kept/),
    ]);
    // The CLI's file is kept under another name; settings.json keeps everything else.
    expect(await readdir(join(dir, 'cli'))).toEqual(['provider-pins.json.migrated']);
    const settings = JSON.parse(await readFile(settingsFile, 'utf8')) as Record<string, unknown>;
    expect(settings).not.toHaveProperty('pinnedFingerprints');
    expect(settings).toMatchObject({ language: 'ja', recentClusters: [{ host: 'cucm1', port: 2444, username: 'admin' }] });
    expect((await SettingsStore.open(join(dir, 'app'))).get().language).toBe('ja');
    // The accepted date of a CLI pin carries over.
    expect((await store.list()).find((c) => c.host === 'cucm2')?.acceptedAt).toBe('2025-05-01T10:00:00.000Z');
  });

  it('runs once: an existing store is never merged into again', async () => {
    await writeFile(settingsFile, settingsWith({ 'cucm1:2444': A }));
    expect(await migrateLegacyTrust(file, { settingsFile, pinFile })).toEqual({ imported: 1, conflicts: [], notes: [] });
    await new FileTrustStore(file).delete('cucm1', 2444);
    await writeFile(pinFile, pinFileWith({ 'cucm9:2444': B }));
    expect(await migrateLegacyTrust(file, { settingsFile, pinFile })).toBeNull();
    expect(await new FileTrustStore(file).list()).toEqual([]);
    expect(await readdir(join(dir, 'cli'))).toEqual(['provider-pins.json']);
  });

  it('with neither source, creates an empty store and says nothing', async () => {
    const lines: string[] = [];
    const store = await openTrustStore(file, { settingsFile, pinFile }, (l) => lines.push(l));
    expect(await store.list()).toEqual([]);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual({ version: 2, entries: {} });
    expect(lines).toEqual([]);
  });

  it('stops on a damaged pin file, naming it, and changes nothing', async () => {
    await writeFile(settingsFile, settingsWith({ 'cucm1:2444': A }));
    await writeFile(pinFile, '{"version":1,"pins":{"cucm2:2444":{"sha256":"nope"}}}');
    const error = await migrateLegacyTrust(file, { settingsFile, pinFile }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TrustStoreError);
    expect((error as Error).message).toContain(pinFile);
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).toHaveProperty('pinnedFingerprints');
    expect(await readdir(join(dir, 'cli'))).toEqual(['provider-pins.json']);
  });

  it('skips an unreadable settings.json with a note and still imports the pin file', async () => {
    await writeFile(settingsFile, '{broken');
    await writeFile(pinFile, pinFileWith({ 'cucm2:2444': B }));
    const report = (await migrateLegacyTrust(file, { settingsFile, pinFile }))!;
    expect(report.imported).toBe(1);
    expect(describeMigration(file, report).join('\n')).toContain(`${settingsFile} could not be read as JSON`);
    expect(await readFile(settingsFile, 'utf8')).toBe('{broken');
  });
});
