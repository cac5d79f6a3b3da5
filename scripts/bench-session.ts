// bench:session — wall time of a full CTL update (connect, proof, sign, stage, commit,
// read back, CAPF) against demo clusters of N = 1, 8, 28, 64 nodes with 50 ms of provider
// latency, real SoftHSM tokens, the real provider client, the session engine.
// Prints, per N and concurrency limit: wall time, the critical-path lower bound (round trips
// on the critical path × latency + the proof and CTL signature times), their ratio, the
// C_Login / C_Sign counts of the update, and the CPU time of client and providers.
//   npm run bench:session [-- --nodes 1,8,28,64 --latency-ms 50 --concurrency 8 --repeat 3 --phases --password-cost 16384
//                             --provider-processes <n> --provider-dir <dir> --cpu-profile <dir>]
// --cpu-profile writes V8 CPU profiles (client, each provider process) of the last update of each row, for Chrome DevTools.
// The providers run in child processes (scripts/bench/provider-processes.ts; by default one
// per core, nodes dealt round-robin), the client here. Their password hashes use a lower scrypt cost unless
// --password-cost says otherwise (printed).
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import type { HashAlgorithm } from '../shared/ctl/model';
import { DEFAULT_SCRYPT_COST } from '../provider/server/passwords';
import { startBenchCluster, type BenchCluster } from './bench/provider-processes';
import { startProfile } from './bench/profile';

import { MemoryTrustStore } from '../electron/services/trust-store';
import { TokenService } from '../electron/services/tokens';
import { initDemoTokens } from '../electron/services/tokens/demo-tokens';
import { ProviderClientPort } from '../electron/session/adapters/provider';
import { TokenServicePort } from '../electron/session/adapters/tokens';
import { TrustList } from '../electron/session/adapters/trust';
import { DEFAULT_OPTIONS } from '../electron/session/context';
import { createSession } from '../electron/session/engine';
import { runPlan, type RunPlan } from '../electron/session/headless';

/** The bench's scrypt cost: see the header line the bench prints. */
const DEFAULT_BENCH_PASSWORD_COST = 1024;
/**
 * Provider processes: one per core of this machine. Real nodes each have their own CPU; here
 * more processes than cores add no CPU, only colder code and more switching (measured: 8
 * processes for 8 nodes on 2 cores spend more CPU per update than 2).
 */
const DEFAULT_PROVIDER_PROCESSES = availableParallelism();

/**
 * Round trips on the critical path of an update with `limit` concurrent targets per step:
 * each cluster-wide step takes ceil(targets / limit) waves. What one wave costs follows the
 * engine's requests (pipelined requests share a round trip). The demo's latency delays the
 * TLS handshake and every reply, so opening a connection costs one round trip before its
 * requests (a real network adds one more for TCP, which the demo cannot delay).
 */
function criticalRoundTrips(nodes: number, limit: number): number {
  const waves = (n: number) => Math.ceil(n / limit);
  // First node: handshake, then hello+login+describe+getCtl+certificates; others: handshake, then hello+login+certificates.
  const connect = 2 + (nodes > 1 ? waves(nodes - 1) * 2 : 0);
  const proof = waves(nodes) * 2; // challenges, then the proofs (the one token signature needs every binding)
  const stage = waves(nodes); // lock+stage
  const finish = waves(nodes) * (nodes > 1 ? 2 : 1); // commit+read-back, then CAPF to nodes without it (closing the session releases the lock)
  return connect + proof + stage + finish;
}

interface Timing { proof: number[]; ctl: number[] }

