// One fuzz run of both targets (the npm script and the short run inside `npm test`).
import { performance } from 'node:perf_hooks';
import { codecSeeds, fuzzCodec, type CodecFuzzResult, type Finding } from './codec';
import { fuzzProtocol, type ProtocolFuzzResult } from './protocol';

export interface FuzzSummary {
  seed: number;
  codec: CodecFuzzResult;
  protocol: ProtocolFuzzResult;
  findings: Finding[];
  seconds: number;
}

export async function runFuzz(options: { codecInputs: number; protocolFrames: number; seed: number }): Promise<FuzzSummary> {
  const started = performance.now();
  const seeds = await codecSeeds();
  const codec = await fuzzCodec({ inputs: options.codecInputs, seed: options.seed, seeds });
  // Mutated CTLs are also what the protocol fuzzer stages after login.
  const protocol = await fuzzProtocol({ frames: options.protocolFrames, seed: options.seed, bodies: seeds });
  return { seed: options.seed, codec, protocol, findings: [...codec.findings, ...protocol.findings], seconds: (performance.now() - started) / 1000 };
}

export function summaryLine(s: FuzzSummary): string {
  const c = s.codec;
  const p = s.protocol;
  const replies = Object.entries(p.replies).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  return `fuzz: seed ${s.seed}; codec ${c.inputs} inputs (${c.decoded} decoded and verified, ${c.formatErrors} CtlFormatError, `
    + `slowest ${c.slowestMs.toFixed(1)} ms, heap +${c.heapGrowthMb.toFixed(1)} MB); protocol over TLS ${p.beforeLogin} frames before login `
    + `+ ${p.afterLogin} after, ${p.connections} connections (${replies}); ${s.findings.length} findings; ${s.seconds.toFixed(0)} s`;
}
