// The file header: layout for the encoder and a strict parser for the decoder.
// Byte layout (docs/ctl-format.md): VERSION, HEADER_LENGTH, [SIGNER_VERSION], SIGNER_INFO{4,6,5},
// SIGNATURE_INFO{8, 9{10,11}}, SIGNATURE, FILENAME, TIMESTAMP, PADDING*.
import { CtlEncodeError, CtlFormatError, REGION } from './errors';
import type { CtlDraft, CtlSigner, CtlVersion, HashAlgorithm } from './model';
import {
  DEFAULT_FILENAME, DEFAULT_VERSION, HASH_CODES, HeaderTag as T, MODULUS_BITS, SIGNATURE_ALGORITHM_RSA,
  hashFromCode, isWritableHash, type ModulusBits,
} from './tags';
import { TlvReader, expectLength, readSerial, readString, readU16, readU32, readU8, valueBytes, type Tlv } from './tlv-reader';
import { TlvWriter } from './tlv-writer';

export interface HeaderLayout {
  /** The header bytes with a zero-filled signature placeholder. */
  bytes: Uint8Array;
  signatureTlv: { offset: number; length: number };
}

function checkVersion(v: CtlVersion, field: string): void {
  for (const part of [v.major, v.minor]) {
    if (!Number.isInteger(part) || part < 0 || part > 255) throw new CtlEncodeError(field, 'parts must be integers 0-255');
  }
}

/** Lays out the header; HEADER_LENGTH counts the signature TLV and the padding. */
export function layoutHeader(draft: CtlDraft): HeaderLayout {
  const version = draft.version ?? DEFAULT_VERSION;
  checkVersion(version, 'version');
  if (!MODULUS_BITS.includes(draft.modulusBits)) {
    throw new CtlEncodeError('modulusBits', `must be one of ${MODULUS_BITS.join(', ')}`);
  }
  if (!isWritableHash(draft.hashAlgorithm)) {
    // Phones verify a CTL signature with SHA-1 or SHA-512 only; a SHA-256 file would strand them.
    throw new CtlEncodeError('hashAlgorithm', `must be sha1 or sha512 (phones verify only these), not ${String(draft.hashAlgorithm)}`);
  }
  if (!Number.isInteger(draft.timestamp) || draft.timestamp < 0 || draft.timestamp > 0xffffffff) {
    throw new CtlEncodeError('timestamp', 'must be an integer number of seconds 0..2^32-1');
  }
  if (draft.signer.serial.length === 0) throw new CtlEncodeError('signer.serial', 'is empty');

  const signerInfo = new TlvWriter()
    .string(T.SIGNER_NAME, draft.signer.subject, 'signer.subject')
    .string(T.ISSUER_NAME, draft.signer.issuer, 'signer.issuer')
    .tlv(T.SERIAL_NUMBER, draft.signer.serial, 'signer.serial')
    .toBytes();
  const algorithmInfo = new TlvWriter()
    .u8(T.SIGNATURE_ALGORITHM, SIGNATURE_ALGORITHM_RSA)
    .u8(T.SIGNATURE_MODULUS, MODULUS_BITS.indexOf(draft.modulusBits))
    .toBytes();
  const signatureInfo = new TlvWriter()
    .u8(T.HASH_ALGORITHM, HASH_CODES[draft.hashAlgorithm])
    .tlv(T.SIGNATURE_ALGORITHM_INFO, algorithmInfo, 'signatureInfo')
    .toBytes();

  const head = new TlvWriter().raw(Uint8Array.of(T.VERSION, 0, 2, version.major, version.minor));
  const lengthAt = head.length; // HEADER_LENGTH value is patched below, once the size is known.
  head.u16(T.HEADER_LENGTH, 0);
  if (draft.signerVersion) {
    // Right after HEADER_LENGTH, where ITL files that phones accept carry it.
    checkVersion(draft.signerVersion, 'signerVersion');
    head.raw(Uint8Array.of(T.SIGNER_VERSION, 0, 2, draft.signerVersion.major, draft.signerVersion.minor));
  }
  head.tlv(T.SIGNER_INFO, signerInfo, 'signer')
    .tlv(T.SIGNATURE_INFO, signatureInfo, 'signatureInfo');
  const signatureOffset = head.length;
  const signatureLength = draft.modulusBits / 8;
  head.tlv(T.SIGNATURE, new Uint8Array(signatureLength), 'signature')
    .string(T.FILENAME, draft.filename ?? DEFAULT_FILENAME, 'filename')
    .u32(T.TIMESTAMP, draft.timestamp);
  const padding = (4 - (head.length % 4)) % 4;
  head.raw(new Uint8Array(padding).fill(T.PADDING));
  const bytes = head.toBytes();
  if (bytes.length > 0xffff) throw new CtlEncodeError('signer', `header of ${bytes.length} bytes exceeds 65535`);
  bytes[lengthAt + 3] = bytes.length >> 8;
  bytes[lengthAt + 4] = bytes.length & 0xff;
  return { bytes, signatureTlv: { offset: signatureOffset, length: 3 + signatureLength } };
}

