// End-to-end helpers: a real demo cluster on loopback (startDemoCluster), real SoftHSM demo
// tokens (ctl-client tokens init-demo), and `ctl-client run` in a child process, exactly as
// an administrator would type it. Disks are compared in every TFTP root.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { startDemoCluster, type DemoCluster, type DemoOptions, type DemoServer } from '../../provider';
import { CLI, createDemoTokens, REPO_ROOT, runCtlClient, type CliResult, type DemoTokens } from '../helpers/softhsm';

export interface E2eCluster {
  demo: DemoCluster;
  dir: string;
  servers: DemoServer[];
  /** The common part of every `run` command line for this cluster. */
  base: string[];
  env: NodeJS.ProcessEnv;
  /** SHA-256 of CTLFile.tlv in every TFTP root ("none" when absent), by server name. */
  disks(): Promise<Record<string, string>>;
  ctl(name: string): Promise<Uint8Array | null>;
  run(args: string[], options?: { input?: string }): Promise<CliResult>;
  stop(): Promise<void>;
}

export async function e2eCluster(tokens: DemoTokens, options: Partial<DemoOptions> = {}): Promise<E2eCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctl-session-e2e-'));
  const demo = await startDemoCluster({ dir: path.join(dir, 'cluster'), nodes: 3, altTftp: 1, firewalls: 1, basePort: 0, modulusBits: 1024, ...options });
  const servers = [...demo.nodes, ...demo.altTftp, ...demo.firewalls];
  const passwordFile = path.join(dir, 'password');
  const pinFile = path.join(dir, 'pin');
  await writeFile(passwordFile, `${demo.admin.password}\n`, { mode: 0o600 });
  await writeFile(pinFile, 'Cisco123\n', { mode: 0o600 });
  const first = demo.nodes[0]!;
  const base = [
    'run', '--server', `${first.host}:${first.port}`, '--user', demo.admin.username, '--password-file', passwordFile,
    '--pin-file', pinFile, '--trust-store', path.join(dir, 'trusted-certificates.json'),
    ...servers.flatMap((s) => ['--trust', s.fingerprint]),
    ...(demo.firewalls[0] ? ['--firewall-port', String(demo.firewalls[0].port)] : []),
    // Alternate TFTP servers listed in the current CTL are found by IP; on loopback their port is this one.
    ...(demo.altTftp[0] ? ['--tftp-port', String(demo.altTftp[0].port)] : []),
  ];
  const env = { ...tokens.childEnv };
  const ctl = async (name: string) => {
    const server = servers.find((s) => s.name === name)!;
    return readFile(path.join(server.tftpRoot, 'CTLFile.tlv')).then((b) => new Uint8Array(b), () => null);
  };
  return {
    demo, dir, servers, base, env, ctl,
    async disks() {
      const out: Record<string, string> = {};
      for (const s of servers) {
        const bytes = await ctl(s.name);
        out[s.name] = bytes ? createHash('sha256').update(bytes).digest('hex') : 'none';
      }
      return out;
    },
    run: (args, opts = {}) => runCtlClient([...base, ...args], { env, timeoutMs: 120_000, ...(opts.input !== undefined ? { input: opts.input } : {}) }),
    async stop() {
      await demo.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Spawns `ctl-client run` and sends SIGINT once stderr shows `trigger`; bounded by a timeout. */
export interface E2eFixture {
  /** The file's SoftHSM demo tokens (made once, in beforeAll). */
  readonly tokens: DemoTokens;
  /** A fresh demo cluster for one test, stopped after it. */
  fresh(options?: Partial<DemoOptions>): Promise<E2eCluster>;
}

/** Registers the hooks every `ctl-client run` e2e file needs: one token store per file, a cluster per test. */
export function useE2eFixture(): E2eFixture {
  let store: DemoTokens | undefined;
  const clusters: E2eCluster[] = [];
  beforeAll(async () => {
    store = await createDemoTokens();
  });
  afterAll(async () => {
    await store?.cleanup();
  });
  afterEach(async () => {
    await Promise.all(clusters.splice(0).map((c) => c.stop()));
  });
  const tokens = (): DemoTokens => {
    if (!store) throw new Error('the demo tokens are made in beforeAll');
    return store;
  };
  return {
    get tokens() {
      return tokens();
    },
    fresh: async (options = {}) => {
      const c = await e2eCluster(tokens(), options);
      clusters.push(c);
      return c;
    },
  };
}

export function runAndInterrupt(c: E2eCluster, args: string[], trigger: RegExp): Promise<CliResult & { interrupted: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...c.base, ...args], { cwd: REPO_ROOT, env: c.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let interrupted = false;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      if (!interrupted && trigger.test(stderr)) {
        interrupted = true;
        child.kill('SIGINT');
      }
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, interrupted });
    });
    child.stdin.end('');
  });
}

export const readJson = async <T>(file: string): Promise<T> => JSON.parse(await readFile(file, 'utf8')) as T;

export const MIXED = ['--mode', 'mixed', '--token', 'SAST-1', '--token', 'SAST-2', '--yes'];
export const NODE_NAMES = ['cucm-1', 'cucm-2', 'cucm-3'];

/** First configuration, checked: every node holds the same CTL. Returns the disks after it. */
export async function firstMixed(c: E2eCluster): Promise<Record<string, string>> {
  const r = await c.run(MIXED);
  expect(r.code, r.stderr).toBe(0);
  const disks = await c.disks();
  for (const n of NODE_NAMES) expect(disks[n]).toBe(disks['cucm-1']);
  expect(disks['cucm-1']).not.toBe('none');
  return disks;
}
