// Records: RECORD_LENGTH first, then the fields in Communications Manager's order.
// The decoder accepts the fields in any order but each at most once, inside the record's
// own length, so a record whose length disagrees with its fields is rejected.
import { CtlEncodeError, CtlFormatError, REGION } from './errors';
import { ipv4FromBytes, ipv4ToBytes } from './ip';
import type { CtlRecord } from './model';
import { sameBytes } from './bytes';
import { RecordTag as R, roleCode, roleFromCode } from './tags';
import { TlvReader, expectLength, readSerial, readString, readU16, readU8, valueBytes, type Tlv } from './tlv-reader';
import { TlvWriter } from './tlv-writer';

/**
 * The bytes each decoded record was read from. A record written back unchanged is written
 * with exactly these bytes (field order, name spelling and all): a record carried from the
 * current CTL keeps every byte, whatever tool wrote it. Kept beside the model, not in it, so
 * records stay plain data.
 */
const origins = new WeakMap<CtlRecord, Uint8Array>();

/** The bytes `record` was decoded from, when it was decoded and still holds what they say. */
export function originalRecordBytes(record: CtlRecord): Uint8Array | null {
  const raw = origins.get(record);
  if (!raw) return null;
  const { record: decoded } = decodeRecord(raw, 0, 0);
  return sameRecord(decoded, record) ? raw : null;
}

const sameOptional = (a: Uint8Array | null | undefined, b: Uint8Array | null | undefined) =>
  (a ?? null) === null ? (b ?? null) === null : (b ?? null) !== null && sameBytes(a!, b!);

/** Field by field equality of two records (bytes compared, not identity). */
export function sameRecord(a: CtlRecord, b: CtlRecord): boolean {
  return a.role === b.role && a.dnsName === b.dnsName && a.subject === b.subject && a.issuer === b.issuer
    && sameBytes(a.serial, b.serial) && sameOptional(a.publicKey, b.publicKey) && sameOptional(a.signature, b.signature)
    && sameOptional(a.certificate, b.certificate) && a.ipAddress === b.ipAddress
    && sameOptional(a.certificateHash, b.certificateHash) && (a.recordHashAlgorithm ?? null) === (b.recordHashAlgorithm ?? null);
}

export function encodeRecord(record: CtlRecord, index: number): Uint8Array {
  const original = originalRecordBytes(record);
  if (original) return original;
  const at = (field: string): string => `records[${index}].${field}`;
  const code = roleCode(record.role);
  if (code === undefined) throw new CtlEncodeError(at('role'), `unknown role ${String(record.role)}`);
  if (record.serial.length === 0) throw new CtlEncodeError(at('serial'), 'is empty');
  const fields = new TlvWriter()
    .string(R.DNS_NAME, record.dnsName, at('dnsName'))
    .string(R.SUBJECT_NAME, record.subject, at('subject'))
    .u16(R.FUNCTION, code)
    .string(R.ISSUER_NAME, record.issuer, at('issuer'))
    .tlv(R.SERIAL_NUMBER, record.serial, at('serial'));
  if (record.publicKey) fields.tlv(R.PUBLIC_KEY, record.publicKey, at('publicKey'));
  if (record.signature) fields.tlv(R.SIGNATURE, record.signature, at('signature'));
  if (record.certificate) fields.tlv(R.CERTIFICATE, record.certificate, at('certificate'));
  if (record.ipAddress !== null) {
    const ip = ipv4ToBytes(record.ipAddress);
    if (!ip) throw new CtlEncodeError(at('ipAddress'), `"${record.ipAddress}" is not a dotted IPv4 address`);
    fields.tlv(R.IP_ADDRESS, ip, at('ipAddress'));
  }
  if (record.certificateHash) fields.tlv(R.CERTIFICATE_HASH, record.certificateHash, at('certificateHash'));
  if (record.recordHashAlgorithm !== undefined && record.recordHashAlgorithm !== null) {
    const h = record.recordHashAlgorithm;
    if (!Number.isInteger(h) || h < 0 || h > 255) throw new CtlEncodeError(at('recordHashAlgorithm'), 'must be a byte');
    fields.u8(R.HASH_ALGORITHM, h);
  }
  const total = 5 + fields.length;
  if (total > 0xffff) throw new CtlEncodeError(`records[${index}]`, `record of ${total} bytes exceeds 65535`);
  return new TlvWriter().u16(R.RECORD_LENGTH, total).raw(fields.toBytes()).toBytes();
}

