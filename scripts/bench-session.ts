// bench:session — wall time of a full CTL update (connect, proof, sign, stage, commit,
// read back, CAPF) against demo clusters of N = 1, 8, 28, 64 nodes with 50 ms of provider
// latency, real SoftHSM tokens, the real provider client, the session engine.
// Prints, per N and concurrency limit: wall time, the critical-path lower bound (round trips
// on the critical path × latency + the proof and CTL signature times), their ratio, the
// C_Login / C_Sign counts of the update, and the CPU time of client and providers.
//   npm run bench:session [-- --nodes 1,8,28,64 --latency-ms 50 --concurrency 8,64 --repeat 3 --phases --password-cost 16384
//                             --cpu-profile <dir>]
// --cpu-profile writes V8 CPU profiles (client, providers) of the last update of each row, for Chrome DevTools.
// The providers run in a child process (this script with --serve), the client here. Their
// password hashes use a lower scrypt cost unless --password-cost says otherwise (printed).
import { spawn } from 'node:child_process';
import { Session as InspectorSession } from 'node:inspector/promises';
import { writeFile } from 'node:fs/promises';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { HashAlgorithm } from '../shared/ctl/model';
import { startDemoCluster } from '../provider';
import { DEFAULT_SCRYPT_COST } from '../provider/server/passwords';
import { MemoryPinStore } from '../electron/services/provider-client';
import { TokenService } from '../electron/services/tokens';
import { initDemoTokens } from '../electron/services/tokens/demo-tokens';
import { ProviderClientPort } from '../electron/session/adapters/provider';
import { TokenServicePort } from '../electron/session/adapters/tokens';
import { TrustList } from '../electron/session/adapters/trust';
import { createSession } from '../electron/session/engine';
import { runPlan, type RunPlan } from '../electron/session/headless';

interface Cluster {
  first: { host: string; port: number }; username: string; password: string; stop(): Promise<void>; cpuMs(): Promise<number>;
  /** Starts a CPU profile of the providers; the returned function stops it and writes it to `file`. */
  profile(): Promise<(file: string) => Promise<void>>;
}

/** Starts a V8 CPU profile of this thread; the returned function stops it and writes it as a .cpuprofile (Chrome DevTools). */
async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new InspectorSession();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  };
}

/** The bench's scrypt cost: see the header line the bench prints. */
const DEFAULT_BENCH_PASSWORD_COST = 1024;

async function startCluster(dir: string, nodes: number, latencyMs: number, passwordCost: number): Promise<Cluster> {
  const demo = await startDemoCluster({ dir, nodes, basePort: 0, latencyMs, modulusBits: 1024, passwordCost, log: () => undefined });
  return { first: demo.nodes[0]!, username: demo.admin.username, password: demo.admin.password, stop: demo.stop, cpuMs: async () => 0, profile: startProfile };
}

