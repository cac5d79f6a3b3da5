// Properties of the two byte-faithfulness rules: the header's SIGNER_NAME / ISSUER_NAME are
// the signer record's SUBJECT_NAME / ISSUER_NAME byte for byte whenever the file lists the
// signer, whatever spelling the caller gave; and records decoded from a file (any role,
// FUNCTION values the codec does not know included, any field order) are written back with
// exactly the bytes they were read from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeCtl, encodeCtl, findSignerRecord, layoutCtl, type CtlRecord } from '../../shared/ctl';
import { HeaderTag, RecordTag } from '../../shared/ctl/tags';
import { draftArb, fakeSignerFor, recordArb } from './arbitraries';

const word = fc.stringMatching(/^[A-Za-z0-9 .-]{1,12}$/);
/** A DN as some tool wrote it, and the same DN in another spelling sameDn() accepts. */
const dnPairArb = fc.tuple(word, word, fc.constantFrom(';', ',', ', '), fc.boolean()).map(([cn, ou, sep, lower]) => {
  const written = `${lower ? 'cn' : 'CN'}=${cn}${sep}${lower ? 'ou' : 'OU'}=${ou}`;
  return { written, other: `CN=${cn};OU=${ou}`.toUpperCase() === written.toUpperCase() ? written : `CN=${cn};OU=${ou}` };
});

/** The raw bytes of tag `tag` inside the first TLV container `container` of the header. */
function headerNameBytes(bytes: Uint8Array, tag: number): Uint8Array {
  let at = 5 + 5; // VERSION (5 bytes), HEADER_LENGTH (5 bytes)
  while (bytes[at] !== HeaderTag.SIGNER_INFO) at += 3 + ((bytes[at + 1]! << 8) | bytes[at + 2]!);
  const end = at + 3 + ((bytes[at + 1]! << 8) | bytes[at + 2]!);
  for (let p = at + 3; p < end;) {
    const len = (bytes[p + 1]! << 8) | bytes[p + 2]!;
    if (bytes[p] === tag) return bytes.subarray(p + 3, p + 3 + len);
    p += 3 + len;
  }
  throw new Error(`tag ${tag} not in SIGNER_INFO`);
}

/** The raw value bytes of field `tag` of the record starting at `start`. */
function recordFieldBytes(bytes: Uint8Array, start: number, tag: number): Uint8Array {
  const end = start + ((bytes[start + 3]! << 8) | bytes[start + 4]!);
  for (let p = start + 5; p < end;) {
    const len = (bytes[p + 1]! << 8) | bytes[p + 2]!;
    if (bytes[p] === tag) return bytes.subarray(p + 3, p + 3 + len);
    p += 3 + len;
  }
  throw new Error(`tag ${tag} not in the record`);
}

function recordStarts(bytes: Uint8Array, headerLength: number): number[] {
  const starts: number[] = [];
  for (let at = headerLength; at < bytes.length; at += (bytes[at + 3]! << 8) | bytes[at + 4]!) starts.push(at);
  return starts;
}

/** The record section with each record's fields (after RECORD_LENGTH) in another order. */
function shuffleFields(bytes: Uint8Array, headerLength: number, seed: number): Uint8Array {
  const out: number[] = [...bytes.subarray(0, headerLength)];
  for (const start of recordStarts(bytes, headerLength)) {
    const end = start + ((bytes[start + 3]! << 8) | bytes[start + 4]!);
    const fields: Uint8Array[] = [];
    for (let p = start + 5; p < end;) {
      const len = (bytes[p + 1]! << 8) | bytes[p + 2]!;
      fields.push(bytes.subarray(p, p + 3 + len));
      p += 3 + len;
    }
    const rotated = fields.length > 0 ? [...fields.slice(seed % fields.length), ...fields.slice(0, seed % fields.length)].reverse() : fields;
    out.push(...bytes.subarray(start, start + 5), ...rotated.flatMap((f) => [...f]));
  }
  return Uint8Array.from(out);
}

describe('signer identity in the header', () => {
  it('for every file the encoder writes, the header names equal the signer record\'s names byte for byte (1,000 runs)', async () => {
    const listed = fc.tuple(draftArb, recordArb, dnPairArb, dnPairArb, fc.nat(5)).map(([draft, record, subject, issuer, position]) => {
      // The record keeps the spelling of the tool that wrote it; the caller's signer uses another.
      const sast: CtlRecord = { ...record, role: 'SAST', subject: subject.written, issuer: issuer.written, serial: draft.signer.serial };
      const records = [...draft.records];
      records.splice(position % (records.length + 1), 0, sast);
      return { ...draft, signer: { ...draft.signer, subject: subject.other, issuer: issuer.other }, records };
    });
    await fc.assert(fc.asyncProperty(fc.oneof(listed, draftArb), async (draft) => {
      const bytes = await encodeCtl(draft, fakeSignerFor(draft.modulusBits));
      const file = decodeCtl(bytes);
      const index = findSignerRecord(file);
      if (index < 0) return; // not listed: the caller's names are written as given
      const start = recordStarts(bytes, file.headerLength)[index]!;
      expect(Buffer.from(headerNameBytes(bytes, HeaderTag.SIGNER_NAME))).toEqual(Buffer.from(recordFieldBytes(bytes, start, RecordTag.SUBJECT_NAME)));
      expect(Buffer.from(headerNameBytes(bytes, HeaderTag.ISSUER_NAME))).toEqual(Buffer.from(recordFieldBytes(bytes, start, RecordTag.ISSUER_NAME)));
    }), { numRuns: 1000 });
  });
});

describe('records carried from a decoded file', () => {
  it('are written back byte for byte, unknown roles and any field order included (500 runs)', async () => {
    await fc.assert(fc.asyncProperty(draftArb, fc.nat(), fc.nat(0xffffff), async (draft, seed, timestamp) => {
      const written = shuffleFields(layoutCtl(draft).bytes, decodeCtl(layoutCtl(draft).bytes).headerLength, seed);
      const file = decodeCtl(written);
      const next = await encodeCtl({ ...draft, timestamp, records: file.records }, fakeSignerFor(draft.modulusBits));
      const nextFile = decodeCtl(next);
      expect(Buffer.from(next.subarray(nextFile.headerLength))).toEqual(Buffer.from(written.subarray(file.headerLength)));
      expect(nextFile.records.map((r) => r.role)).toEqual(draft.records.map((r) => r.role));
    }), { numRuns: 500 });
  });

  it('an edited record is encoded afresh, not from the bytes it was read from', async () => {
    const draft = fc.sample(draftArb.filter((d) => d.records.length > 0), { numRuns: 1, seed: 7 })[0]!;
    const file = decodeCtl(layoutCtl(draft).bytes);
    const edited = { ...file.records[0]!, dnsName: `${file.records[0]!.dnsName}x` };
    const again = decodeCtl(layoutCtl({ ...draft, records: [edited] }).bytes);
    expect(again.records[0]!.dnsName).toBe(edited.dnsName);
    // The same object changed in place is no longer what its bytes say: encoded afresh too.
    const inPlace = file.records[0]!;
    inPlace.dnsName = 'changed';
    expect(decodeCtl(layoutCtl({ ...draft, records: [inPlace] }).bytes).records[0]!.dnsName).toBe('changed');
  });
});
