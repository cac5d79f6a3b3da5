// A plain, seeded byte mutator for the fuzzers: every run with the same seed makes the
// same inputs, so a finding can be replayed from the seed and the input index.

/** xorshift128+: fast and good enough to pick mutations; not for anything secret. */
export class Rng {
  private a: bigint;
  private b: bigint;

  constructor(seed: number) {
    this.a = BigInt(seed >>> 0) * 0x9e3779b97f4a7c15n + 1n;
    this.b = BigInt.asUintN(64, this.a * 0xbf58476d1ce4e5b9n + 7n);
    for (let i = 0; i < 8; i++) this.next32();
  }

  next32(): number {
    let s1 = this.a;
    const s0 = this.b;
    this.a = s0;
    s1 = BigInt.asUintN(64, s1 ^ (s1 << 23n));
    this.b = s1 ^ s0 ^ (s1 >> 17n) ^ (s0 >> 26n);
    return Number(BigInt.asUintN(32, this.b + s0));
  }

  /** 0 … n-1 */
  int(n: number): number {
    return n <= 1 ? 0 : this.next32() % n;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)] as T;
  }

  bytes(n: number): Uint8Array {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) out[i] = this.next32() & 0xff;
    return out;
  }
}

export type Mutation = 'bit-flip' | 'truncate' | 'length-edit' | 'tag-swap' | 'splice' | 'random' | 'insert' | 'delete';
export const MUTATIONS: readonly Mutation[] = ['bit-flip', 'truncate', 'length-edit', 'tag-swap', 'splice', 'random', 'insert', 'delete'];

/** Values that sit on the edges of length checks. */
function edgeLength(rng: Rng, around: number): number {
  return rng.pick([0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0x7fff, 0x8000, 0xffff, around - 1, around, around + 1, rng.int(0x10000)]) & 0xffff;
}

/**
 * One mutation of `input` (other seeds give splices their second half). `tags` are byte
 * values worth writing where a tag was (the format's own tags), so swaps stay plausible.
 */
export function mutate(rng: Rng, input: Uint8Array, kind: Mutation, others: readonly Uint8Array[], tags: readonly number[]): Uint8Array {
  const n = input.length;
  const at = rng.int(Math.max(1, n));
  switch (kind) {
    case 'bit-flip': {
      const out = input.slice();
      for (let i = 1 + rng.int(8); i > 0 && n > 0; i--) {
        const p = rng.int(n);
        out[p] = (out[p] as number) ^ (1 << rng.int(8));
      }
      return out;
    }
    case 'truncate':
      return input.slice(0, rng.int(n + 1));
    case 'length-edit': {
      // CTL lengths are 16-bit big-endian after a one-byte tag; any two bytes may be one.
      const out = input.slice();
      if (n < 2) return out;
      const p = rng.int(n - 1);
      const v = edgeLength(rng, ((out[p] as number) << 8) | (out[p + 1] as number));
      out[p] = v >> 8;
      out[p + 1] = v & 0xff;
      return out;
    }
    case 'tag-swap': {
      const out = input.slice();
      if (n === 0) return out;
      if (rng.int(2) === 0) out[at] = rng.pick(tags);
      else {
        const q = rng.int(n);
        [out[at], out[q]] = [out[q] as number, out[at] as number];
      }
      return out;
    }
    case 'splice': {
      const other = rng.pick(others);
      const out = new Uint8Array(at + other.length - Math.min(other.length, rng.int(other.length + 1)));
      out.set(input.subarray(0, at));
      out.set(other.subarray(other.length - (out.length - at)), at);
      return out;
    }
    case 'random':
      return rng.bytes(rng.int(rng.int(4) === 0 ? 8 : 4096));
    case 'insert': {
      const extra = rng.int(4) === 0 ? input.subarray(at, at + 1 + rng.int(64)) : rng.bytes(1 + rng.int(16));
      const out = new Uint8Array(n + extra.length);
      out.set(input.subarray(0, at));
      out.set(extra, at);
      out.set(input.subarray(at), at + extra.length);
      return out;
    }
    case 'delete': {
      const len = Math.min(n - at, 1 + rng.int(32));
      const out = new Uint8Array(n - len);
      out.set(input.subarray(0, at));
      out.set(input.subarray(at + len), at);
      return out;
    }
  }
}
