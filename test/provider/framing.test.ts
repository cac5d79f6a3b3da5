// Property tests of the shared frame codec: any chunking yields the same frames,
// and declared lengths over the limits are refused before data is buffered.
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { FrameDecoder, FrameError, encodeFrame, concatBytes } from '../../shared/provider-protocol';

const jsonValue = fc.dictionary(fc.string({ maxLength: 8 }).filter((k) => k !== 'bodyLength' && k !== '__proto__'), fc.oneof(fc.string(), fc.integer(), fc.boolean()), { maxKeys: 5 });

describe('framing', () => {
  it('round-trips frames split at arbitrary points', () => {
    fc.assert(fc.property(
      fc.array(fc.tuple(jsonValue, fc.uint8Array({ maxLength: 300 })), { minLength: 1, maxLength: 5 }),
      fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 20 }),
      (messages, cuts) => {
        const wire = concatBytes(...messages.map(([h, b]) => encodeFrame(h, b)));
        const decoder = new FrameDecoder();
        const out = [];
        let at = 0;
        for (let i = 0; at < wire.length; i++) {
          const n = cuts[i % cuts.length]!;
          out.push(...decoder.push(wire.subarray(at, at + n)));
          at += n;
        }
        expect(out).toHaveLength(messages.length);
        out.forEach((f, i) => {
          const [h, b] = messages[i]!;
          expect(f.body).toEqual(b);
          expect(f.header).toEqual(b.length > 0 ? { ...h, bodyLength: b.length } : h);
        });
        expect(decoder.bufferedBytes).toBe(0);
      }));
  });

  it('refuses random garbage with FrameError, never another exception', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 4, maxLength: 200 }), (bytes) => {
      const decoder = new FrameDecoder({ maxHeaderBytes: 100, maxBodyBytes: 100 });
      try {
        decoder.push(bytes);
      } catch (err) {
        expect(err).toBeInstanceOf(FrameError);
      }
    }));
  });

  it('refuses a header length over the limit from the first four bytes', () => {
    const decoder = new FrameDecoder({ maxHeaderBytes: 16 });
    expect(() => decoder.push(new Uint8Array([0, 0, 0, 17]))).toThrow(/exceeds 16/);
  });

  it('refuses a negative, fractional or oversized bodyLength', () => {
    for (const bodyLength of [-1, 1.5, '3', 101]) {
      const json = new TextEncoder().encode(JSON.stringify({ bodyLength }));
      const frame = concatBytes(new Uint8Array([0, 0, 0, json.length]), json);
      expect(() => new FrameDecoder({ maxBodyBytes: 100 }).push(frame)).toThrow(FrameError);
    }
  });
});