export interface DecodedHeader {
  version: CtlVersion;
  headerLength: number;
  signer: CtlSigner;
  hashAlgorithm: HashAlgorithm;
  modulusBits: ModulusBits;
  signature: Uint8Array;
  signatureTlv: { offset: number; length: number };
  filename: string;
  timestamp: number;
  signerVersion: CtlVersion | null;
}

const NESTED_TAGS: ReadonlySet<number> = new Set([
  T.SIGNER_NAME, T.SERIAL_NUMBER, T.ISSUER_NAME, T.HASH_ALGORITHM, T.SIGNATURE_ALGORITHM_INFO,
  T.SIGNATURE_ALGORITHM, T.SIGNATURE_MODULUS,
]);

const TOP_LEVEL_TAGS: ReadonlySet<number> = new Set([
  T.SIGNER_INFO, T.SIGNATURE_INFO, T.SIGNATURE, T.FILENAME, T.TIMESTAMP, T.SIGNER_VERSION,
]);

/** Reads each TLV of a container once; unknown or repeated tags are errors. */
function readContainer(bytes: Uint8Array, tlv: Tlv, name: string, allowed: readonly number[]): Map<number, Tlv> {
  const region = REGION.container(name);
  const reader = new TlvReader(bytes, tlv.valueOffset, tlv.end, region);
  const found = new Map<number, Tlv>();
  while (!reader.atEnd()) {
    const inner = reader.readTlv((tag, offset) => {
      if (!allowed.includes(tag)) throw new CtlFormatError(offset, 'decode.tag-not-allowed', { tag, region });
    });
    if (found.has(inner.tag)) throw new CtlFormatError(inner.offset, 'decode.tag-repeats-in', { tag: inner.tag, region });
    found.set(inner.tag, inner);
  }
  for (const tag of allowed) {
    if (!found.has(tag)) throw new CtlFormatError(tlv.offset, 'decode.lacks-tag', { region, tag });
  }
  return found;
}

function need(found: Map<number, Tlv>, tag: number): Tlv {
  return found.get(tag) as Tlv; // readContainer guarantees presence
}

function readVersion(bytes: Uint8Array, tlv: Tlv, what: string): CtlVersion {
  expectLength(tlv, 2, what);
  return { major: bytes[tlv.valueOffset] as number, minor: bytes[tlv.valueOffset + 1] as number };
}

