// The short run of `npm run fuzz`: the same fuzzers with fewer inputs, and a fixed seed
// so a failure replays (`npm run fuzz -- --seed 12 --codec 20000 --protocol 2000`).
import { describe, it, expect } from 'vitest';
import { runFuzz, summaryLine } from '../../scripts/fuzz/run';

describe('fuzz (short run)', () => {
  it('20,000 codec inputs and 2,000 protocol frames before and after login: no findings', async () => {
    const summary = await runFuzz({ codecInputs: 20_000, protocolFrames: 2_000, seed: 12 });
    process.stdout.write(`${summaryLine(summary)}\n`);
    expect(summary.findings).toEqual([]);
    expect(summary.codec.inputs).toBe(20_000);
    // Both outcomes occur: the mutations reach past the first check and into the verifier.
    expect(summary.codec.decoded).toBeGreaterThan(1_000);
    expect(summary.codec.formatErrors).toBeGreaterThan(1_000);
    expect(summary.protocol.beforeLogin).toBe(2_000);
    expect(summary.protocol.afterLogin).toBe(2_000);
    expect(summary.protocol.replies['ok']).toBeGreaterThan(0);
  }, 180_000);
});
