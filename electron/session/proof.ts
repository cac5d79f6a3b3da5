// Token possession proofs to many providers with one token signature: each provider gives a
// challenge bound to its TLS session, the token signs the list of those bindings once, and
// each provider checks that its own binding is listed and the signature verifies. The token
// signs once per proof (once per `format.maxBindings` targets), not once per node: its
// signatures run one after another, so a signature per node would add up along the critical
// path of a large cluster. The bytes signed are the provider port's (ProofBatchFormat): this
// module handles bindings, certificates and signatures, never the wire format.
import { mapLimit, type Settled } from './pool';
import type { BatchProof, ProofBatchFormat, ProofSigner, ProviderSession } from './ports';

/** Proves `signer`'s token to every session; one settled result per session, in order. */
export async function proveAll(sessions: readonly ProviderSession[], signer: ProofSigner, limit: number, format: ProofBatchFormat): Promise<Settled<void>[]> {
  const bindings = await mapLimit(sessions, limit, (s) => s.proofBinding());
  // Sessions that gave a binding, in batches of at most what one proof may list (one signature each).
  const given = sessions.flatMap((_, i) => (bindings[i]!.ok ? [i] : []));
  const batchOf = new Map<number, BatchProof>();
  for (let start = 0; start < given.length; start += format.maxBindings) {
    const members = given.slice(start, start + format.maxBindings);
    const listed = members.map((i) => (bindings[i] as { ok: true; value: Uint8Array }).value);
    let signature: Uint8Array;
    try {
      signature = await signer.sign(format.message(listed));
    } catch (error) {
      return sessions.map((_, i) => (bindings[i]!.ok ? { ok: false, error } : bindings[i] as Settled<void>));
    }
    const proof = { certificate: signer.certificate, hash: signer.hash, bindings: listed, signature };
    for (const i of members) batchOf.set(i, proof);
  }
  return mapLimit(sessions, limit, async (session, i) => {
    const binding = bindings[i]!;
    if (!binding.ok) throw binding.error;
    await session.proveBatch(batchOf.get(i)!);
  });
}

/** Proves `signer`'s token to one session (a target added or asking after the proof); throws its failure. */
export async function proveOne(session: ProviderSession, signer: ProofSigner, format: ProofBatchFormat): Promise<void> {
  const [result] = await proveAll([session], signer, 1, format);
  if (!result?.ok) throw result?.error;
}
