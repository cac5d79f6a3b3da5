// bench:session — wall time of a full CTL update (connect, proof, sign, stage, commit,
// read back, CAPF, unlock) against demo clusters of N = 1, 8, 28, 64 nodes with 50 ms of
// provider latency, real SoftHSM tokens, the real provider client, the session engine.
// Prints, per N and concurrency limit: wall time, the critical-path lower bound (round trips
// on the critical path × latency + the proof and CTL signature times), their ratio, and the
// C_Login / C_Sign counts of the update.
//   npm run bench:session [-- --nodes 1,8,28,64 --latency-ms 50 --concurrency 8,64]
// The providers run in a child process (this script with --serve), the client here.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { HashAlgorithm } from '../shared/ctl/model';
import { startDemoCluster, startProviderServer, parseProviderConfig, hashPassword, type RunningProvider } from '../provider';
import { demoIdentity } from '../provider/demo/certs';
import { MemoryPinStore } from '../electron/services/provider-client';
import { TokenService } from '../electron/services/tokens';
import { initDemoTokens } from '../electron/services/tokens/demo-tokens';
import { ProviderClientPort } from '../electron/session/adapters/provider';
import { TokenServicePort } from '../electron/session/adapters/tokens';
import { TrustList } from '../electron/session/adapters/trust';
import { createSession } from '../electron/session/engine';
import { runPlan, type RunPlan } from '../electron/session/headless';

interface Cluster { first: { host: string; port: number }; username: string; password: string; stop(): Promise<void> }

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** The demo cluster; above its 32-node limit, the same layout started node by node. */
async function startCluster(dir: string, nodes: number, latencyMs: number): Promise<Cluster> {
  try {
    const demo = await startDemoCluster({ dir, nodes, basePort: 0, latencyMs, modulusBits: 1024, log: () => undefined });
    return { first: demo.nodes[0]!, username: demo.admin.username, password: demo.admin.password, stop: demo.stop };
  } catch (err) {
    if (!/between 1 and 32/.test((err as Error).message)) throw err;
  }
  const password = 'bench-password';
  const passwordHash = await hashPassword(password);
  const names = Array.from({ length: nodes }, (_, i) => `cucm-${i + 1}`);
  const running: RunningProvider[] = [];
  // Every node lists the others with their ports, so the ports are chosen (free ones) first.
  const ports: number[] = [];
  for (let i = 0; i < nodes; i++) ports.push(await freePort());
  const members = names.map((name, i) => ({ name, host: '127.0.0.1', ip: '127.0.0.1', port: ports[i]!, roles: i === 0 ? ['CallManager', 'TFTP', 'CAPF'] as const : ['CallManager', 'TFTP'] as const, firstNode: i === 0 }));
  try {
    await startMembers(dir, members, running, passwordHash, latencyMs);
  } catch (err) {
    await Promise.all(running.map((r) => r.stop()));
    throw err;
  }
  return { first: { host: '127.0.0.1', port: members[0]!.port }, username: 'ccmadmin', password, stop: async () => { await Promise.all(running.map((r) => r.stop())); } };
}

type Member = { name: string; host: string; ip: string; port: number; roles: readonly ('CallManager' | 'TFTP' | 'CAPF')[]; firstNode: boolean };

async function startMembers(dir: string, members: Member[], running: RunningProvider[], passwordHash: string, latencyMs: number): Promise<void> {
  for (const [i, m] of members.entries()) {
    const nodeDir = path.join(dir, m.name);
    await mkdir(nodeDir, { recursive: true });
    const tls = await demoIdentity(nodeDir, 'server', `CN=${m.name}, OU=CallManager, O=CTL Demo, C=JP`, 1024);
    const certificates: Record<string, string> = { CallManager: tls.certFile, TFTP: tls.certFile };
    if (i === 0) certificates['CAPF'] = (await demoIdentity(nodeDir, 'capf', `CN=CAPF-${m.name}, OU=CAPF, O=CTL Demo, C=JP`, 1024)).certFile;
    const config = parseProviderConfig({
      name: m.name, kind: 'cluster-node', listen: { host: '127.0.0.1', port: m.port }, tls: { certFile: tls.certFile, keyFile: tls.keyFile },
      certificates, cluster: { id: 'bench-cluster', nodes: members.map((x) => ({ ...x, roles: [...x.roles] })) },
      tftpRoot: 'tftp', stateDir: 'state', users: [{ username: 'ccmadmin', passwordHash }], latencyMs,
    }, nodeDir);
    running.push(await startProviderServer(config, { log: () => undefined }));
  }
}