export function decodeHeader(bytes: Uint8Array): DecodedHeader {
  const start = new TlvReader(bytes, 0, bytes.length, REGION.file);
  const versionTlv = start.readTlv((tag) => {
    if (tag !== T.VERSION) throw new CtlFormatError(0, 'decode.file-start', { tag });
  });
  const version = readVersion(bytes, versionTlv, 'VERSION');
  const lengthTlv = start.readTlv((tag, offset) => {
    if (tag !== T.HEADER_LENGTH) throw new CtlFormatError(offset, 'decode.after-version', { tag });
  });
  const headerLength = readU16(bytes, lengthTlv, 'HEADER_LENGTH');
  if (headerLength > bytes.length) {
    throw new CtlFormatError(lengthTlv.offset, 'decode.header-length-exceeds', { length: headerLength, size: bytes.length });
  }
  if (headerLength < start.pos) {
    throw new CtlFormatError(lengthTlv.offset, 'decode.header-length-short', { length: headerLength });
  }
  if (headerLength % 4 !== 0) throw new CtlFormatError(lengthTlv.offset, 'decode.header-length-align', { length: headerLength });

  const reader = new TlvReader(bytes, start.pos, headerLength, REGION.header);
  const seen = new Map<number, Tlv>();
  let padding = 0;
  while (!reader.atEnd()) {
    const at = reader.pos;
    if (reader.peekByte() === T.PADDING) {
      reader.skipByte();
      if (++padding > 3) throw new CtlFormatError(at, 'decode.padding-long');
      continue;
    }
    if (padding > 0) throw new CtlFormatError(at, 'decode.after-padding', { tag: bytes[at] as number });
    const tlv = reader.readTlv((tag) => {
      if (NESTED_TAGS.has(tag)) throw new CtlFormatError(at, 'decode.outside-container', { tag });
      if (!TOP_LEVEL_TAGS.has(tag)) throw new CtlFormatError(at, 'decode.header-tag-unknown', { tag });
    });
    if (seen.has(tlv.tag)) throw new CtlFormatError(at, 'decode.header-tag-repeats', { tag: tlv.tag });
    seen.set(tlv.tag, tlv);
  }

  const missing = (what: string, tag: number): CtlFormatError =>
    new CtlFormatError(headerLength, 'decode.header-missing', { field: what, tag });
  const signerTlv = seen.get(T.SIGNER_INFO);
  if (!signerTlv) throw missing('SIGNER_INFO', T.SIGNER_INFO);
  const infoTlv = seen.get(T.SIGNATURE_INFO);
  if (!infoTlv) throw missing('SIGNATURE_INFO', T.SIGNATURE_INFO);
  const signatureTlv = seen.get(T.SIGNATURE);
  if (!signatureTlv) throw missing('SIGNATURE', T.SIGNATURE);
  const filenameTlv = seen.get(T.FILENAME);
  if (!filenameTlv) throw missing('FILENAME', T.FILENAME);
  const timestampTlv = seen.get(T.TIMESTAMP);
  if (!timestampTlv) throw missing('TIMESTAMP', T.TIMESTAMP);

  const signerFields = readContainer(bytes, signerTlv, 'SIGNER_INFO', [T.SIGNER_NAME, T.ISSUER_NAME, T.SERIAL_NUMBER]);
  const signer: CtlSigner = {
    subject: readString(bytes, need(signerFields, T.SIGNER_NAME), 'SIGNER_NAME'),
    issuer: readString(bytes, need(signerFields, T.ISSUER_NAME), 'ISSUER_NAME'),
    serial: readSerial(bytes, need(signerFields, T.SERIAL_NUMBER), 'SERIAL_NUMBER'),
  };

  const info = readContainer(bytes, infoTlv, 'SIGNATURE_INFO', [T.HASH_ALGORITHM, T.SIGNATURE_ALGORITHM_INFO]);
  const hashTlv = need(info, T.HASH_ALGORITHM);
  const hashCode = readU8(bytes, hashTlv, 'HASH_ALGORITHM');
  const hashAlgorithm = hashFromCode(hashCode);
  if (!hashAlgorithm) throw new CtlFormatError(hashTlv.offset, 'decode.hash-unknown', { value: hashCode });
  const algorithm = readContainer(bytes, need(info, T.SIGNATURE_ALGORITHM_INFO), 'SIGNATURE_ALGORITHM_INFO', [
    T.SIGNATURE_ALGORITHM, T.SIGNATURE_MODULUS,
  ]);
  const algTlv = need(algorithm, T.SIGNATURE_ALGORITHM);
  const alg = readU8(bytes, algTlv, 'SIGNATURE_ALGORITHM');
  if (alg !== SIGNATURE_ALGORITHM_RSA) throw new CtlFormatError(algTlv.offset, 'decode.not-rsa', { value: alg });
  const modTlv = need(algorithm, T.SIGNATURE_MODULUS);
  const modIndex = readU8(bytes, modTlv, 'SIGNATURE_MODULUS');
  const modulusBits = MODULUS_BITS[modIndex];
  if (modulusBits === undefined) throw new CtlFormatError(modTlv.offset, 'decode.modulus-unknown', { value: modIndex });
  if (signatureTlv.length !== modulusBits / 8) {
    throw new CtlFormatError(signatureTlv.offset, 'decode.signature-size', { length: signatureTlv.length, bits: modulusBits, expected: modulusBits / 8 });
  }

  const signerVersionTlv = seen.get(T.SIGNER_VERSION);
  return {
    version,
    headerLength,
    signer,
    hashAlgorithm,
    modulusBits,
    signature: valueBytes(bytes, signatureTlv),
    signatureTlv: { offset: signatureTlv.offset, length: signatureTlv.end - signatureTlv.offset },
    filename: readString(bytes, filenameTlv, 'FILENAME'),
    timestamp: readU32(bytes, timestampTlv, 'TIMESTAMP'),
    signerVersion: signerVersionTlv ? readVersion(bytes, signerVersionTlv, 'SIGNER_VERSION') : null,
  };
}
