// Hex and digest helpers for display (fingerprints, serials) through WebCrypto.

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** Serial number as lowercase hex without separators (the model's bytes, as stored). */
export function hexSerial(bytes: Uint8Array): string {
  return toHex(bytes);
}

/** A serial as people read it, in the app, the inspector and the terminal alike: uppercase hex. */
export function displaySerial(bytesOrHex: Uint8Array | string): string {
  return (typeof bytesOrHex === 'string' ? bytesOrHex : toHex(bytesOrHex)).toUpperCase();
}

/** Minimal big-endian bytes of a serial given as hex: leading zero (sign) bytes stripped. */
export function serialFromHex(hex: string): Uint8Array {
  const clean = hex.replace(/[\s:]/g, '');
  if (!/^[0-9a-fA-F]+$/.test(clean)) throw new Error(`"${hex}" is not a hex serial`);
  const even = clean.length % 2 ? `0${clean}` : clean;
  const bytes = Uint8Array.from(even.match(/../g) ?? [], (h) => parseInt(h, 16));
  return minimalSerial(bytes);
}

export function minimalSerial(bytes: Uint8Array): Uint8Array {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  return bytes.slice(start);
}

/** Serials compare equal when they differ only in leading zero bytes. */
export function sameSerial(a: Uint8Array, b: Uint8Array): boolean {
  const x = minimalSerial(a);
  const y = minimalSerial(b);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

async function digest(name: string, bytes: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await globalThis.crypto.subtle.digest(name, bytes as Uint8Array<ArrayBuffer>));
}


export async function sha1Bytes(bytes: Uint8Array): Promise<Uint8Array> {
  return digest('SHA-1', bytes);
}

/** SHA-256 fingerprint of a certificate DER, the usual display: `AB:CD:…` uppercase. */
export async function fingerprintSha256(der: Uint8Array): Promise<string> {
  const hex = toHex(await digest('SHA-256', der));
  return (hex.match(/../g) ?? []).join(':').toUpperCase();
}
