// Strict decoder: bytes in, model out, or a CtlFormatError naming the offset and reason.
// It parses no X.509 (certificates stay DER bytes), which keeps it fast and lets it read
// stripped (non-secure) files and ITL files with the same code.
import { decodeHeader } from './header';
import type { CtlFile } from './model';
import { decodeRecords } from './records';

export function decodeCtl(input: Uint8Array): CtlFile {
  // One copy of the whole file, whose views the model's byte fields are (valueBytes): the model
  // never aliases the caller's buffer, and a 64-entry file costs one allocation instead of about
  // 250 small ones, which were most of a decode's time.
  const bytes = input.slice();
  const header = decodeHeader(bytes);
  return { ...header, records: decodeRecords(bytes, header.headerLength) };
}

/** The bytes the signature covers: the whole file with the SIGNATURE TLV cut out. */
export function signedBytes(bytes: Uint8Array, signatureTlv: { offset: number; length: number }): Uint8Array {
  const out = new Uint8Array(bytes.length - signatureTlv.length);
  out.set(bytes.subarray(0, signatureTlv.offset));
  out.set(bytes.subarray(signatureTlv.offset + signatureTlv.length), signatureTlv.offset);
  return out;
}
