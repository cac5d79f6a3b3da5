// A bounded cursor over TLV bytes. Every read is checked against the end of the enclosing
// region (file, header, container or record) before it happens, so the decoder can never
// read past the end, and every failure is a CtlFormatError naming the byte offset.
import type { Message } from '../session/messages';
import { CtlFormatError } from './errors';

export interface Tlv {
  tag: number;
  /** Offset of the tag byte. */
  offset: number;
  /** Offset of the first value byte. */
  valueOffset: number;
  length: number;
  /** Offset just past the value. */
  end: number;
}

// ignoreBOM: a leading U+FEFF is part of the name (names are carried byte for byte).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

export class TlvReader {
  readonly bytes: Uint8Array;
  pos: number;
  readonly end: number;
  /** Names the region in error messages, e.g. "the header" or "record 3" (REGION). */
  readonly region: Message;

  constructor(bytes: Uint8Array, start: number, end: number, region: Message) {
    this.bytes = bytes;
    this.pos = start;
    this.end = end;
    this.region = region;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  peekByte(): number {
    if (this.pos >= this.end) throw new CtlFormatError(this.pos, 'decode.ends-unexpectedly', { region: this.region });
    return this.bytes[this.pos] as number;
  }

  /** Consumes one standalone byte (the header PADDING tag has no length). */
  skipByte(): void {
    this.peekByte();
    this.pos += 1;
  }

  /**
   * Reads tag and length and checks that the value fits inside the region; advances past it.
   * `checkTag` (throwing) sees the tag before the length is read: in random bytes an
   * unexpected tag explains the problem, a length "running past the end" only hides it.
   */
  readTlv(checkTag?: (tag: number, offset: number) => void): Tlv {
    const offset = this.pos;
    checkTag?.(this.peekByte(), offset);
    const left = this.end - offset;
    if (left < 3) {
      throw new CtlFormatError(offset, 'decode.truncated-tlv', { region: this.region, left });
    }
    const tag = this.bytes[offset] as number;
    const length = ((this.bytes[offset + 1] as number) << 8) | (this.bytes[offset + 2] as number);
    const valueOffset = offset + 3;
    if (length > this.end - valueOffset) {
      throw new CtlFormatError(offset, 'decode.tlv-past-end', { tag, length, region: this.region, left: this.end - valueOffset });
    }
    this.pos = valueOffset + length;
    return { tag, offset, valueOffset, length, end: this.pos };
  }
}

export function expectLength(tlv: Tlv, expected: number, what: string): void {
  if (tlv.length !== expected) {
    throw new CtlFormatError(tlv.offset, 'decode.length-mismatch', { field: what, tag: tlv.tag, length: tlv.length, expected });
  }
}

export function valueBytes(bytes: Uint8Array, tlv: Tlv): Uint8Array {
  // A view: decodeCtl decodes its own copy of the file.
  return bytes.subarray(tlv.valueOffset, tlv.end);
}

export function readU8(bytes: Uint8Array, tlv: Tlv, what: string): number {
  expectLength(tlv, 1, what);
  return bytes[tlv.valueOffset] as number;
}

export function readU16(bytes: Uint8Array, tlv: Tlv, what: string): number {
  expectLength(tlv, 2, what);
  return ((bytes[tlv.valueOffset] as number) << 8) | (bytes[tlv.valueOffset + 1] as number);
}

export function readU32(bytes: Uint8Array, tlv: Tlv, what: string): number {
  expectLength(tlv, 4, what);
  const v = tlv.valueOffset;
  return (
    (bytes[v] as number) * 0x1000000 +
    (((bytes[v + 1] as number) << 16) | ((bytes[v + 2] as number) << 8) | (bytes[v + 3] as number))
  );
}

/** A NUL-terminated UTF-8 string whose length counts the NUL; no NUL inside. */
export function readString(bytes: Uint8Array, tlv: Tlv, what: string): string {
  if (tlv.length === 0 || bytes[tlv.end - 1] !== 0) {
    throw new CtlFormatError(tlv.offset, 'decode.not-nul-terminated', { field: what, tag: tlv.tag });
  }
  const body = bytes.subarray(tlv.valueOffset, tlv.end - 1);
  const nul = body.indexOf(0);
  if (nul !== -1) {
    throw new CtlFormatError(tlv.valueOffset + nul, 'decode.nul-inside', { field: what, tag: tlv.tag });
  }
  try {
    return utf8.decode(body);
  } catch {
    throw new CtlFormatError(tlv.valueOffset, 'decode.not-utf8', { field: what, tag: tlv.tag });
  }
}

/** Serial numbers: at least one byte. */
export function readSerial(bytes: Uint8Array, tlv: Tlv, what: string): Uint8Array {
  if (tlv.length === 0) throw new CtlFormatError(tlv.offset, 'decode.empty', { field: what, tag: tlv.tag });
  return valueBytes(bytes, tlv);
}
