// Property-based tests (fast-check): any encodable model decodes to itself; mutated,
// truncated or random bytes give a decoded file or a CtlFormatError, never another
// exception, never an over-read. Run counts add up to 10,500 in the normal suite.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CtlFormatError, decodeCtl, encodeCtl, layoutCtl, signedBytes, signerWithRecordNames, verifyDecoded, type CtlDraft, type CtlFile,
} from '../../shared/ctl';
import { draftArb, fakeSignerFor, recordArb } from './arbitraries';

function normalized(draft: CtlDraft) {
  return {
    version: draft.version ?? { major: 1, minor: 2 },
    // A listed signer's header names are its record's names (signer-identity.test.ts).
    signer: signerWithRecordNames(draft.signer, draft.records),
    hashAlgorithm: draft.hashAlgorithm,
    modulusBits: draft.modulusBits,
    filename: draft.filename ?? 'CTLFile.tlv',
    timestamp: draft.timestamp,
    signerVersion: draft.signerVersion ?? null,
    records: draft.records.map((r) => ({ ...r, certificateHash: r.certificateHash ?? null, recordHashAlgorithm: r.recordHashAlgorithm ?? null })),
  };
}

/** Decodes, returning the file or the typed error; any other exception fails the property. */
function decodeOrError(bytes: Uint8Array): CtlFile | CtlFormatError {
  try {
    return decodeCtl(bytes);
  } catch (e) {
    if (!(e instanceof CtlFormatError)) throw e;
    expect(e.offset).toBeGreaterThanOrEqual(0);
    expect(e.offset).toBeLessThanOrEqual(bytes.length);
    expect(e.message).toMatch(/^offset 0x[0-9a-f]{4,}: .+/);
    return e;
  }
}

/** Memory stays bounded by the input: the decoded byte fields never exceed the input size. */
function modelBytes(file: CtlFile): number {
  let n = file.signature.length + file.signer.serial.length;
  for (const r of file.records) {
    n += r.serial.length + (r.publicKey?.length ?? 0) + (r.signature?.length ?? 0) + (r.certificate?.length ?? 0) + (r.certificateHash?.length ?? 0);
  }
  return n;
}

// Pre-encoded samples, so the mutation properties spend their runs on the decoder.
const encodedArb = draftArb.map((draft) => layoutCtl(draft).bytes);

// Drafts whose first record is a SAST matching the signer, with a random (often DER-shaped)
// public key, so the verifier's key import and signature paths see hostile input too.
const signedByListedArb = fc
  .tuple(draftArb, recordArb, fc.uint8Array({ maxLength: 200 }), fc.boolean())
  .map(([draft, record, key, derShaped]) => {
    const publicKey = derShaped ? new Uint8Array([0x30, 0x81, key.length & 0x7f, ...key]) : key;
    const sast = { ...record, role: 'SAST' as const, serial: draft.signer.serial, issuer: draft.signer.issuer, publicKey };
    return layoutCtl({ ...draft, records: [sast, ...draft.records] }).bytes;
  });

type Mutation = { kind: 'set'; at: number; value: number } | { kind: 'delete'; at: number } | { kind: 'insert'; at: number; value: number };
const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: fc.nat(255) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), value: fc.nat(255) }),
);

function mutate(bytes: Uint8Array, mutations: Mutation[]): Uint8Array {
  let out = bytes.slice();
  for (const m of mutations) {
    const at = out.length === 0 ? 0 : m.at % out.length;
    if (m.kind === 'set' && out.length > 0) out[at] = m.value;
    else if (m.kind === 'delete' && out.length > 0) out = new Uint8Array([...out.subarray(0, at), ...out.subarray(at + 1)]);
    else if (m.kind === 'insert') out = new Uint8Array([...out.subarray(0, at), m.value, ...out.subarray(at)]);
  }
  return out;
}

describe('codec properties', () => {
  it('any encodable model decodes to itself (3,000 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(draftArb, async (draft) => {
        const bytes = await encodeCtl(draft, fakeSignerFor(draft.modulusBits));
        const file = decodeCtl(bytes);
        expect(file).toMatchObject(normalized(draft));
        expect(file.headerLength % 4).toBe(0);
        expect(file.signature).toEqual(await fakeSignerFor(draft.modulusBits)(signedBytes(bytes, file.signatureTlv), draft.hashAlgorithm));
      }),
      { numRuns: 3000 },
    );
  });

  it('the decoded model never aliases the caller\'s bytes: overwriting them afterwards changes nothing (300 runs)', () => {
    fc.assert(
      fc.property(encodedArb, (bytes) => {
        const input = bytes.slice();
        const file = decodeCtl(input);
        const before = structuredClone(file);
        input.fill(0xa5);
        expect(file).toEqual(before);
      }),
      { numRuns: 300 },
    );
  });

  it('mutated bytes decode or give only CtlFormatError (4,000 runs)', () => {
    fc.assert(
      fc.property(encodedArb, fc.array(mutationArb, { minLength: 1, maxLength: 4 }), (bytes, mutations) => {
        const input = mutate(bytes, mutations);
        const result = decodeOrError(input);
        if (!(result instanceof CtlFormatError)) expect(modelBytes(result)).toBeLessThanOrEqual(input.length);
      }),
      { numRuns: 4000 },
    );
  });

  it('truncated bytes give CtlFormatError unless cut exactly at a record boundary (2,000 runs)', () => {
    fc.assert(
      fc.property(encodedArb, fc.nat(), (bytes, cut) => {
        const length = cut % bytes.length; // strictly shorter than the file
        const original = decodeCtl(bytes);
        const result = decodeOrError(bytes.subarray(0, length));
        if (result instanceof CtlFormatError) return;
        // Only a cut after the header at a record boundary yields a (shorter) well-formed file.
        expect(length).toBeGreaterThanOrEqual(original.headerLength);
        expect(result.records).toEqual(original.records.slice(0, result.records.length));
      }),
      { numRuns: 2000 },
    );
  });

  it('random bytes, bare or behind a real header prefix, give only CtlFormatError or a file (1,000 runs)', () => {
    fc.assert(
      fc.property(encodedArb, fc.nat(), fc.uint8Array({ maxLength: 300 }), (bytes, keep, tail) => {
        const prefix = bytes.subarray(0, keep % (bytes.length + 1));
        decodeOrError(new Uint8Array([...prefix, ...tail]));
        decodeOrError(tail);
      }),
      { numRuns: 1000 },
    );
  });

  it('the verifier returns a result for any decodable mutation, never throws (500 runs)', async () => {
    await fc.assert(
      fc.asyncProperty(signedByListedArb, fc.array(mutationArb, { maxLength: 2 }), async (bytes, mutations) => {
        const input = mutate(bytes, mutations);
        const file = decodeOrError(input);
        if (file instanceof CtlFormatError) return;
        const verification = await verifyDecoded(input, file);
        expect(['valid', 'invalid-signature', 'no-matching-sast']).toContain(verification.status);
        expect(verification.signatureValid).toBe(false); // fake signatures never verify
      }),
      { numRuns: 500 },
    );
  });
});
