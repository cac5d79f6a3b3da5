// Minimal, bounded DER reading and writing: just enough to move public keys between
// SubjectPublicKeyInfo, PKCS#1 RSAPublicKey and the CTL's PUBLIC_KEY field without a
// full ASN.1 parse on the verification path. Bad input throws DerError, never over-reads.

export class DerError extends Error {
  override readonly name = 'DerError';
}

export interface DerNode {
  tag: number;
  offset: number;
  valueOffset: number;
  end: number;
}

export function readDer(bytes: Uint8Array, offset: number, limit: number = bytes.length): DerNode {
  if (offset + 2 > limit) throw new DerError(`DER truncated at ${offset}`);
  const tag = bytes[offset] as number;
  if ((tag & 0x1f) === 0x1f) throw new DerError(`multi-byte DER tag at ${offset}`);
  let length = bytes[offset + 1] as number;
  let valueOffset = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || valueOffset + count > limit) throw new DerError(`bad DER length at ${offset}`);
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + (bytes[valueOffset + i] as number);
    valueOffset += count;
  }
  if (length > limit - valueOffset) throw new DerError(`DER value at ${offset} runs past its container`);
  return { tag, offset, valueOffset, end: valueOffset + length };
}

/** The children of a constructed node, in order. */
export function derChildren(bytes: Uint8Array, node: DerNode): DerNode[] {
  const out: DerNode[] = [];
  let at = node.valueOffset;
  while (at < node.end) {
    const child = readDer(bytes, at, node.end);
    out.push(child);
    at = child.end;
  }
  return out;
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const out: number[] = [];
  for (let n = length; n > 0; n = Math.floor(n / 256)) out.unshift(n & 0xff);
  return [0x80 | out.length, ...out];
}

export function derEncode(tag: number, value: Uint8Array): Uint8Array {
  const head = [tag, ...derLength(value.length)];
  const out = new Uint8Array(head.length + value.length);
  out.set(head);
  out.set(value, head.length);
  return out;
}