const KNOWN_FIELDS: ReadonlySet<number> = new Set(Object.values(R).filter((t) => t !== R.RECORD_LENGTH));

function decodeRecord(bytes: Uint8Array, start: number, index: number): { record: CtlRecord; end: number } {
  const name = REGION.record(index);
  const head = new TlvReader(bytes, start, bytes.length, REGION.file);
  const lengthTlv = head.readTlv((tag) => {
    if (tag !== R.RECORD_LENGTH) throw new CtlFormatError(start, 'decode.record-start', { region: name, tag });
  });
  const length = readU16(bytes, lengthTlv, 'RECORD_LENGTH');
  if (length < 5) throw new CtlFormatError(start, 'decode.record-short', { region: name, length });
  if (length > bytes.length - start) {
    throw new CtlFormatError(start, 'decode.record-past-end', { region: name, length, left: bytes.length - start });
  }
  const end = start + length;
  const reader = new TlvReader(bytes, lengthTlv.end, end, name);
  const fields = new Map<number, Tlv>();
  while (!reader.atEnd()) {
    const tlv = reader.readTlv((tag, offset) => {
      if (!KNOWN_FIELDS.has(tag)) throw new CtlFormatError(offset, 'decode.field-unknown', { region: name, tag });
    });
    if (fields.has(tlv.tag)) throw new CtlFormatError(tlv.offset, 'decode.field-repeats', { region: name, tag: tlv.tag });
    fields.set(tlv.tag, tlv);
  }
  const required = (tag: number, what: string): Tlv => {
    const tlv = fields.get(tag);
    if (!tlv) throw new CtlFormatError(start, 'decode.field-missing', { region: name, field: what, tag });
    return tlv;
  };
  const optional = (tag: number): Uint8Array | null => {
    const tlv = fields.get(tag);
    return tlv ? valueBytes(bytes, tlv) : null;
  };
  const functionTlv = required(R.FUNCTION, 'FUNCTION');
  const code = readU16(bytes, functionTlv, 'FUNCTION');
  // An unknown FUNCTION value is kept as `unknown (N)`: the record is carried, not refused.
  const role = roleFromCode(code);
  const ipTlv = fields.get(R.IP_ADDRESS);
  if (ipTlv) expectLength(ipTlv, 4, 'IP_ADDRESS');
  const hashTlv = fields.get(R.HASH_ALGORITHM);
  const record: CtlRecord = {
    role,
    // Optional when reading: ITL files in the field carry records without DNS_NAME.
    dnsName: fields.has(R.DNS_NAME) ? readString(bytes, fields.get(R.DNS_NAME) as Tlv, 'DNS_NAME') : '',
    subject: readString(bytes, required(R.SUBJECT_NAME, 'SUBJECT_NAME'), 'SUBJECT_NAME'),
    issuer: readString(bytes, required(R.ISSUER_NAME, 'ISSUER_NAME'), 'ISSUER_NAME'),
    serial: readSerial(bytes, required(R.SERIAL_NUMBER, 'SERIAL_NUMBER'), 'SERIAL_NUMBER'),
    publicKey: optional(R.PUBLIC_KEY),
    signature: optional(R.SIGNATURE),
    certificate: optional(R.CERTIFICATE),
    ipAddress: ipTlv ? ipv4FromBytes(bytes.subarray(ipTlv.valueOffset, ipTlv.end)) : null,
    certificateHash: optional(R.CERTIFICATE_HASH),
    recordHashAlgorithm: hashTlv ? readU8(bytes, hashTlv, 'HASH_ALGORITHM') : null,
  };
  origins.set(record, bytes.subarray(start, end));
  return { record, end };
}

/** Decodes records from `start` to the end of the file; each advances by at least 5 bytes. */
export function decodeRecords(bytes: Uint8Array, start: number): CtlRecord[] {
  const records: CtlRecord[] = [];
  let at = start;
  while (at < bytes.length) {
    const { record, end } = decodeRecord(bytes, at, records.length);
    records.push(record);
    at = end;
  }
  return records;
}
