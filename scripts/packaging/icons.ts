// Reads the pixel sizes stored in PNG, ICO and ICNS files, so the config check can prove the
// icons electron-builder will embed are real images of the sizes each OS asks for (a renamed
// or truncated file would otherwise only fail on the packaging machine).

const PNG_SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);

export class IconFormatError extends Error {}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  return prefix.every((b, i) => bytes[i] === b);
}

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Width and height from a PNG's IHDR chunk. */
export function pngSize(bytes: Uint8Array): { width: number; height: number } {
  if (!startsWith(bytes, PNG_SIGNATURE)) throw new IconFormatError('not a PNG (bad signature)');
  if (bytes.length < 24) throw new IconFormatError('PNG too short for an IHDR chunk');
  const type = String.fromCharCode(...bytes.subarray(12, 16));
  if (type !== 'IHDR') throw new IconFormatError(`PNG first chunk is ${type}, expected IHDR`);
  const dv = view(bytes);
  return { width: dv.getUint32(16), height: dv.getUint32(20) };
}

/** Square sizes listed in an ICO directory (0 in the directory means 256). */
export function icoSizes(bytes: Uint8Array): number[] {
  if (bytes.length < 6) throw new IconFormatError('ICO too short for a header');
  const dv = view(bytes);
  if (dv.getUint16(0, true) !== 0 || dv.getUint16(2, true) !== 1) throw new IconFormatError('not an ICO (bad header)');
  const count = dv.getUint16(4, true);
  if (bytes.length < 6 + count * 16) throw new IconFormatError(`ICO directory claims ${count} images but the file is too short`);
  const sizes: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const entry = 6 + i * 16;
    const width = bytes[entry] === 0 ? 256 : (bytes[entry] ?? 0);
    const height = bytes[entry + 1] === 0 ? 256 : (bytes[entry + 1] ?? 0);
    const length = dv.getUint32(entry + 8, true);
    const offset = dv.getUint32(entry + 12, true);
    if (offset + length > bytes.length) throw new IconFormatError(`ICO image ${i} runs past the end of the file`);
    if (width !== height) throw new IconFormatError(`ICO image ${i} is not square (${width}x${height})`);
    sizes.push(width);
  }
  return sizes;
}

// Element types that carry a full-colour image, with their pixel size (Apple's icns format).
const ICNS_TYPES: Readonly<Record<string, number>> = {
  is32: 16, icp4: 16, ic11: 32, il32: 32, icp5: 32, ih32: 48, it32: 128, ic07: 128,
  ic12: 64, ic08: 256, ic13: 256, ic09: 512, ic14: 512, ic10: 1024,
};

/** Pixel sizes of the colour images in an ICNS file. */
export function icnsSizes(bytes: Uint8Array): number[] {
  if (bytes.length < 8 || String.fromCharCode(...bytes.subarray(0, 4)) !== 'icns') {
    throw new IconFormatError('not an ICNS (bad magic)');
  }
  const dv = view(bytes);
  const total = dv.getUint32(4);
  if (total !== bytes.length) throw new IconFormatError(`ICNS header says ${total} bytes, file has ${bytes.length}`);
  const sizes = new Set<number>();
  let offset = 8;
  // Each element is at least 8 bytes long, so this loop ends within total / 8 rounds.
  while (offset < total) {
    if (offset + 8 > total) throw new IconFormatError(`ICNS element header at ${offset} runs past the end`);
    const type = String.fromCharCode(...bytes.subarray(offset, offset + 4));
    const length = dv.getUint32(offset + 4);
    if (length < 8 || offset + length > total) throw new IconFormatError(`ICNS element ${type} has a bad length ${length}`);
    const size = ICNS_TYPES[type];
    if (size !== undefined) sizes.add(size);
    offset += length;
  }
  return [...sizes].sort((a, b) => a - b);
}
