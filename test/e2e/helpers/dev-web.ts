// Starts `npm run dev:web` (the same entry point) in a child process with a fresh data folder:
// new SoftHSM demo tokens, a new demo cluster, empty settings. Resolves with what it printed.
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';

export const repoRoot = resolve(import.meta.dirname, '..', '..', '..');

export interface DemoServerInfo {
  name: string;
  host: string;
  port: number;
  firstNode: boolean;
  tftpRoot: string;
  /** SHA-256 of the server's TLS certificate, lower-case hex. */
  fingerprint: string;
}

export interface DevWebInfo {
  url: string;
  origin: string;
  dir: string;
  userDataDir: string;
  reportsDir: string;
  admin: { username: string; password: string };
  nodes: DemoServerInfo[];
  altTftp: DemoServerInfo[];
  firewalls: DemoServerInfo[];
  tokens: { serial: string; label: string }[];
}

export interface RunningDevWeb extends DevWebInfo {
  firstNode: DemoServerInfo;
  stop(): Promise<void>;
}

export async function startDevWebProcess(): Promise<RunningDevWeb> {
  const dir = await mkdtemp(join(tmpdir(), 'ctl-e2e-'));
  const env = { ...process.env };
  delete env.NODE_ENV;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'electron/dev-web/main.ts', '--json', '--no-build', '--dir', dir], {
    cwd: repoRoot,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const info = await new Promise<DevWebInfo>((resolvePromise, reject) => {
    const timer = setTimeout(() => reject(new Error(`dev:web did not start within 120 s:\n${stderr}`)), 120_000);
    const lines = createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      clearTimeout(timer);
      try {
        resolvePromise(JSON.parse(line) as DevWebInfo);
      } catch (error) {
        reject(new Error(`dev:web printed something else: ${line}\n${(error as Error).message}`));
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev:web exited with code ${code}:\n${stderr}`));
    });
  });
  return {
    ...info,
    firstNode: info.nodes.find((n) => n.firstNode)!,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
        if (child.exitCode === null) child.kill('SIGKILL');
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
