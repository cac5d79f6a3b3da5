// Builds TLV bytes. Lengths are checked against the 16-bit length field here, so the
// encoder can never silently truncate a field.
import { CtlEncodeError } from './errors';

const utf8 = new TextEncoder();

export class TlvWriter {
  private chunks: Uint8Array[] = [];
  private size = 0;

  get length(): number {
    return this.size;
  }

  raw(bytes: Uint8Array): this {
    this.chunks.push(bytes);
    this.size += bytes.length;
    return this;
  }

  tlv(tag: number, value: Uint8Array, field: string): this {
    if (value.length > 0xffff) {
      throw new CtlEncodeError(field, `value of ${value.length} bytes does not fit a 16-bit length`);
    }
    this.raw(Uint8Array.of(tag, value.length >> 8, value.length & 0xff));
    return this.raw(value);
  }

  u8(tag: number, value: number): this {
    return this.raw(Uint8Array.of(tag, 0, 1, value & 0xff));
  }

  u16(tag: number, value: number): this {
    return this.raw(Uint8Array.of(tag, 0, 2, (value >> 8) & 0xff, value & 0xff));
  }

  u32(tag: number, value: number): this {
    return this.raw(Uint8Array.of(tag, 0, 4, (value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff));
  }

  string(tag: number, value: string, field: string): this {
    return this.tlv(tag, nulTerminated(value, field), field);
  }

  toBytes(): Uint8Array {
    const out = new Uint8Array(this.size);
    let at = 0;
    for (const chunk of this.chunks) {
      out.set(chunk, at);
      at += chunk.length;
    }
    return out;
  }
}

export function nulTerminated(value: string, field: string): Uint8Array {
  if (value.includes('\0')) throw new CtlEncodeError(field, 'contains a NUL character');
  const body = utf8.encode(value);
  const out = new Uint8Array(body.length + 1);
  out.set(body);
  return out;
}
