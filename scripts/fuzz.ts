// npm run fuzz — the CTL decoder/verifier and the provider protocol over TLS, fuzzed with a
// seeded mutator. Prints one summary line; findings (if any) go to stderr, one per line,
// with the seed and input index that replay them; exits 1 on any finding.
//   --codec N      decoder/verifier inputs (default 1,000,000)
//   --protocol N   protocol frames before login, and as many after (default 100,000)
//   --seed S       (default: random; printed)
import { parseArgs } from 'node:util';
import { runFuzz, summaryLine } from './fuzz/run';

const { values } = parseArgs({ options: { codec: { type: 'string' }, protocol: { type: 'string' }, seed: { type: 'string' } } });
const count = (v: string | undefined, fallback: number) => {
  const n = v === undefined ? fallback : Number(v);
  if (!Number.isSafeInteger(n) || n < 0) throw new Error(`not a count: ${v}`);
  return n;
};
const seed = values.seed === undefined ? Math.floor(Math.random() * 2 ** 31) : count(values.seed, 0);
const summary = await runFuzz({ codecInputs: count(values.codec, 1_000_000), protocolFrames: count(values.protocol, 100_000), seed });
for (const f of summary.findings) process.stderr.write(`finding (${f.target}): ${f.what} — ${f.where}\n`);
process.stdout.write(`${summaryLine(summary)}\n`);
process.exit(summary.findings.length > 0 ? 1 : 0);
