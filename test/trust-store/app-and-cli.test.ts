// The app and `ctl-client` share one trust store: a provider certificate accepted in the app
// is trusted by a real `ctl-client cluster` run (a child process, default store location),
// and the reverse; the first run migrates the app's settings.json. Real TLS on loopback.
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAppTrustStore } from '../../electron/app/trust-store';
import { ProviderClient } from '../../electron/services/provider-client';
import { DEFAULT_SETTINGS } from '../../shared/ipc/settings';
import { PASSWORD, startTestProvider, USER, type TestProvider } from '../provider/fixtures';

let p: TestProvider;
let home: string;
let config: string;
let pwFile: string;
const savedXdg = process.env['XDG_CONFIG_HOME'];

function cluster(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
  const server = ['--server', `127.0.0.1:${p.running.port}`, '--user', USER, '--password-file', pwFile];
  // Only the environment locates the store: the same per-user folder the app uses.
  const env = { ...process.env, HOME: home, XDG_CONFIG_HOME: config };
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve('bin/ctl-client.cjs'), 'cluster', ...server, ...args], { timeout: 60_000, env }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  p = await startTestProvider();
  home = await mkdtemp(path.join(tmpdir(), 'ctl-trust-home-'));
  config = path.join(home, 'config');
  pwFile = path.join(home, 'pw.txt');
  await writeFile(pwFile, `${PASSWORD}\n`);
  // The app computes the default location from the process environment.
  process.env['XDG_CONFIG_HOME'] = config;
});
afterAll(async () => {
  if (savedXdg === undefined) delete process.env['XDG_CONFIG_HOME'];
  else process.env['XDG_CONFIG_HOME'] = savedXdg;
  await p.stop();
  await rm(home, { recursive: true, force: true });
});

describe.runIf(process.platform === 'linux')('one trust store for the app and ctl-client', () => {
  it('the first CLI run migrates the app settings; then each trusts what the other accepted', async () => {
    const userData = path.join(config, 'CTL Client');
    const settingsFile = path.join(userData, 'settings.json');
    const fp = p.running.fingerprint;
    await mkdir(userData, { recursive: true });
    await writeFile(settingsFile, JSON.stringify({ ...DEFAULT_SETTINGS, pinnedFingerprints: { [`127.0.0.1:${p.running.port}`]: fp } }));

    // Accepted in the app before this version: the command line trusts it without --trust.
    const first = await cluster(['--json']);
    expect(first.code, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ fingerprint: fp });
    expect(first.stderr).toContain(`1 accepted provider certificate(s) moved to ${path.join(config, 'ctl-client', 'trusted-certificates.json')}`);
    expect(JSON.parse(await readFile(settingsFile, 'utf8'))).not.toHaveProperty('pinnedFingerprints');

    // Forgotten in the app (Settings): the command line refuses the node again.
    const app = await openAppTrustStore(userData, false);
    expect(app.file).toBe(path.join(config, 'ctl-client', 'trusted-certificates.json'));
    await app.delete('127.0.0.1', p.running.port);
    expect((await cluster()).code).toBe(5);

    // Accepted on the command line: the app connects without asking.
    expect((await cluster(['--trust', fp])).code).toBe(0);
    const asked: string[] = [];
    const session = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: app, onFirstContact: (c) => (asked.push(c.fingerprint), false) });
    await session.close();
    expect(asked).toEqual([]);

    // Accepted in the app (its first-contact dialog said yes): the command line trusts it.
    await app.delete('127.0.0.1', p.running.port);
    const accepted = await ProviderClient.connect({ host: '127.0.0.1', port: p.running.port, trustStore: app, onFirstContact: () => true });
    await accepted.close();
    expect((await cluster()).code).toBe(0);
    expect((await app.list()).map((c) => c.sha256)).toEqual([fp]);
  }, 120_000);

  it('a damaged store stops the command before it connects, naming the file and leaving it as it was', async () => {
    const damaged = path.join(home, 'damaged.json');
    await writeFile(damaged, '{"version": 2, "entries": ');
    const r = await cluster(['--trust-store', damaged, '--trust', p.running.fingerprint]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`the trust store ${damaged} is damaged`);
    expect(await readFile(damaged, 'utf8')).toBe('{"version": 2, "entries": ');
  });
});
