// The soak test's provider, in a process of its own so its memory is measured alone:
// starts from a configuration file, prints {"ready":…,"port":…,"fingerprint":…}, answers
// each "stats" line on stdin with its counters and memory, and stops when stdin closes.
import { createInterface } from 'node:readline';
import { readFileSync } from 'node:fs';
import { loadProviderConfig } from '../../provider/config/schema';
import { startProviderServer } from '../../provider/server/server';

/** Resident and peak resident set (VmHWM) in MiB, from /proc (Linux); RSS alone elsewhere. */
function memory(): { rssMb: number; peakRssMb: number | null } {
  const rssMb = process.memoryUsage().rss / (1024 * 1024);
  try {
    const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return { rssMb, peakRssMb: hwm ? Number(hwm[1]) / 1024 : null };
  } catch {
    return { rssMb, peakRssMb: null };
  }
}

const file = process.argv[2];
if (!file) throw new Error('usage: provider-child.ts <config.json>');
const internalErrors: string[] = [];
const running = await startProviderServer(await loadProviderConfig(file), { log: (line) => internalErrors.push(line) });
const answer = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
answer({ ready: true, port: running.port, fingerprint: running.fingerprint });
const lines = createInterface({ input: process.stdin });
lines.on('line', () => answer({ stats: running.stats(), ...memory(), logLines: internalErrors.length }));
lines.on('close', () => { void running.stop().then(() => process.exit(0)); });
