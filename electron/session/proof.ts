// Token possession proofs to many providers with one token signature: each provider gives a
// challenge bound to its TLS session, the token signs the list of those bindings once, and
// each provider checks that its own binding is listed and the signature verifies. The token
// signs once per proof, not once per node: its signatures run one after another, so a
// signature per node would add up along the critical path of a large cluster.
import { proofBatchMessage } from '../../shared/provider-protocol';
import { mapLimit, type Settled } from './pool';
import type { ProofSigner, ProviderSession } from './ports';

/** Proves `signer`'s token to every session; one settled result per session, in order. */
export async function proveAll(sessions: readonly ProviderSession[], signer: ProofSigner, limit: number): Promise<Settled<void>[]> {
  const bindings = await mapLimit(sessions, limit, (s) => s.proofBinding());
  const listed = bindings.flatMap((b) => (b.ok ? [b.value] : []));
  if (listed.length === 0) return bindings.map((b) => (b.ok ? { ok: false, error: new Error('no binding') } : b));
  let signature: Uint8Array;
  try {
    signature = await signer.sign(proofBatchMessage(listed));
  } catch (error) {
    return sessions.map(() => ({ ok: false, error }));
  }
  const proof = { certificate: signer.certificate, hash: signer.hash, bindings: listed, signature };
  return mapLimit(sessions, limit, async (session, i) => {
    const binding = bindings[i]!;
    if (!binding.ok) throw binding.error;
    await session.proveBatch(proof);
  });
}

/** Proves `signer`'s token to one session (a target added or asking after the proof); throws its failure. */
export async function proveOne(session: ProviderSession, signer: ProofSigner): Promise<void> {
  const [result] = await proveAll([session], signer, 1);
  if (!result?.ok) throw result?.error;
}
