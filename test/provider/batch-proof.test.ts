// Batch possession proofs on real loopback providers: one token signature over the bindings
// of several connections (two providers here) passes on each; a batch that does not list a
// connection, a signature over another list, a listed binding of another connection and an
// oversized list are refused.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import tls from 'node:tls';
import { ProviderError, type ProviderSession } from '../../electron/services/provider-client';
import { MAX_PROOF_BINDINGS, proofBatchMessage } from '../../shared/provider-protocol';
import { startTestProvider, admin, makeToken, makeCtl, type TestProvider, type Token } from './fixtures';

let p1: TestProvider, p2: TestProvider;
let t1: Token, t2: Token;

beforeAll(async () => {
  [p1, p2] = await Promise.all([startTestProvider(), startTestProvider()]);
  [t1, t2] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2')]);
  // Both providers hold a CTL listing SAST-1 and SAST-2, so staging needs a proof.
  for (const p of [p1, p2]) {
    const s = await admin(p);
    await s.lock();
    await s.commit((await s.stage(await makeCtl(t1, [t1, t2]), 1, (await s.getCtl()).sha256)).stageId, (await s.getCtl()).sha256);
    await s.close();
  }
});
afterAll(async () => { await Promise.all([p1?.stop(), p2?.stop()]); });

async function expectCode(promise: Promise<unknown>, code: string): Promise<ProviderError> {
  const err = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ProviderError);
  expect((err as ProviderError).code).toBe(code);
  return err as ProviderError;
}

/** A locked session on each provider. */
async function lockedPair(): Promise<[ProviderSession, ProviderSession]> {
  const [a, b] = await Promise.all([admin(p1), admin(p2)]);
  await Promise.all([a.lock(), b.lock()]);
  return [a, b];
}

describe('batch proof', () => {
  it('passes on every connection it lists with one token signature, and then staging is allowed', async () => {
    const [a, b] = await lockedPair();
    const next = await makeCtl(t2, [t1, t2]);
    await expectCode(a.stage(next, 1, (await a.getCtl()).sha256), 'proof-required');
    const bindings = [await a.proofBinding(), await b.proofBinding()];
    let signatures = 0;
    const signature = await t2.sign(proofBatchMessage(bindings), 'sha256').finally(() => { signatures += 1; });
    const [sa, sb] = await Promise.all([a.proveBatch(t2.der, bindings, signature, 'sha256'), b.proveBatch(t2.der, bindings, signature, 'sha256')]);
    expect(signatures).toBe(1);
    expect(sa.subject).toContain('SAST-2');
    expect(sb.subject).toContain('SAST-2');
    await Promise.all([a.stage(next, 1, (await a.getCtl()).sha256), b.stage(next, 1, (await b.getCtl()).sha256)]);
    await Promise.all([a.close(), b.close()]);
  });

  it('is refused by a connection it does not list, and the challenge is then spent', async () => {
    const [a, b] = await lockedPair();
    const onlyA = [await a.proofBinding()];
    await b.proofBinding();
    const signature = await t1.sign(proofBatchMessage(onlyA), 'sha256');
    const err = await expectCode(b.proveBatch(t1.der, onlyA, signature, 'sha256'), 'proof-failed');
    expect(err.message).toMatch(/does not list this connection/);
    // The failed attempt used b's challenge: the same batch with b's binding now needs a new one.
    await expectCode(b.proveBatch(t1.der, onlyA, signature, 'sha256'), 'proof-failed');
    await a.proveBatch(t1.der, onlyA, signature, 'sha256');
    await Promise.all([a.close(), b.close()]);
  });

  it('is refused when the signature covers another list, or the signer is not a SAST of the CTL', async () => {
    const [a, b] = await lockedPair();
    const rogue = await makeToken('ROGUE');
    const bindings = [await a.proofBinding(), await b.proofBinding()];
    // Signed over a's binding alone, sent with both: the signature does not verify.
    const partial = await t1.sign(proofBatchMessage(bindings.slice(0, 1)), 'sha256');
    await expectCode(b.proveBatch(t1.der, bindings, partial, 'sha256'), 'proof-failed');
    const fresh = [bindings[0]!, await b.proofBinding()];
    const byRogue = await rogue.sign(proofBatchMessage(fresh), 'sha256');
    const err = await expectCode(b.proveBatch(rogue.der, fresh, byRogue, 'sha256'), 'proof-failed');
    expect(err.message).toMatch(/not a SAST of the current CTL/);
    await Promise.all([a.close(), b.close()]);
  });

  it('refuses a list longer than the protocol allows before checking anything', async () => {
    const [a] = await lockedPair();
    const own = await a.proofBinding();
    const bindings = [own, ...Array.from({ length: MAX_PROOF_BINDINGS }, (_, i) => new Uint8Array(32).fill(i % 256))];
    const signature = await t1.sign(proofBatchMessage(bindings), 'sha256');
    // The provider answers bad-request, which the client reports as a protocol error.
    const err = await expectCode(a.proveBatch(t1.der, bindings, signature, 'sha256'), 'protocol-error');
    expect(err.message).toMatch(/bindings/);
    await a.close();
  });

  it('is not offered over TLS 1.2, whose exporter a server could make equal on two connections', async () => {
    // The provider's TLS context takes Node's default highest version when it is created.
    const saved = tls.DEFAULT_MAX_VERSION;
    tls.DEFAULT_MAX_VERSION = 'TLSv1.2';
    let old: TestProvider;
    try {
      old = await startTestProvider();
    } finally {
      tls.DEFAULT_MAX_VERSION = saved;
    }
    try {
      const s = await admin(old);
      const err = await expectCode(s.proofBinding(), 'tls-failure');
      expect(err.message).toMatch(/TLSv1\.2.*TLS 1\.3/);
      await expectCode(s.proveTokenPossession(t1.der, t1.sign), 'tls-failure');
      await s.close();
    } finally {
      await old.stop();
    }
  });
});
