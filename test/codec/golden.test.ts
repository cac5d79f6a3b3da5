// Byte-exact golden vectors: the encoder must produce, and the decoder must read, the
// hand-written bytes in golden-bytes.ts; targeted corruptions give the documented errors.
import { describe, expect, it } from 'vitest';
import { CtlFormatError, decodeCtl, encodeCtl, signedBytes, type CtlDraft, type CtlRecord } from '../../shared/ctl';
import { FAKE_SIGNATURE, GOLDEN_CTL, GOLDEN_ITL, hex } from './golden-bytes';
import { encodeSha256Ctl } from './legacy-hash';

const signerInfo = { subject: 'CN=S', issuer: 'CN=CA', serial: hex('0102') };

const ctlDraft: CtlDraft = {
  signer: signerInfo,
  hashAlgorithm: 'sha1',
  modulusBits: 512,
  timestamp: 0x65000000,
  records: [
    {
      role: 'SAST', dnsName: '', subject: 'CN=S', issuer: 'CN=CA', serial: hex('0102'),
      publicKey: hex('AABB'), signature: hex('CC'), certificate: hex('3000'), ipAddress: null,
    },
    {
      role: 'CCM+TFTP', dnsName: 'cm', subject: 'CN=cm', issuer: 'CN=CA', serial: hex('7F'),
      publicKey: null, signature: null, certificate: null, ipAddress: '10.0.0.1',
    },
  ],
};

const itlRecords: CtlRecord[] = [
  {
    role: 'TVS', dnsName: 'tvs', subject: 'CN=S', issuer: 'CN=CA', serial: hex('0102'), publicKey: null,
    signature: null, certificate: null, ipAddress: null, certificateHash: hex('DEADBEEF'), recordHashAlgorithm: 1,
  },
  {
    role: 'APP-SERVER', dnsName: '', subject: 'CN=S', issuer: 'CN=CA', serial: hex('03'), publicKey: null,
    signature: null, certificate: null, ipAddress: null,
  },
];
const itlDraft: CtlDraft = {
  signer: signerInfo, hashAlgorithm: 'sha256', modulusBits: 512, timestamp: 0x65000000,
  filename: 'ITLFile.tlv', signerVersion: { major: 1, minor: 0 }, records: itlRecords,
};

function errorOf(bytes: Uint8Array): CtlFormatError {
  try {
    decodeCtl(bytes);
  } catch (e) {
    if (e instanceof CtlFormatError) return e;
    throw e;
  }
  throw new Error('decoded without error');
}

function patched(bytes: Uint8Array, at: number, ...values: number[]): Uint8Array {
  const copy = bytes.slice();
  copy.set(values, at);
  return copy;
}

describe('golden CTL', () => {
  it('encodes the draft to the hand-written bytes and signs exactly the file minus the SIGNATURE TLV', async () => {
    const seen: Uint8Array[] = [];
    const bytes = await encodeCtl(ctlDraft, async (tbs, hash) => {
      expect(hash).toBe('sha1');
      seen.push(tbs.slice());
      return FAKE_SIGNATURE;
    });
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(GOLDEN_CTL).toString('hex'));
    // Signature TLV is bytes 53..119 (tag, length, 64 value bytes).
    const expectedTbs = new Uint8Array([...GOLDEN_CTL.subarray(0, 53), ...GOLDEN_CTL.subarray(120)]);
    expect(seen).toEqual([expectedTbs]);
  });

  it('decodes the hand-written bytes to the model', () => {
    const file = decodeCtl(GOLDEN_CTL);
    expect(file).toMatchObject({
      version: { major: 1, minor: 2 }, headerLength: 144, filename: 'CTLFile.tlv', timestamp: 1694498816,
      hashAlgorithm: 'sha1', modulusBits: 512, signer: signerInfo, signerVersion: null,
      signatureTlv: { offset: 53, length: 67 },
    });
    expect(file.signature).toEqual(FAKE_SIGNATURE);
    expect(file.records).toEqual(ctlDraft.records.map((r) => ({ ...r, certificateHash: null, recordHashAlgorithm: null })));
    expect(signedBytes(GOLDEN_CTL, file.signatureTlv)).toHaveLength(GOLDEN_CTL.length - 67);
  });

  it('writes the hash algorithm byte at offset 41 for each hash phones verify, and reads SHA-256', async () => {
    for (const [hash, code] of [['sha1', 1], ['sha512', 3]] as const) {
      const bytes = await encodeCtl({ ...ctlDraft, hashAlgorithm: hash }, async () => FAKE_SIGNATURE);
      expect(bytes[41]).toBe(code);
      expect(decodeCtl(bytes).hashAlgorithm).toBe(hash);
    }
    await expect(encodeCtl({ ...ctlDraft, hashAlgorithm: 'sha256' }, async () => FAKE_SIGNATURE)).rejects.toThrow(/must be sha1 or sha512/);
    const legacy = await encodeSha256Ctl(ctlDraft, async () => FAKE_SIGNATURE);
    expect(legacy[41]).toBe(2);
    expect(decodeCtl(legacy).hashAlgorithm).toBe('sha256');
  });

  it('refuses a signer that returns the wrong signature length', async () => {
    await expect(encodeCtl(ctlDraft, async () => new Uint8Array(63))).rejects.toThrow(/63 bytes.*needs 64/);
  });
});

