// npm run bench:codec — parse+verify time of a 64-entry CTL (goal: median under 2 ms)
// and build time (records from certificates, layout, RSA-2048 signature).
import { performance } from 'node:perf_hooks';
import {
  decodeCtl, encodeCtl, recordFromCertificate, signerFromCertificate, verifyDecoded, type CtlRecord, type CtlRole,
} from '../shared/ctl';
import { pemIdentityFromText } from '../electron/services/signing/pem-signer';
import { makeIdentity } from '../test/helpers/pki';

const ENTRIES = 64;
const PARSE_ITERATIONS = 2000;
const BUILD_ITERATIONS = 200;
const WARMUP = 100;

function stats(samples: number[]): { median: number; p95: number; mean: number; min: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] as number;
  return { median: at(0.5), p95: at(0.95), mean: samples.reduce((a, b) => a + b, 0) / samples.length, min: sorted[0] as number };
}

function fmt(label: string, s: ReturnType<typeof stats>, n: number): string {
  return `${label.padEnd(34)} median ${s.median.toFixed(3)} ms   p95 ${s.p95.toFixed(3)} ms   mean ${s.mean.toFixed(3)} ms   min ${s.min.toFixed(3)} ms   (n=${n})`;
}

async function time(iterations: number, fn: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARMUP; i++) await fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const t0 = performance.now();
    await fn();
    samples.push(performance.now() - t0);
  }
  return samples;
}

async function main(): Promise<void> {
  console.log(`Preparing a ${ENTRIES}-entry CTL (RSA-2048 SAST signer; RSA-2048 and EC P-256 server certificates)…`);
  const sast = await makeIdentity({ subject: 'CN=SAST-BENCH-1, O=Bench', modulusBits: 2048 });
  const servers = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      makeIdentity({ subject: `CN=node${i}.bench.example, O=Bench`, issuer: sast, keyType: i % 2 ? 'ec' : 'rsa', modulusBits: 2048 }),
    ),
  );
  const roles: CtlRole[] = ['SAST', 'CCM+TFTP', 'CCM', 'TFTP', 'CAPF'];
  const signer = pemIdentityFromText(sast.combinedPem, 'bench signer');
  const makeRecords = (): CtlRecord[] => [
    recordFromCertificate('SAST', sast.der),
    ...Array.from({ length: ENTRIES - 1 }, (_, i) =>
      recordFromCertificate(roles[(i % 4) + 1] as CtlRole, (servers[i % servers.length] as { der: Uint8Array }).der, {
        dnsName: `node${i}.bench.example`,
        ipAddress: `10.0.${i >> 8}.${i & 0xff}`,
      }),
    ),
  ];
  const build = () =>
    encodeCtl(
      { signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1_700_000_000, records: makeRecords() },
      signer.sign,
    );
  const bytes = await build();
  const records = makeRecords();
  const check = await verifyDecoded(bytes, decodeCtl(bytes));
  if (!check.signatureValid) throw new Error(`benchmark CTL does not verify: ${check.reason}`);
  console.log(`CTL: ${bytes.length} bytes, ${ENTRIES} records, SHA-1, RSA-2048 signature\n`);

  const decodeOnly = await time(PARSE_ITERATIONS, async () => decodeCtl(bytes));
  const parseVerify = await time(PARSE_ITERATIONS, async () => {
    const result = await verifyDecoded(bytes, decodeCtl(bytes));
    if (!result.signatureValid) throw new Error('verification failed during the benchmark');
  });
  const encodeSign = await time(BUILD_ITERATIONS, () =>
    encodeCtl({ signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1_700_000_000, records }, signer.sign),
  );
  const fullBuild = await time(BUILD_ITERATIONS, build);

  console.log(fmt('decode only', stats(decodeOnly), PARSE_ITERATIONS));
  const pv = stats(parseVerify);
  console.log(fmt('parse + verify', pv, PARSE_ITERATIONS));
  console.log(fmt('build: encode + sign', stats(encodeSign), BUILD_ITERATIONS));
  console.log(fmt('build: certs -> records -> signed', stats(fullBuild), BUILD_ITERATIONS));
  console.log(`\nparse+verify median ${pv.median.toFixed(3)} ms: ${pv.median < 2 ? 'meets' : 'MISSES'} the 2 ms goal`);
}

await main();
