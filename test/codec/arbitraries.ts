// fast-check generators of encodable CTL models, and a cheap deterministic fake signer
// (property tests check the byte layout, not RSA; real signatures are in roundtrip tests).
import fc from 'fast-check';
import { MODULUS_BITS, ROLE_CODES, ROLES, unknownRole, type CtlDraft, type CtlRecord, type CtlRole, type SignFunction } from '../../shared/ctl';

const text = fc.string({ unit: 'binary', maxLength: 24 }).filter((s) => !s.includes('\0'));
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const version = fc.record({ major: fc.nat(255), minor: fc.nat(255) });
const ip = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((p) => p.join('.'));

/** Known roles, and FUNCTION values the codec does not know (kept as `unknown (N)`). */
export const roleArb: fc.Arbitrary<CtlRole> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...ROLES) },
  { weight: 1, arbitrary: fc.integer({ min: 0, max: 0xffff }).filter((n) => !Object.values(ROLE_CODES).includes(n)).map(unknownRole) },
);

export const recordArb: fc.Arbitrary<CtlRecord> = fc.record({
  role: roleArb,
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
  // The encoder writes only what phones verify (SHA-256 is refused; see legacy-hash.ts).
  hashAlgorithm: fc.constantFrom('sha1', 'sha512'),
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
