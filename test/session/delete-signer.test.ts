// The entry of the token that will sign the new CTL cannot be deleted (phones would not accept
// the CTL after this one): the row says so before anyone ticks it, the engine refuses it, and
// choosing another signer frees it.
import { describe, expect, it } from 'vitest';
import { makeWorld } from './doubles';
import { addToken, connectCmd, drive } from './flow';

describe('deleting the signer\'s own entry', () => {
  it('is refused with the way out, and allowed once another token signs', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    for (const label of ['SAST-1', 'SAST-2', 'SAST-3']) await addToken(d, label);
    const entries = await d.ok({ type: 'tokens-done' });
    const sastRows = entries.entries.filter((e) => e.role === 'SAST');
    expect(sastRows).toHaveLength(3);
    // SAST-1 signs by default (the first added that qualifies).
    const signerRow = sastRows.find((r) => r.tokenLabel === 'SAST-1')!;
    expect(signerRow.deletable).toBe(false);
    expect(signerRow.refusal?.code).toBe('signer-entry');
    expect(signerRow.refusal?.message).toContain('SAST-1');
    // The other token rows may go (three tokens, two would remain).
    expect(sastRows.filter((r) => r !== signerRow).every((r) => r.deletable)).toBe(true);

    await d.refused({ type: 'delete-entries', ids: [signerRow.id] }, 'signer-entry');
    expect(d.last().entries.map((e) => e.id)).toContain(signerRow.id);

    const other = sastRows.find((r) => r !== signerRow)!.tokenLabel!;
    const chosen = await d.ok({ type: 'choose-signer', token: other });
    expect(chosen.entries.find((e) => e.id === signerRow.id)?.deletable).toBe(true);
    const after = await d.ok({ type: 'delete-entries', ids: [signerRow.id] });
    expect(after.entries.map((e) => e.id)).not.toContain(signerRow.id);
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.signer?.token.label).toBe(other);
    expect(review.review?.canSign).toBe(true);
  });
});
