// The icon readers decide whether the committed icons are real; they must read the generated
// files exactly and reject anything malformed with IconFormatError, never crash or misread.
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IconFormatError, icnsSizes, icoSizes, pngSize } from '../../scripts/packaging/icons';

const BUILD = resolve(import.meta.dirname, '../../build');
const bytesOf = async (name: string): Promise<Uint8Array> => new Uint8Array(await readFile(join(BUILD, name)));

function strictOrFormatError(read: (b: Uint8Array) => unknown, bytes: Uint8Array): void {
  try {
    read(bytes);
  } catch (error) {
    if (!(error instanceof IconFormatError)) throw error;
  }
}

describe('icon readers on the committed icons', () => {
  it('reads the PNG set at the sizes in their names', async () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512, 1024]) {
      expect(pngSize(await bytesOf(`icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
    }
  });

  it('reads every image in the Windows icon', async () => {
    expect(icoSizes(await bytesOf('icon.ico'))).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });

  it('reads every colour image in the macOS icon', async () => {
    expect(icnsSizes(await bytesOf('icon.icns'))).toEqual([16, 32, 48, 128, 256, 512, 1024]);
  });
});

describe('icon readers on malformed input', () => {
  it('reject a PNG with a wrong signature or a missing IHDR', async () => {
    const png = await bytesOf('icons/16x16.png');
    const badSig = png.slice();
    badSig[1] = 0x51;
    expect(() => pngSize(badSig)).toThrow('not a PNG');
    const badChunk = png.slice();
    badChunk[12] = 0x58;
    expect(() => pngSize(badChunk)).toThrow('expected IHDR');
  });

  it('reject an ICO whose directory points past the end', async () => {
    const ico = await bytesOf('icon.ico');
    expect(() => icoSizes(ico.subarray(0, ico.length - 1))).toThrow(IconFormatError);
  });

  it('reject an ICNS whose header length disagrees with the file', async () => {
    const icns = await bytesOf('icon.icns');
    expect(() => icnsSizes(icns.subarray(0, icns.length - 4))).toThrow('ICNS header says');
  });

  it('never throw anything but IconFormatError on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
        strictOrFormatError(pngSize, bytes);
        strictOrFormatError(icoSizes, bytes);
        strictOrFormatError(icnsSizes, bytes);
      }),
      { numRuns: 500 },
    );
  });

  it('never throw anything but IconFormatError on corrupted real icons', async () => {
    const originals = [await bytesOf('icons/32x32.png'), await bytesOf('icon.ico'), await bytesOf('icon.icns')];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 8 }),
        fc.nat(),
        (which, flips, cut) => {
          const original = originals[which] ?? new Uint8Array();
          const bytes = original.slice(0, Math.max(8, original.length - (cut % 64)));
          for (const [at, value] of flips) bytes[at % Math.min(64, bytes.length)] = value;
          strictOrFormatError(pngSize, bytes);
          strictOrFormatError(icoSizes, bytes);
          strictOrFormatError(icnsSizes, bytes);
        },
      ),
      { numRuns: 300 },
    );
  });
});