/** Child-process mode: runs the providers (own event loop and thread pool); answers "cpu" lines with its CPU time; stops when stdin closes. */
async function serve(dir: string, nodes: number, latencyMs: number, passwordCost: number): Promise<void> {
  let cluster: Cluster | null = null;
  // A port found free can be taken by another process before we listen on it: try again (bounded).
  for (let attempt = 1; !cluster; attempt++) {
    try {
      cluster = await startCluster(path.join(dir, `try${attempt}`), nodes, latencyMs, passwordCost);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EADDRINUSE' || attempt >= 5) throw err;
    }
  }
  process.stdout.write(`${JSON.stringify({ first: cluster.first, username: cluster.username, password: cluster.password })}\n`);
  const lines = createInterface({ input: process.stdin });
  let stopProfile: ((file: string) => Promise<void>) | null = null;
  // One request per line: "cpu", "profile-start", or "profile-stop <file>"; one JSON line answers each.
  lines.on('line', (line) => {
    const [command, file] = line.split(' ');
    const answer = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
    if (command === 'profile-start') void startProfile().then((stop) => { stopProfile = stop; answer({ ok: true }); });
    else if (command === 'profile-stop' && stopProfile && file) void stopProfile(file).then(() => answer({ ok: true }));
    else {
      const cpu = process.cpuUsage();
      answer({ cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
  lines.on('close', () => { void cluster.stop().then(() => process.exit(0)); });
}

/** Starts the providers in a child process, so their CPU work is not this process's. */
async function spawnCluster(dir: string, nodes: number, latencyMs: number, passwordCost: number): Promise<Cluster> {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', String(nodes), '--latency-ms', String(latencyMs),
    '--password-cost', String(passwordCost), '--dir', dir], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout });
  const waiting: ((line: string) => void)[] = [];
  lines.on('line', (line) => waiting.shift()?.(line));
  const nextLine = (what: string) => new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the provider child did not answer (${what}) within 180 s`)), 180_000);
    const exited = (code: number | null) => { clearTimeout(timer); reject(new Error(`the provider child exited (${code})`)); };
    child.once('exit', exited);
    waiting.push((line) => { clearTimeout(timer); child.off('exit', exited); resolve(line); });
  });
  const info = JSON.parse(await nextLine('start')) as Pick<Cluster, 'first' | 'username' | 'password'>;
  const ask = async (line: string) => {
    const answer = nextLine(line);
    child.stdin.write(`${line}\n`);
    return JSON.parse(await answer) as unknown;
  };
  return {
    ...info,
    profile: async () => {
      await ask('profile-start');
      return async (file) => { await ask(`profile-stop ${file}`); };
    },
    cpuMs: async () => ((await ask('cpu')) as { cpuMs: number }).cpuMs,
    stop: async () => { child.stdin.end(); await once(child, 'exit'); },
  };
}

/**
 * Round trips on the critical path of an update with `limit` concurrent targets per step:
 * each cluster-wide step takes ceil(targets / limit) waves. What one wave costs follows the
 * engine's requests (pipelined requests share a round trip). The TLS handshake is not
 * counted: the demo's latency delays provider replies only.
 */
function criticalRoundTrips(nodes: number, limit: number): number {
  const waves = (n: number) => Math.ceil(n / limit);
  const connect = 1 + (nodes > 1 ? waves(nodes - 1) : 0); // first node: hello+login+describe+getCtl+certificates; others: hello+login+certificates
  const proof = waves(nodes) * 2; // challenge, then prove (the signature needs the challenge)
  const stage = waves(nodes); // lock+stage
  const finish = waves(nodes) * (nodes > 1 ? 2 : 1); // commit+read-back, then CAPF to nodes without it (closing the session releases the lock)
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
    'password-cost': { type: 'string' }, phases: { type: 'boolean' }, repeat: { type: 'string' }, 'cpu-profile': { type: 'string' },
  } });
  const profileDir = values['cpu-profile'] ? path.resolve(values['cpu-profile']) : null;
  const passwordCost = Number(values['password-cost'] ?? DEFAULT_BENCH_PASSWORD_COST);
  if (values.serve) return serve(values.dir!, Number(values.serve), Number(values['latency-ms'] ?? 0), passwordCost);
  const sizes = (values.nodes ?? '1,8,28,64').split(',').map(Number);
  const limits = (values.concurrency ?? '8,64').split(',').map(Number);
  const latency = Number(values['latency-ms'] ?? 50);
  // The machine is shared: each row is the run with the median wall time of `repeat` runs.
  const repeat = Math.max(1, Number(values.repeat ?? 1));
  const root = await mkdtemp(path.join(tmpdir(), 'ctl-bench-session-'));
  const store = await initDemoTokens(path.join(root, 'tokens'));
  const service = await TokenService.start({ modulePath: store.env.CTL_PKCS11_MODULE, countCalls: true });
  const timing: Timing = { proof: [], ctl: [] };
  const inner = new TokenServicePort(service);
  // Times each signature: a proof message starts with the proof context, anything else is the CTL.
  const proofPrefix = new TextEncoder().encode('ctl-provider-proof');
  const isProof = (data: Uint8Array) => proofPrefix.every((b, i) => data[i] === b);
  const tokens = Object.assign(Object.create(inner) as TokenServicePort, {
    async sign(serial: string, cert: string, data: Uint8Array, hash: HashAlgorithm) {
      const t0 = performance.now();
      const sig = await inner.sign(serial, cert, data, hash);
      (isProof(data) ? timing.proof : timing.ctl).push(performance.now() - t0);
      return sig;
    },
  });
  console.log(`bench:session — full CTL update (update mode, SAST-2 proves and signs), provider latency ${latency} ms`);
  console.log(passwordCost === DEFAULT_SCRYPT_COST
    ? `provider password hashes: scrypt N=${passwordCost} (the production cost)`
    : `NOTE: the demo providers' password hashes use scrypt N=${passwordCost}, not the production N=${DEFAULT_SCRYPT_COST} (about 40 ms of one core per login`
      + ' on this machine; N providers sharing its 2 cores would measure password checks, not the protocol). --password-cost 16384 measures the production cost.');
  console.log('demo providers: RSA-1024 TLS keys, files fsynced as in production; providers run in a child process, the client here');
  console.log('bound = round trips on the critical path x latency + proof and CTL signature times (goal: wall/bound <= 1.25)');
  console.log('wall@0 = the same update with no added latency: the CPU and disk work of client and providers on this machine');
  console.log('client / provider CPU = CPU time of this process / of the provider process during the update');
  console.log('the client subscribes to snapshots as ctl-client run does; --phases adds ms per engine command, snapshots emitted and the proof signature times (one batch proof: one signature for every node)');
  if (repeat > 1) console.log(`each row: the run with the median wall time of ${repeat} (wall@0 likewise)`);
  console.log('nodes  limit  wall ms  bound ms  ratio  RTTs  wall@0 ms  wall/(RTTs*lat+wall@0)  C_Login  C_Sign  client CPU  provider CPU');
  const update = async (cluster: Cluster, limit: number, profileAs: string | null) => {
    const session = () => createSession({ tokens, providers: new ProviderClientPort({ pins: new MemoryPinStore() }), trust: new TrustList([], true) }, { concurrency: limit });
    const setup = session();
    const first = await runPlan(setup, plan(cluster, 'mixed', ['SAST-1', 'SAST-2']));
    await setup.dispose();
    if (first.exitCode !== 0) throw new Error(`setup failed: ${first.message}`);
    await service.resetCallCounts();
    timing.proof.length = 0;
    timing.ctl.length = 0;
    const engine = session();
    // Time per engine command (connect, add-token = the proof, sign = sign + publish), for --phases.
    const phases: string[] = [];
    const dispatch = engine.dispatch.bind(engine);
    engine.dispatch = async (command) => {
      const p0 = performance.now();
      try {
        return await dispatch(command);
      } finally {
        const ms = performance.now() - p0;
        if (ms >= 1) phases.push(`${command.type} ${ms.toFixed(0)}`);
      }
    };
    // A listener, as `ctl-client run` has (progress lines): snapshots are built during the fan-out.
    let snapshots = 0;
    engine.subscribe(() => { snapshots += 1; });
    const providerCpu0 = await cluster.cpuMs();
    const stopProfiles = profileAs ? await Promise.all([startProfile(), cluster.profile()]) : null;
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const outcome = await runPlan(engine, plan(cluster, 'update', ['SAST-2']));
    const wall = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const providerCpu = (await cluster.cpuMs()) - providerCpu0;
    if (stopProfiles && profileAs) {
      await stopProfiles[0](path.join(profileDir!, `${profileAs}-client.cpuprofile`));
      await stopProfiles[1](path.join(profileDir!, `${profileAs}-providers.cpuprofile`));
    }
    await engine.dispose();
    if (outcome.exitCode !== 0) throw new Error(`update failed: ${outcome.message}`);
    const proofs = timing.proof.length ? `${Math.min(...timing.proof).toFixed(1)}-${Math.max(...timing.proof).toFixed(1)} ms each` : 'none';
    phases.push(`${snapshots} snapshots; ${timing.proof.length} proof signatures, ${proofs}`);
    return { wall, cpu: (cpu.user + cpu.system) / 1000, providerCpu, phases: phases.join(', '), counts: await service.callCounts(), signs: Math.min(...timing.proof) + (timing.ctl[0] ?? 0) };
  };
  try {
    for (const n of sizes) {
      const slow = await spawnCluster(path.join(root, `n${n}`), n, latency, passwordCost);
      const fast = await spawnCluster(path.join(root, `n${n}-0`), n, 0, passwordCost);
      try {
        for (const limit of limits) {
          const median = async (cluster: Cluster, latencyMs: number) => {
            const runs: Awaited<ReturnType<typeof update>>[] = [];
            // --cpu-profile: the last run of each row is profiled (client and providers), named for N, limit and latency.
            for (let r = 0; r < repeat; r++) runs.push(await update(cluster, limit, profileDir && r === repeat - 1 ? `n${n}-c${limit}-lat${latencyMs}` : null));
            return runs.sort((a, b) => a.wall - b.wall)[Math.floor((runs.length - 1) / 2)]!;
          };
          const reference = await median(fast, 0);
          const { wall, cpu, providerCpu, counts, signs, phases } = await median(slow, latency);
          const rtts = criticalRoundTrips(n, limit);
          const bound = rtts * latency + signs;
          const cells = [
            String(n).padStart(5), String(limit).padStart(5), wall.toFixed(0).padStart(7), bound.toFixed(0).padStart(8),
            (wall / bound).toFixed(2).padStart(5), String(rtts).padStart(4), reference.wall.toFixed(0).padStart(9),
            (wall / (rtts * latency + reference.wall)).toFixed(2).padStart(22), String(counts['C_Login'] ?? 0).padStart(7), String(counts['C_Sign'] ?? 0).padStart(6),
            cpu.toFixed(0).padStart(10), providerCpu.toFixed(0).padStart(12),
          ];
          console.log(cells.join('  '));
          if (values.phases) console.log(`             ms per command: ${phases}; at 0 ms latency: ${reference.phases}`);
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