describe('golden ITL (roles TVS, APP-SERVER; tags 11, 12, 28)', () => {
  it('encodes and decodes byte for byte', async () => {
    const bytes = await encodeSha256Ctl(itlDraft, async () => FAKE_SIGNATURE);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(GOLDEN_ITL).toString('hex'));
    const file = decodeCtl(GOLDEN_ITL);
    expect(file.filename).toBe('ITLFile.tlv');
    expect(file.signerVersion).toEqual({ major: 1, minor: 0 });
    expect(file.hashAlgorithm).toBe('sha256');
    expect(file.records).toEqual([itlRecords[0], { ...itlRecords[1], certificateHash: null, recordHashAlgorithm: null }]);
  });
});

describe('golden CTL with a FUNCTION value the codec does not know (5, SRST)', () => {
  // The hand-written golden file with record 0's FUNCTION (bytes 164-165) set to 5.
  const UNKNOWN_ROLE_CTL = patched(GOLDEN_CTL, 164, 0x00, 0x05);
  const unknownDraft: CtlDraft = { ...ctlDraft, records: [{ ...ctlDraft.records[0]!, role: 'unknown (5)' }, ctlDraft.records[1]!] };

  it('decodes the record as role "unknown (5)" with every field', () => {
    const file = decodeCtl(UNKNOWN_ROLE_CTL);
    expect(file.records.map((r) => r.role)).toEqual(['unknown (5)', 'CCM+TFTP']);
    expect(file.records[0]).toMatchObject({ subject: 'CN=S', issuer: 'CN=CA', serial: hex('0102'), certificate: hex('3000') });
  });

  it('encodes role "unknown (5)" to the hand-written bytes', async () => {
    const bytes = await encodeCtl(unknownDraft, async () => FAKE_SIGNATURE);
    expect(Buffer.from(bytes).toString('hex')).toBe(Buffer.from(UNKNOWN_ROLE_CTL).toString('hex'));
  });

  it('carries the decoded records byte for byte into a new file', async () => {
    const file = decodeCtl(UNKNOWN_ROLE_CTL);
    const next = await encodeCtl({ ...unknownDraft, records: file.records, timestamp: 0x66000000 }, async () => FAKE_SIGNATURE);
    expect(Buffer.from(next.subarray(144)).toString('hex')).toBe(Buffer.from(UNKNOWN_ROLE_CTL.subarray(144)).toString('hex'));
  });

  it('refuses a role string that is no FUNCTION value', async () => {
    for (const role of ['unknown (70000)', 'unknown (05)', 'unknown (1)', 'SRST']) {
      const draft = { ...ctlDraft, records: [{ ...ctlDraft.records[1]!, role: role as CtlRecord['role'] }] };
      await expect(encodeCtl(draft, async () => FAKE_SIGNATURE)).rejects.toThrow(/unknown role/);
    }
  });
});

