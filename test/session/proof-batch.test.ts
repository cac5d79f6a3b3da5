// proveAll: one token signature per batch of at most MAX_PROOF_BINDINGS targets; each target
// gets the batch that lists its own binding; a target without a binding keeps its own
// error while the others are proven; a failed signature fails every target.
import { describe, expect, it } from 'vitest';
import { MAX_PROOF_BINDINGS, proofBatchMessage } from '../../shared/provider-protocol';
import { PROVIDER_PROOF_BATCH } from '../../electron/session/adapters/provider';
import { proveAll } from '../../electron/session/proof';
import type { BatchProof, ProofSigner, ProviderSession } from '../../electron/session/ports';

/** A target that hands out a distinct binding and records the proof it was sent. */
function target(n: number, failBinding = false): { session: ProviderSession; binding: Uint8Array; proofs: BatchProof[] } {
  const binding = new Uint8Array(32);
  new DataView(binding.buffer).setUint32(0, n + 1);
  const proofs: BatchProof[] = [];
  const session = {
    host: `node-${n}`,
    proofBinding: async () => {
      if (failBinding) throw new Error(`node-${n} refused a challenge`);
      return binding;
    },
    proveBatch: async (proof: BatchProof) => { proofs.push(proof); },
  } as unknown as ProviderSession;
  return { session, binding, proofs };
}

function signer(fail = false): ProofSigner & { signed: Uint8Array[] } {
  const signed: Uint8Array[] = [];
  return {
    certificate: new Uint8Array([0x30]), hash: 'sha256', signed,
    sign: async (message) => {
      if (fail) throw new Error('token removed');
      signed.push(message);
      return new Uint8Array([signed.length]);
    },
  };
}

const listsOwn = (t: ReturnType<typeof target>) => t.proofs[0]!.bindings.some((b) => Buffer.from(b).equals(Buffer.from(t.binding)));

describe('proveAll', () => {
  it('signs once for a cluster, and once per batch beyond the protocol limit', async () => {
    const small = Array.from({ length: 3 }, (_, i) => target(i));
    const s1 = signer();
    const r1 = await proveAll(small.map((t) => t.session), s1, 8, PROVIDER_PROOF_BATCH);
    expect(r1.every((r) => r.ok)).toBe(true);
    expect(s1.signed).toHaveLength(1);
    expect(s1.signed[0]).toEqual(proofBatchMessage(small.map((t) => t.binding)));
    for (const t of small) expect(listsOwn(t)).toBe(true);

    const many = Array.from({ length: MAX_PROOF_BINDINGS + 3 }, (_, i) => target(i));
    const s2 = signer();
    const r2 = await proveAll(many.map((t) => t.session), s2, 64, PROVIDER_PROOF_BATCH);
    expect(r2.every((r) => r.ok)).toBe(true);
    expect(s2.signed).toHaveLength(2);
    for (const t of many) {
      expect(t.proofs[0]!.bindings.length).toBeLessThanOrEqual(MAX_PROOF_BINDINGS);
      expect(listsOwn(t)).toBe(true);
    }
  });

  it('keeps a target\'s own failure and proves the others; a failed signature fails them all', async () => {
    const ts = [target(0), target(1, true), target(2)];
    const r = await proveAll(ts.map((t) => t.session), signer(), 8, PROVIDER_PROOF_BATCH);
    expect(r.map((x) => x.ok)).toEqual([true, false, true]);
    expect(String((r[1] as { error: unknown }).error)).toMatch(/node-1 refused a challenge/);
    expect(ts[0]!.proofs[0]!.bindings).toHaveLength(2);

    const again = [target(0), target(1)];
    const failed = await proveAll(again.map((t) => t.session), signer(true), 8, PROVIDER_PROOF_BATCH);
    expect(failed.every((x) => !x.ok && /token removed/.test(String(x.error)))).toBe(true);
    expect(again.every((t) => t.proofs.length === 0)).toBe(true);
  });
});
