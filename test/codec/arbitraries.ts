// fast-check generators of encodable CTL models, and a cheap deterministic fake signer
// (property tests check the byte layout, not RSA; real signatures are in roundtrip tests).
import fc from 'fast-check';
import { MODULUS_BITS, ROLES, type CtlDraft, type CtlRecord, type SignFunction } from '../../shared/ctl';

const text = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0'));
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const version = fc.record({ major: fc.nat(255), minor: fc.nat(255) });
const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));

export const recordArb: fc.Arbitrary<CtlRecord> = fc.record({
  role: fc.constantFrom(...ROLES),
  dnsName: text,
  subject: text,
  issuer: text,
  serial: bytes(1, 20),
  publicKey: fc.option(bytes(0, 80), { nil: null }),
  signature: fc.option(bytes(0, 80), { nil: null }),
  certificate: fc.option(bytes(0, 120), { nil: null }),
  ipAddress: fc.option(ip, { nil: null }),
  certificateHash: fc.option(bytes(0, 20), { nil: null }),
  recordHashAlgorithm: fc.option(fc.nat(255), { nil: null }),
});

export const draftArb: fc.Arbitrary<CtlDraft> = fc.record({
  version,
  signer: fc.record({ subject: text, issuer: text, serial: bytes(1, 20) }),
  hashAlgorithm: fc.constantFrom('sha1', 'sha256', 'sha512'),
  // 4096-bit (512-byte) signatures are covered by the example tests; keep runs small here.
  modulusBits: fc.constantFrom(...MODULUS_BITS.filter((b) => b <= 1024)),
  filename: text,
  timestamp: fc.nat(0xffffffff),
  records: fc.array(recordArb, { maxLength: 5 }),
  signerVersion: fc.option(version, { nil: null }),
});

/** Deterministic, length-correct fake signature derived cheaply from the signed bytes. */
export function fakeSignerFor(modulusBits: number): SignFunction {
  return async (tbs) => {
    const out = new Uint8Array(modulusBits / 8);
    let acc = tbs.length & 0xff;
    for (let i = 0; i < tbs.length; i += 97) acc = (acc * 31 + (tbs[i] as number)) & 0xff;
    for (let i = 0; i < out.length; i++) out[i] = (acc + i) & 0xff;
    return out;
  };
}