function plan(cluster: BenchCluster, mode: 'mixed' | 'update', tokens: string[]): RunPlan {
  return {
    cluster: { kind: 'provider', server: cluster.first, username: cluster.username, password: cluster.password }, mode, tokens,
    pinFor: () => 'Cisco123', addTftp: [], addFirewall: [], remove: [], overrides: [], confirmFinalTry: false,
    confirm: async () => true, onCommitFailure: 'leave',
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: {
    nodes: { type: 'string' }, 'latency-ms': { type: 'string' }, concurrency: { type: 'string' }, 'provider-processes': { type: 'string' },
    'password-cost': { type: 'string' }, phases: { type: 'boolean' }, repeat: { type: 'string' }, 'cpu-profile': { type: 'string' },
    'provider-dir': { type: 'string' },
  } });
  const profileDir = values['cpu-profile'] ? path.resolve(values['cpu-profile']) : null;
  const passwordCost = Number(values['password-cost'] ?? DEFAULT_BENCH_PASSWORD_COST);
  const sizes = (values.nodes ?? '1,8,28,64').split(',').map(Number);
  const limits = (values.concurrency ?? String(DEFAULT_OPTIONS.concurrency)).split(',').map(Number);
  const latency = Number(values['latency-ms'] ?? 50);
  const maxProcesses = Math.max(1, Number(values['provider-processes'] ?? DEFAULT_PROVIDER_PROCESSES));
  const processesFor = (nodes: number) => Math.min(nodes, maxProcesses);
  // The machine is shared: each row is the run with the median wall time of `repeat` runs.
  const repeat = Math.max(1, Number(values.repeat ?? 1));
  const root = await mkdtemp(path.join(tmpdir(), 'ctl-bench-session-'));
  const providerBase = await providerDirectory(values['provider-dir']);
  const providerRoot = await mkdtemp(path.join(providerBase.dir, 'ctl-bench-providers-'));
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
  console.log(`demo providers: RSA-1024 TLS keys, files written and fsynced as in production (where: next line); nodes dealt round-robin to min(N, ${maxProcesses}) provider processes`
    + ` (one per core of this machine: ${availableParallelism()}), the client here`);
  console.log(providerBase.note);
  if (limits.some((l) => l > DEFAULT_OPTIONS.concurrency)) {
    console.log(`limits above the engine's default (${DEFAULT_OPTIONS.concurrency}) put more simulated servers to work at the same instant on this`
      + ` machine's ${availableParallelism()} cores; the bound assumes each server has its own CPU (compare wall@0)`);
  }
  console.log('bound = round trips on the critical path x latency + proof and CTL signature times (goal: wall/bound <= 1.25)');
  console.log('wall@0 = the same update with no added latency: the CPU and disk work of client and providers on this machine');
  console.log('client / provider CPU = CPU time of this process / of all provider processes during the update');
  console.log('the client subscribes to snapshots as ctl-client run does; --phases adds ms per engine command, snapshots emitted and the proof signature times (one batch proof: one signature for every node)');
  if (repeat > 1) console.log(`each row: the run with the median wall time of ${repeat} (wall@0 likewise)`);
  console.log('nodes  limit  wall ms  bound ms  ratio  RTTs  wall@0 ms  wall/(RTTs*lat+wall@0)  C_Login  C_Sign  client CPU  provider CPU');
  const update = async (cluster: BenchCluster, limit: number, profileAs: string | null) => {
    const session = () => createSession({ tokens, providers: new ProviderClientPort({ trustStore: new MemoryTrustStore() }), trust: new TrustList([], true) }, { concurrency: limit });
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
      await stopProfiles[1](path.join(profileDir!, `${profileAs}-providers`));
    }
    await engine.dispose();
    if (outcome.exitCode !== 0) throw new Error(`update failed: ${outcome.message}`);
    const proofs = timing.proof.length ? `${Math.min(...timing.proof).toFixed(1)}-${Math.max(...timing.proof).toFixed(1)} ms each` : 'none';
    phases.push(`${snapshots} snapshots; ${timing.proof.length} proof signatures, ${proofs}`);
    return { wall, cpu: (cpu.user + cpu.system) / 1000, providerCpu, phases: phases.join(', '), counts: await service.callCounts(), signs: Math.min(...timing.proof) + (timing.ctl[0] ?? 0) };
  };
  try {
    for (const n of sizes) {
      const cluster = (dir: string, latencyMs: number) => startBenchCluster({ dir: path.join(providerRoot, dir), nodes: n, latencyMs, passwordCost, processes: processesFor(n) });
      const slow = await cluster(`n${n}`, latency);
      const fast = await cluster(`n${n}-0`, 0).catch(async (err: unknown) => {
        await slow.stop();
        throw err;
      });
      try {
        for (const limit of limits) {
          const median = async (cluster: BenchCluster, latencyMs: number) => {
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
    await rm(providerRoot, { recursive: true, force: true });
  }
}

/**
 * Where the demo providers keep their files. Here every simulated server shares one disk, so
 * the fsyncs of a wave of commits queue behind each other, which separate servers' disks do
 * not: by default the files go to tmpfs (/dev/shm) when the machine has it. --provider-dir
 * puts them elsewhere (a real disk measures that queue too).
 */
async function providerDirectory(chosen: string | undefined): Promise<{ dir: string; note: string }> {
  if (chosen) return { dir: path.resolve(chosen), note: `provider files in ${path.resolve(chosen)} (--provider-dir)` };
  const shm = '/dev/shm';
  const usable = await stat(shm).then((s) => s.isDirectory(), () => false);
  return usable
    ? { dir: shm, note: 'provider files on tmpfs (/dev/shm): every simulated server would otherwise queue its fsyncs on this one disk; --provider-dir <dir> to use a disk' }
    : { dir: tmpdir(), note: `provider files in ${tmpdir()} (no /dev/shm here): the servers' fsyncs share one disk` };
}

await main();