describe('strict decoding of corrupted golden bytes', () => {
  const cases: [string, () => Uint8Array, number, RegExp][] = [
    ['unknown header tag', () => patched(GOLDEN_CTL, 120, 42), 120, /^header tag 42 is unknown$/],
    ['HEADER_LENGTH past the file', () => GOLDEN_CTL.slice(0, 100), 5, /HEADER_LENGTH 144 exceeds the file size 100/],
    ['HEADER_LENGTH shorter than the layout', () => patched(GOLDEN_CTL, 8, 0x00, 0x8c), 135, /^tag 15 length 4 runs past the end of the header/],
    ['HEADER_LENGTH longer than the layout', () => patched(GOLDEN_CTL, 8, 0x00, 0x94), 144, /^header tag 1 follows PADDING$/],
    ['HEADER_LENGTH not a multiple of 4', () => patched(GOLDEN_CTL, 8, 0x00, 0x8f), 5, /not a multiple of 4/],
    ['record length shorter than its fields', () => patched(GOLDEN_CTL, 197, 0x00, 0x2c), 232, /tag 10 length 4 runs past the end of record 1/],
    ['record length past the file', () => patched(GOLDEN_CTL, 197, 0x00, 0x2e), 194, /record 1 length 46 runs past the end of the file \(45/],
    ['unknown hash algorithm', () => patched(GOLDEN_CTL, 41, 4), 38, /HASH_ALGORITHM 4 is unknown/],
    ['string without NUL', () => patched(GOLDEN_CTL, 204, 0x41), 199, /DNS_NAME \(tag 2\) is not NUL-terminated/],
    ['string that is not UTF-8', () => patched(GOLDEN_CTL, 202, 0xff), 202, /DNS_NAME \(tag 2\) is not valid UTF-8/],
    ['signature shorter than the modulus', () => patched(GOLDEN_CTL, 52, 1), 53, /SIGNATURE is 64 bytes, the 1024-bit modulus needs 128/],
    ['file not starting with VERSION', () => patched(GOLDEN_CTL, 0, 2), 0, /not VERSION/],
    ['truncated inside a record', () => GOLDEN_CTL.slice(0, 150), 144, /record 0 length 50 runs past the end of the file/],
    ['trailing garbage after the last record', () => new Uint8Array([...GOLDEN_CTL, 1, 0]), 239, /truncated TLV in the file/],
    ['nested tag outside its container', () => patched(GOLDEN_CTL, 135, 0x05), 135, /header tag 5 appears outside its container/],
    // The tag is judged before its length: random bytes are "not a CTL", not "runs past the end".
    ['random bytes with a long first length', () => Uint8Array.of(223, 0x24, 0x93, 1, 2, 3), 0, /^file starts with tag 223, not VERSION \(tag 1\)$/],
    ['one random byte', () => Uint8Array.of(223), 0, /^file starts with tag 223, not VERSION \(tag 1\)$/],
    ['second tag not HEADER_LENGTH, long length', () => patched(GOLDEN_CTL, 5, 9, 0xff, 0xff), 5, /^tag 9 follows VERSION, expected HEADER_LENGTH \(tag 2\)$/],
    ['unknown header tag, long length', () => patched(GOLDEN_CTL, 120, 42, 0xff, 0xff), 120, /^header tag 42 is unknown$/],
    ['nested tag outside its container, long length', () => patched(GOLDEN_CTL, 135, 0x05, 0xff, 0xff), 135, /^header tag 5 appears outside its container$/],
    ['tag not allowed in SIGNER_INFO, long length', () => patched(GOLDEN_CTL, 13, 42, 0xff, 0xff), 13, /^tag 42 is not allowed in SIGNER_INFO$/],
    ['record not starting with RECORD_LENGTH, long length', () => patched(GOLDEN_CTL, 194, 9, 0xff, 0xff), 194, /^record 1 starts with tag 9, not RECORD_LENGTH \(tag 1\)$/],
    ['unknown record tag, long length', () => patched(GOLDEN_CTL, 199, 42, 0xff, 0xff), 199, /^record 1 tag 42 is unknown$/],
  ];
  it.each(cases)('%s', (_name, make, offset, reason) => {
    const error = errorOf(make());
    expect(error.reason).toMatch(reason);
    expect(error.offset).toBe(offset);
    expect(error.message).toBe(`offset 0x${offset.toString(16).padStart(4, '0')}: ${error.reason}`);
  });

  it('reads a record without DNS_NAME (as ITL writers produce) as an empty DNS name', () => {
    // Record 1 without its DNS_NAME field (6 bytes at 199..204): length 45 -> 39.
    const bytes = new Uint8Array([...GOLDEN_CTL.subarray(0, 199), ...GOLDEN_CTL.subarray(205)]);
    bytes[198] = 39;
    expect(decodeCtl(bytes).records[1]).toMatchObject({ role: 'CCM+TFTP', dnsName: '', subject: 'CN=cm', ipAddress: '10.0.0.1' });
  });

  it('reports a missing signer, signature or hash algorithm', () => {
    const withLength = (parts: Uint8Array[], padding: number): Uint8Array => {
      const bytes = new Uint8Array([...parts.flatMap((p) => [...p]), ...new Array<number>(padding).fill(13)]);
      bytes[8] = bytes.length >> 8;
      bytes[9] = bytes.length & 0xff;
      return bytes;
    };
    const g = GOLDEN_CTL;
    const noSigner = withLength([g.subarray(0, 10), g.subarray(35, 142)], 3);
    expect(errorOf(noSigner)).toMatchObject({ offset: 120, reason: 'the header has no SIGNER_INFO (tag 3)' });
    const noSignature = withLength([g.subarray(0, 53), g.subarray(120, 142)], 1);
    expect(errorOf(noSignature)).toMatchObject({ offset: 76, reason: 'the header has no SIGNATURE (tag 12)' });
    const noHash = withLength([g.subarray(0, 35), hex('07 000B'), g.subarray(42, 142)], 2);
    expect(errorOf(noHash)).toMatchObject({ offset: 35, reason: 'SIGNATURE_INFO lacks tag 8' });
  });
});