/** Child-process mode: runs the providers (own event loop and thread pool) until stdin closes. */
async function serve(dir: string, nodes: number, latencyMs: number): Promise<void> {
  let cluster: Cluster | null = null;
  // A port found free can be taken by another process before we listen on it: try again (bounded).
  for (let attempt = 1; !cluster; attempt++) {
    try {
      cluster = await startCluster(path.join(dir, `try${attempt}`), nodes, latencyMs);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }
  process.stdout.write(`${JSON.stringify({ first: cluster.first, username: cluster.username, password: cluster.password })}\n`);
  process.stdin.resume();
  process.stdin.on('end', () => { void cluster.stop().then(() => process.exit(0)); });
}

/** Starts the providers in a child process, so their CPU work is not this process's. */
async function spawnCluster(dir: string, nodes: number, latencyMs: number): Promise<Cluster> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(nodes), '--latency-ms', String(latencyMs), '--dir', dir],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('the provider child did not start within 180 s')), 180_000);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const nl = out.indexOf('\n');
      if (nl >= 0) { clearTimeout(timer); resolve(out.slice(0, nl)); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the provider child exited (${code})`)); });
  });
  const info = JSON.parse(line) as Omit<Cluster, 'stop'>;
  return { ...info, stop: async () => { child.stdin.end(); await once(child, 'exit'); } };
}

/** Round trips on the critical path of an update with `limit` concurrent targets. */
function criticalRoundTrips(nodes: number, limit: number): number {
  const waves = (n: number) => Math.ceil(n / limit);
  const connect = 3 + Math.max(2, waves(nodes - 1) * 3); // hello, login, describe; then per node hello, login, certificates
  const proof = waves(nodes) * 2; // challenge, prove on every node
  const stage = waves(nodes) * 2; // lock, stage
  const finish = waves(nodes) * (nodes > 1 ? 3 : 2); // commit, read back, CAPF (closing the session releases the lock)
  return connect + proof + stage + finish;
}

interface Timing { proof: number[]; ctl: number[] }

function plan(cluster: Cluster, mode: 'mixed' | 'update', tokens: string[]): RunPlan {
  return {
    server: cluster.first, username: cluster.username, password: cluster.password, mode, tokens,
    pinFor: () => 'Cisco123', addTftp: [], addFirewall: [], remove: [], overrides: [], confirmFinalTry: false,
    confirm: async () => true, onCommitFailure: 'leave',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    nodes: { type: 'string' }, 'latency-ms': { type: 'string' }, concurrency: { type: 'string' }, serve: { type: 'string' }, dir: { type: 'string' },
  } });
  if (values.serve) return serve(values.dir!, Number(values.serve), Number(values['latency-ms'] ?? 0));
  const sizes = (values.nodes ?? '1,8,28,64').split(',').map(Number);
  const limits = (values.concurrency ?? '8,64').split(',').map(Number);
  const latency = Number(values['latency-ms'] ?? 50);
  const root = await mkdtemp(path.join(tmpdir(), 'ctl-bench-session-'));
  const store = await initDemoTokens(path.join(root, 'tokens'));
  const service = await TokenService.start({ modulePath: store.env.CTL_PKCS11_MODULE, countCalls: true });
  const timing: Timing = { proof: [], ctl: [] };
  const inner = new TokenServicePort(service);
  // Times each signature: the CTL's signed bytes are kilobytes, a proof message is under 100 bytes.
  const tokens = Object.assign(Object.create(inner) as TokenServicePort, {
    async sign(serial: string, cert: string, data: Uint8Array, hash: HashAlgorithm) {
      const t0 = performance.now();
      const sig = await inner.sign(serial, cert, data, hash);
      (data.length > 512 ? timing.ctl : timing.proof).push(performance.now() - t0);
      return sig;
    },
  });
  console.log(`bench:session — full CTL update (update mode, SAST-2 proves and signs), provider latency ${latency} ms`);
  console.log('bound = round trips on the critical path x latency + proof and CTL signature times (goal: wall/bound <= 1.25)');
  console.log('wall@0 = the same update with no added latency: the CPU and disk work of client and providers on this machine');
  console.log('client CPU = CPU time of this process (engine, provider client, token service) during the update; providers run in a child process');
  console.log('nodes  limit  wall ms  bound ms  ratio  RTTs  wall@0 ms  wall/(RTTs*lat+wall@0)  C_Login  C_Sign  client CPU');
  const update = async (cluster: Cluster, limit: number) => {
    const session = () => createSession({ tokens, providers: new ProviderClientPort({ pins: new MemoryPinStore() }), trust: new TrustList([], true) }, { concurrency: limit });
    const setup = session();
    const first = await runPlan(setup, plan(cluster, 'mixed', ['SAST-1', 'SAST-2']));
    await setup.dispose();
    if (first.exitCode !== 0) throw new Error(`setup failed: ${first.message}`);
    await service.resetCallCounts();
    timing.proof.length = 0;
    timing.ctl.length = 0;
    const engine = session();
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const outcome = await runPlan(engine, plan(cluster, 'update', ['SAST-2']));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    await engine.dispose();
    if (outcome.exitCode !== 0) throw new Error(`update failed: ${outcome.message}`);
    return { wall, cpu: (cpu.user + cpu.system) / 1000, counts: await service.callCounts(), signs: Math.min(...timing.proof) + (timing.ctl[0] ?? 0) };
  };
  try {
    for (const n of sizes) {
      const slow = await spawnCluster(path.join(root, `n${n}`), n, latency);
      const fast = await spawnCluster(path.join(root, `n${n}-0`), n, 0);
      try {
        for (const limit of limits) {
          const reference = await update(fast, limit);
          const { wall, cpu, counts, signs } = await update(slow, limit);
          const rtts = criticalRoundTrips(n, limit);
          const bound = rtts * latency + signs;
          const cells = [
            String(n).padStart(5), String(limit).padStart(5), wall.toFixed(0).padStart(7), bound.toFixed(0).padStart(8),
            (wall / bound).toFixed(2).padStart(5), String(rtts).padStart(4), reference.wall.toFixed(0).padStart(9),
            (wall / (rtts * latency + reference.wall)).toFixed(2).padStart(22), String(counts['C_Login'] ?? 0).padStart(7), String(counts['C_Sign'] ?? 0).padStart(6), cpu.toFixed(0).padStart(10),
          ];
          console.log(cells.join('  '));
        }
      } finally {
        await slow.stop();
        await fast.stop();
      }
    }
  } finally {
    await service.close();
    await rm(root, { recursive: true, force: true });
  }
}

await main();
