// Fuzzes the CTL decoder and verifier with mutations of real signed CTLs: every input must
// either decode or fail with CtlFormatError; whatever decodes must verify to a status
// without throwing; no input may take a second; the heap must stay flat.
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import {
  CtlFormatError, decodeCtl, encodeCtl, recordFromCertificate, signerFromCertificate, verifyDecoded, type HashAlgorithm,
} from '../../shared/ctl';
import { HeaderTag, RecordTag } from '../../shared/ctl/tags';
import { makeIdentity, webCryptoSigner } from '../../test/helpers/pki';
import { MUTATIONS, Rng, mutate, type Mutation } from './mutate';

export interface Finding {
  target: 'codec' | 'protocol';
  what: string;
  /** How to replay it: seed and input index, mutation. */
  where: string;
}

export interface CodecFuzzResult {
  inputs: number;
  decoded: number;
  verified: number;
  formatErrors: number;
  slowestMs: number;
  heapGrowthMb: number;
  findings: Finding[];
}

const SLOW_MS = 1_000;
const HEAP_GROWTH_LIMIT_MB = 32;

/** Signed CTLs to start from: SHA-1 and SHA-512, RSA and EC server certificates, several roles. */
export async function codecSeeds(): Promise<Uint8Array[]> {
  const sast = await makeIdentity({ subject: 'CN=SAST-FUZZ-1, O=Fuzz, C=US', modulusBits: 2048 });
  const sast2 = await makeIdentity({ subject: 'CN=SAST-FUZZ-2, O=Fuzz, C=US', modulusBits: 1024 });
  const ccm = await makeIdentity({ subject: 'CN=cucm-1, O=Fuzz', modulusBits: 1024 });
  const capf = await makeIdentity({ subject: 'CN=CAPF-cucm-1, O=Fuzz', keyType: 'ec' });
  const build = (hashAlgorithm: HashAlgorithm, withServers: boolean) => encodeCtl({
    signer: signerFromCertificate(sast.der), hashAlgorithm, modulusBits: 2048, timestamp: 1_800_000_000,
    records: [
      recordFromCertificate('SAST', sast.der), recordFromCertificate('SAST', sast2.der),
      ...(withServers ? [
        recordFromCertificate('CCM+TFTP', ccm.der, { dnsName: 'cucm-1', ipAddress: '10.0.0.11' }),
        recordFromCertificate('CAPF', capf.der, { dnsName: 'cucm-1', ipAddress: '10.0.0.11' }),
      ] : []),
    ],
  }, webCryptoSigner(sast.keys));
  return Promise.all([build('sha1', true), build('sha512', true), build('sha1', false)]);
}

function heapMb(gc: () => void): number {
  gc();
  return process.memoryUsage().heapUsed / (1024 * 1024);
}

export async function fuzzCodec(options: { inputs: number; seed: number; seeds?: Uint8Array[] }): Promise<CodecFuzzResult> {
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  const seeds = options.seeds ?? await codecSeeds();
  const tags: number[] = [...Object.values(HeaderTag), ...Object.values(RecordTag)];
  const rng = new Rng(options.seed);
  const result: CodecFuzzResult = { inputs: 0, decoded: 0, verified: 0, formatErrors: 0, slowestMs: 0, heapGrowthMb: 0, findings: [] };
  const warmup = Math.min(10_000, Math.floor(options.inputs / 10));
  let heapStart = heapMb(gc);
  for (let i = 0; i < options.inputs; i++) {
    if (i === warmup) heapStart = heapMb(gc);
    // Stacked mutations reach states one mutation does not (a length fixed after a splice).
    let input = rng.pick(seeds);
    let kind: Mutation = 'bit-flip';
    for (let k = 1 + (rng.int(4) === 0 ? rng.int(4) : 0); k > 0; k--) {
      kind = rng.pick(MUTATIONS);
      input = mutate(rng, input, kind, seeds, tags);
    }
    const where = `seed ${options.seed} input ${i} (${kind})`;
    const t0 = performance.now();
    try {
      const file = decodeCtl(input);
      result.decoded += 1;
      await verifyDecoded(input, file);
      result.verified += 1;
    } catch (err) {
      if (err instanceof CtlFormatError) result.formatErrors += 1;
      else result.findings.push({ target: 'codec', what: `${(err as Error).name ?? 'throw'}: ${(err as Error).message ?? String(err)}`, where });
    }
    const took = performance.now() - t0;
    result.slowestMs = Math.max(result.slowestMs, took);
    if (took > SLOW_MS) result.findings.push({ target: 'codec', what: `took ${took.toFixed(0)} ms`, where });
    result.inputs += 1;
  }
  result.heapGrowthMb = Math.max(0, heapMb(gc) - heapStart);
  if (options.inputs >= 10_000 && result.heapGrowthMb > HEAP_GROWTH_LIMIT_MB) {
    result.findings.push({ target: 'codec', what: `heap grew ${result.heapGrowthMb.toFixed(1)} MB`, where: `seed ${options.seed}` });
  }
  return result;
}
