// The soak test: 200 misbehaving connections at once against a provider process with the
// default limits and the production password cost; while they go on, a real client
// connects, logs in and publishes a CTL. Figures: how long that took, the provider's
// resident memory (baseline, peak, after), audit.log growth, password checks, connection
// counters. checkSoak() holds them against SOAK_BOUNDS.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { once } from 'node:events';
import { createHash } from 'node:crypto';
import { stat, writeFile, rm } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import type { ProviderStats } from '../../provider/server/server';
import { providerConfigSchema } from '../../provider/config/schema';
import { makeCtl, makeTempDir, makeToken, testConfigInput, USER, PASSWORD } from '../../test/provider/fixtures';
import { startAttacker, type AttackKind } from './attackers';

export const SOAK_GROUPS: Readonly<Record<AttackKind, number>> = {
  'garbage-after-bye': 40, 'silent-tcp': 40, 'half-open-tls': 30, 'unread-pipelined': 30, 'wrong-password': 60,
};
/** Peers per source address: under the default per-source cap (16), so the global cap is what they meet. */
const PER_SOURCE = 15;
const MAX_FAILURES = 5;

export const SOAK_BOUNDS = {
  publishMs: 5_000,
  /** Peak resident memory above the idle baseline (4 scrypt checks at 16 MiB each fit with room). */
  peakRssGrowthMb: 160,
  auditGrowthBytes: 32 * 1024,
};

export interface SoakFigures {
  seconds: number;
  peers: number;
  connectionsOpened: number;
  endedByProvider: number;
  publishMs: number;
  baselineRssMb: number;
  peakRssMb: number;
  afterRssMb: number;
  auditGrowthBytes: number;
  passwordChecks: number;
  /** At most this many: MAX_FAILURES per wrong-password source, and the real client's one. */
  passwordCheckBound: number;
  stats: ProviderStats;
  providerLogLines: number;
}

interface ChildAnswer { stats: ProviderStats; rssMb: number; peakRssMb: number | null; logLines: number }

const CHILD = fileURLToPath(new URL('./provider-child.ts', import.meta.url));

export async function runSoak(options: { seconds: number }): Promise<SoakFigures> {
  const dir = await makeTempDir('soak');
  const config = path.join(dir, 'provider.json');
  // The production limits (the test fixtures relax the per-source ones for loopback).
  const limits = providerConfigSchema.shape.limits.parse(undefined);
  await writeFile(config, JSON.stringify(await testConfigInput(dir, { limits, throttle: { maxFailures: MAX_FAILURES } })));
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, config], { stdio: ['pipe', 'pipe', 'inherit'] });
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const next = async () => JSON.parse(((await lines.next()).value as string | undefined) ?? '{}') as Record<string, unknown>;
  const ask = async () => { child.stdin.write('stats\n'); return await next() as unknown as ChildAnswer; };
  const attackers: ReturnType<typeof startAttacker>[] = [];
  try {
    const ready = await next();
    const port = ready['port'] as number;
    const fingerprint = ready['fingerprint'] as string;
    const sast = await makeToken('SAST-SOAK');
    const ctl = await makeCtl(sast, [sast]);
    const auditFile = path.join(dir, 'state', 'audit.log');
    const auditBefore = (await stat(auditFile)).size;
    const baseline = await ask();

    let source = 10;
    for (const [kind, count] of Object.entries(SOAK_GROUPS) as [AttackKind, number][]) {
      for (let i = 0; i < count; i++) {
        if (i % PER_SOURCE === 0) source += 1;
        attackers.push(startAttacker(kind, port, `127.0.0.${source}`));
      }
    }
    await new Promise((r) => setTimeout(r, options.seconds * 1000));

    // The attack goes on while the administrator publishes.
    const t0 = performance.now();
    const session = await ProviderClient.connect({ host: '127.0.0.1', port, trustStore: new MemoryTrustStore(), trust: fingerprint });
    await session.login(USER, PASSWORD);
    await session.lock();
    const held = await session.getCtl();
    const heldSha = held.bytes ? createHash('sha256').update(held.bytes).digest('hex') : null;
    const staged = await session.stage(ctl, 1, heldSha);
    await session.commit(staged.stageId, heldSha);
    const publishMs = performance.now() - t0;
    await session.close();

    await Promise.all(attackers.map((a) => a.stop()));
    const after = await ask();
    const passwordSources = new Set(attackers.filter((a) => a.kind === 'wrong-password').map((a) => a.source)).size;
    return {
      seconds: options.seconds, peers: attackers.length,
      connectionsOpened: attackers.reduce((n, a) => n + a.counters.opened, 0),
      endedByProvider: attackers.reduce((n, a) => n + a.counters.endedByProvider, 0),
      publishMs, baselineRssMb: baseline.rssMb, peakRssMb: after.peakRssMb ?? after.rssMb, afterRssMb: after.rssMb,
      auditGrowthBytes: (await stat(auditFile)).size - auditBefore,
      passwordChecks: after.stats.passwordChecks, passwordCheckBound: passwordSources * MAX_FAILURES + 1,
      stats: after.stats, providerLogLines: after.logLines,
    };
  } finally {
    await Promise.all(attackers.map((a) => a.stop()));
    child.stdin.end();
    if (child.exitCode === null) await once(child, 'exit');
    await rm(dir, { recursive: true, force: true });
  }
}

/** The bounds a run broke, in words (empty when it held). */
export function checkSoak(f: SoakFigures): string[] {
  const broken: string[] = [];
  if (f.publishMs > SOAK_BOUNDS.publishMs) broken.push(`publishing took ${f.publishMs.toFixed(0)} ms (bound ${SOAK_BOUNDS.publishMs})`);
  if (f.peakRssMb - f.baselineRssMb > SOAK_BOUNDS.peakRssGrowthMb) broken.push(`peak RSS grew ${(f.peakRssMb - f.baselineRssMb).toFixed(0)} MB (bound ${SOAK_BOUNDS.peakRssGrowthMb})`);
  if (f.auditGrowthBytes > SOAK_BOUNDS.auditGrowthBytes) broken.push(`audit.log grew ${f.auditGrowthBytes} bytes (bound ${SOAK_BOUNDS.auditGrowthBytes})`);
  if (f.passwordChecks > f.passwordCheckBound) broken.push(`${f.passwordChecks} password checks (bound ${f.passwordCheckBound})`);
  if (f.providerLogLines > 0) broken.push(`the provider logged ${f.providerLogLines} internal error line(s)`);
  return broken;
}

export function soakLine(f: SoakFigures): string {
  const c = f.stats.connections;
  return `soak: ${f.peers} misbehaving peers for ${f.seconds} s (${f.connectionsOpened} connections, ${f.endedByProvider} ended or refused by the provider; `
    + `provider refused ${c.refused['source-rate']} over the per-source rate, ${c.refused['source-cap']} over the per-source cap, `
    + `${c.refused['global-cap']} at the global cap, dropped ${c.evicted} idle); `
    + `real client published in ${f.publishMs.toFixed(0)} ms; RSS ${f.baselineRssMb.toFixed(0)} MB idle, peak ${f.peakRssMb.toFixed(0)} MB, `
    + `${f.afterRssMb.toFixed(0)} MB after; audit.log +${f.auditGrowthBytes} bytes; ${f.passwordChecks} password checks (bound ${f.passwordCheckBound})`;
}
