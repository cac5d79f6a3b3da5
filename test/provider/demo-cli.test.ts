// `ctl-provider demo` as a child process: one ready line, servers reachable, clean stop.
import { describe, it, expect } from 'vitest';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { rm, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir } from './fixtures';

interface Ready {
  ready: boolean;
  admin: { username: string; password: string };
  nodes: { name: string; host: string; port: number; roles: string[]; fingerprint: string; tftpRoot: string }[];
  altTftp: { name: string }[];
  firewalls: { name: string }[];
}

describe('ctl-provider demo', () => {
  it('prints one ready line, serves every node, and stops on SIGTERM', async () => {
    const dir = await makeTempDir('democli');
    const child = spawn(process.execPath, [path.resolve('bin/ctl-provider.cjs'), 'demo', '--dir', dir, '--nodes', '2', '--base-port', '0', '--alt-tftp', '1', '--firewalls', '1'], { stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('demo not ready within 60 s')), 60_000);
        createInterface({ input: child.stdout }).once('line', (l) => { clearTimeout(timer); resolve(l); });
        child.once('exit', (c) => reject(new Error(`demo exited ${c}`)));
      });
      const ready = JSON.parse(line) as Ready;
      expect(ready.ready).toBe(true);
      expect(ready.nodes.map((n) => n.name)).toEqual(['cucm-1', 'cucm-2']);
      expect(ready.altTftp.map((n) => n.name)).toEqual(['alt-tftp-1']);
      expect(ready.firewalls.map((n) => n.name)).toEqual(['asa-1']);
      expect(ready.admin.password.length).toBeGreaterThanOrEqual(16);
      const config = await readFile(path.join(dir, 'cucm-1', 'config.json'), 'utf8');
      expect(config).not.toContain(ready.admin.password);
      for (const n of ready.nodes) {
        const s = await ProviderClient.connect({ host: n.host, port: n.port, trustStore: new MemoryTrustStore(), trust: n.fingerprint });
        await s.login(ready.admin.username, ready.admin.password);
        expect((await s.describe()).thisNode).toBe(n.name);
        s.close();
      }
      child.kill('SIGTERM');
      const code = await new Promise((r) => child.once('exit', (c) => r(c)));
      expect(code).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(dir, { recursive: true, force: true });
    }
  });
});
