// `ctl-provider serve` as a child process, killed between stage and commit: the TFTP
// root keeps the old CTL byte for byte, and a restart cleans the stale staged file.
import { describe, it, expect, afterAll } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { writeFile, readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir, testConfigInput, makeToken, makeCtl, USER, PASSWORD } from './fixtures';

const children: ChildProcess[] = [];
const dirs: string[] = [];
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  for (const d of dirs) await rm(d, { recursive: true, force: true });
});

async function serve(configFile: string): Promise<{ child: ChildProcess; port: number; fingerprint: string }> {
  const child = spawn(process.execPath, [path.resolve('bin/ctl-provider.cjs'), 'serve', '--config', configFile], { stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error('provider did not start within 30 s')), 30_000);
    rl.once('line', (l) => { clearTimeout(timer); resolve(l); });
    child.once('exit', (code) => reject(new Error(`provider exited with ${code}`)));
  });
  const info = JSON.parse(line) as { listening: boolean; port: number; fingerprint: string };
  expect(info.listening).toBe(true);
  return { child, port: info.port, fingerprint: info.fingerprint };
}

describe('crash between stage and commit', () => {
  it('leaves the old CTL intact and recovers on restart', async () => {
    const dir = await makeTempDir('crash');
    dirs.push(dir);
    const configFile = path.join(dir, 'config.json');
    await writeFile(configFile, JSON.stringify(await testConfigInput(dir)));
    const [t1, t2] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2')]);
    const oldCtl = await makeCtl(t1, [t1, t2]);
    const newCtl = await makeCtl(t2, [t1, t2]);

    const first = await serve(configFile);
    const store = new MemoryTrustStore();
    const s = await ProviderClient.connect({ host: '127.0.0.1', port: first.port, trustStore: store, trust: first.fingerprint });
    await s.login(USER, PASSWORD);
    await s.lock();
    await s.commit((await s.stage(oldCtl, 1, (await s.getCtl()).sha256)).stageId, (await s.getCtl()).sha256);
    await s.stage(newCtl, 1, (await s.getCtl()).sha256);
    expect(await readdir(path.join(dir, 'state', 'staged'))).toHaveLength(1);
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    s.close();

    const tftp = path.join(dir, 'tftp');
    expect(await readdir(tftp)).toEqual(['CTLFile.tlv']);
    expect(new Uint8Array(await readFile(path.join(tftp, 'CTLFile.tlv')))).toEqual(oldCtl);

    // Restart: the stale staged CTL is gone, mode and CTL are what was committed.
    const second = await serve(configFile);
    expect(second.fingerprint).toBe(first.fingerprint);
    expect(await readdir(path.join(dir, 'state', 'staged'))).toEqual([]);
    // Port 0 picked a new port, and accepted certificates are per host and port: accept the (unchanged) certificate there.
    const again = await ProviderClient.connect({ host: '127.0.0.1', port: second.port, trustStore: store, trust: second.fingerprint });
    await again.login(USER, PASSWORD);
    const d = await again.describe();
    expect(d.securityMode).toBe(1);
    expect((await again.getCtl()).bytes).toEqual(oldCtl);
    again.close();
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', (c) => r(c)));
    expect(code).toBe(0);
  });
});
