// The fault suite's cluster: three nodes written by writeDemoCluster, each served by its own
// `ctl-provider serve` process (kill -9 is a real process death, restart a real restart), one
// node behind the fault proxy, and `ctl-client run` in a child process as an administrator
// types it. What each node holds is always read from its TFTP root on disk.
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { writeDemoCluster } from '../../provider';
import { CLI, REPO_ROOT, type CliResult, type DemoTokens } from '../helpers/softhsm';
import { freePort, startProxy, type FaultProxy } from './proxy';

const PROVIDER = path.join(REPO_ROOT, 'bin/ctl-provider.cjs');
export const NODES = ['cucm-1', 'cucm-2', 'cucm-3'] as const;
export type NodeName = (typeof NODES)[number];

interface NodeProc {
  name: NodeName;
  dir: string;
  /** Where it really listens (behind the proxy for the proxied node). */
  listenPort: number;
  fingerprint: string;
  child: ChildProcess | null;
}

export interface FaultCluster {
  dir: string;
  proxy: FaultProxy;
  proxied: NodeName;
  /** SHA-256 of CTLFile.tlv on each node's disk ('none' when absent). */
  disks(): Promise<Record<NodeName, string>>;
  diskOf(name: NodeName): Promise<string>;
  /** The node's CTLFile.tlv path (tests write it behind the provider). */
  ctlPath(name: NodeName): string;
  kill(name: NodeName): Promise<void>;
  start(name: NodeName): Promise<void>;
  /**
   * `ctl-client run` with `args`; `fault` (when given) runs once, when `when` first holds:
   * a line of its stderr, or the node's CTL on disk changing.
   */
  run(args: string[], fault?: { when: RegExp | { diskChanges: NodeName }; act: () => Promise<void> | void }, answer?: Promise<string>): Promise<CliResult & { faulted: boolean }>;
  stop(): Promise<void>;
}

const sha = (b: Uint8Array | null) => (b ? createHash('sha256').update(b).digest('hex') : 'none');

async function spawnNode(node: NodeProc): Promise<void> {
  const child = spawn(process.execPath, [PROVIDER, 'serve', '--config', path.join(node.dir, 'config.json')], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.resume();
  const line = await new Promise<string>((resolve, reject) => {
    const rl = createInterface({ input: child.stdout! });
    const timer = setTimeout(() => reject(new Error(`${node.name} did not start within 30 s`)), 30_000);
    rl.once('line', (l) => { clearTimeout(timer); resolve(l); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`${node.name} exited with ${code}`)); });
  });
  const info = JSON.parse(line) as { port: number; fingerprint: string };
  node.fingerprint = info.fingerprint;
  node.child = child;
}

export async function faultCluster(tokens: DemoTokens, proxied: NodeName): Promise<FaultCluster> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctl-faults-'));
  const files = await writeDemoCluster({ dir: path.join(dir, 'cluster'), nodes: 3, basePort: 0, modulusBits: 1024, passwordCost: 1024 });
  const nodes: NodeProc[] = [];
  let proxyListen = 0;
  for (const f of files.servers) {
    const node: NodeProc = { name: f.name as NodeName, dir: f.dir, listenPort: f.port, fingerprint: '', child: null };
    if (node.name === proxied) {
      // The cluster lists the proxy's port for this node; the node itself listens elsewhere.
      proxyListen = f.port;
      node.listenPort = await freePort();
      const configFile = path.join(f.dir, 'config.json');
      const config = JSON.parse(await readFile(configFile, 'utf8')) as { listen: { host: string; port: number } };
      config.listen.port = node.listenPort;
      await writeFile(configFile, JSON.stringify(config, null, 2));
    }
    nodes.push(node);
  }
  await Promise.all(nodes.map(spawnNode));
  const target = nodes.find((n) => n.name === proxied)!;
  const proxy = await startProxy(proxyListen, () => target.listenPort);
  const passwordFile = path.join(dir, 'password');
  const pinFile = path.join(dir, 'pin');
  await writeFile(passwordFile, `${files.admin.password}\n`, { mode: 0o600 });
  await writeFile(pinFile, 'Cisco123\n', { mode: 0o600 });
  const first = files.servers[0]!;
  const base = [
    'run', '--server', `127.0.0.1:${first.port}`, '--user', files.admin.username, '--password-file', passwordFile,
    '--pin-file', pinFile, '--trust-store', path.join(dir, 'trusted-certificates.json'), '--request-timeout', '2000',
    ...nodes.flatMap((n) => ['--trust', n.fingerprint]),
  ];
  const node = (name: NodeName) => nodes.find((n) => n.name === name)!;
  const ctlPath = (name: NodeName) => path.join(node(name).dir, 'tftp', 'CTLFile.tlv');
  const diskOf = async (name: NodeName) => sha(await readFile(ctlPath(name)).then((b) => new Uint8Array(b), () => null));

  const cluster: FaultCluster = {
    dir, proxy, proxied, ctlPath, diskOf,
    async disks() {
      const out = {} as Record<NodeName, string>;
      for (const n of NODES) out[n] = await diskOf(n);
      return out;
    },
    async kill(name) {
      const child = node(name).child;
      if (!child || child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
      node(name).child = null;
    },
    // A node still running is left alone (a second process could not listen on its port anyway).
    start: async (name) => { if (!node(name).child) await spawnNode(node(name)); },
    run(args, fault, answer) {
      return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, [CLI, ...base, ...args], { cwd: REPO_ROOT, env: tokens.childEnv, stdio: ['pipe', 'pipe', 'pipe'] });
        let stdout = '';
        let stderr = '';
        let faulted = false;
        let acting: Promise<void> = Promise.resolve();
        const fire = () => {
          if (faulted || !fault) return;
          faulted = true;
          acting = Promise.resolve(fault.act()).then(() => undefined);
        };
        let poll: ReturnType<typeof setInterval> | null = null;
        if (fault && !(fault.when instanceof RegExp)) {
          const watched = fault.when.diskChanges;
          void diskOf(watched).then((start) => {
            poll = setInterval(() => { void diskOf(watched).then((now) => { if (now !== start) fire(); }); }, 5);
          });
        }
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          if (fault?.when instanceof RegExp && fault.when.test(stderr)) fire();
        });
        const timer = setTimeout(() => child.kill('SIGKILL'), 90_000);
        child.on('error', reject);
        child.on('close', (code) => {
          clearTimeout(timer);
          if (poll) clearInterval(poll);
          void acting.then(() => resolve({ code: code ?? -1, stdout, stderr, faulted }), reject);
        });
        if (answer) void answer.then((line) => child.stdin.end(`${line}\n`));
        else child.stdin.end('');
      });
    },
    async stop() {
      await proxy.close();
      await Promise.all(NODES.map((n) => cluster.kill(n)));
      await rm(dir, { recursive: true, force: true });
    },
  };
  return cluster;
}
