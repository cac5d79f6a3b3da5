// The demo cluster of bench:session, spread over several provider processes. Real cluster
// nodes each have their own CPU; in one process every node's work would wait in one event
// loop and use one core. The servers are written once (writeDemoCluster), then dealt
// round-robin to the processes, so the nodes the engine works on at once (consecutive
// nodes) are spread over all of them.
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeDemoCluster } from '../../provider';

export interface BenchCluster {
  first: { host: string; port: number };
  username: string;
  password: string;
  /** CPU time of all provider processes so far, ms. */
  cpuMs(): Promise<number>;
  /** Starts CPU profiles of every provider process; the function returned writes them as `<base>-<i>.cpuprofile`. */
  profile(): Promise<(base: string) => Promise<void>>;
  stop(): Promise<void>;
}

const CHILD = fileURLToPath(new URL('./provider-child.ts', import.meta.url));
let nextBasePort = 20_000 + Math.floor(Math.random() * 6_000);
const ANSWER_TIMEOUT_MS = 180_000;

/** One provider process and a line-per-request channel to it. */
class ProviderProcess {
  private readonly waiting: ((line: string) => void)[] = [];

  constructor(private readonly child: ChildProcessByStdio<Writable, Readable, null>) {
    createInterface({ input: child.stdout }).on('line', (line) => this.waiting.shift()?.(line));
    // Writing to a process that died fails with EPIPE: its exit is what gets reported.
    child.stdin.on('error', () => undefined);
  }

  static start(dirs: string[]): ProviderProcess {
    return new ProviderProcess(spawn(process.execPath, ['--import', 'tsx', CHILD, ...dirs], { stdio: ['pipe', 'pipe', 'inherit'] }));
  }

  private get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** The next line the process writes, parsed; rejects when it exits or stays silent. */
  next(what: string): Promise<unknown> {
    if (this.exited) return Promise.reject(new Error(`a provider process had exited before answering ${what}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`a provider process did not answer (${what}) within ${ANSWER_TIMEOUT_MS / 1000} s`)), ANSWER_TIMEOUT_MS);
      const exited = (code: number | null) => { clearTimeout(timer); reject(new Error(`a provider process exited (${code}) before answering ${what}`)); };
      this.child.once('exit', exited);
      this.waiting.push((line) => { clearTimeout(timer); this.child.off('exit', exited); resolve(JSON.parse(line)); });
    });
  }

  ask(line: string): Promise<unknown> {
    const answer = this.next(line);
    this.child.stdin.write(`${line}\n`);
    return answer;
  }

  /** Closes its stdin (it stops its servers and exits); kills it if it has not exited within 10 s. */
  async stop(): Promise<void> {
    if (this.exited) return;
    const exit = once(this.child, 'exit');
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000);
    await exit;
    clearTimeout(timer);
  }
}

export interface ClusterOptions {
  dir: string;
  nodes: number;
  latencyMs: number;
  passwordCost: number;
  processes: number;
}

/** Writes a demo cluster of `nodes` nodes and starts it in `processes` provider processes. */
export async function startBenchCluster(options: ClusterOptions): Promise<BenchCluster> {
  // A port found free can be taken by another process before a child listens on it: try again (bounded).
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce({ ...options, dir: path.join(options.dir, `try${attempt}`) });
    } catch (err) {
      if (attempt >= 5) throw err;
    }
  }
}

async function startOnce(options: ClusterOptions): Promise<BenchCluster> {
  // Consecutive ports below Linux's ephemeral range (32768+), so the client's own outgoing
  // connections cannot take them between writing the configs and listening; each cluster of
  // this run gets its own range.
  const basePort = nextBasePort;
  nextBasePort += options.nodes + 16;
  if (nextBasePort > 32_000) nextBasePort = 20_000;
  const files = await writeDemoCluster({
    dir: options.dir, nodes: options.nodes, basePort, latencyMs: options.latencyMs, modulusBits: 1024, passwordCost: options.passwordCost,
  });
  const count = Math.max(1, Math.min(options.processes, files.servers.length));
  const groups = Array.from({ length: count }, (_, i) => files.servers.filter((_, j) => j % count === i).map((s) => s.dir));
  const processes = groups.map((dirs) => ProviderProcess.start(dirs));
  const stop = async () => { await Promise.all(processes.map((p) => p.stop())); };
  try {
    const started = await Promise.all(processes.map((p) => p.next('start')));
    const failed = started.find((a): a is { error: string } => typeof (a as { error?: unknown }).error === 'string');
    if (failed) throw new Error(`a provider process did not start: ${failed.error}`);
  } catch (err) {
    await stop();
    throw err;
  }
  const first = files.servers.find((s) => s.firstNode)!;
  return {
    first: { host: '127.0.0.1', port: first.port },
    username: files.admin.username,
    password: files.admin.password,
    cpuMs: async () => (await Promise.all(processes.map((p) => p.ask('cpu')))).reduce((sum: number, a) => sum + (a as { cpuMs: number }).cpuMs, 0),
    profile: async () => {
      await Promise.all(processes.map((p) => p.ask('profile-start')));
      return async (base) => { await Promise.all(processes.map((p, i) => p.ask(`profile-stop ${base}-${i + 1}.cpuprofile`))); };
    },
    stop,
  };
}
