// Deleting entries: the entry of the token that will sign the new CTL cannot be deleted (phones
// would not accept the CTL after this one), and a deletion can be undone until the step is left.
import { describe, expect, it } from 'vitest';
import { makeWorld } from './doubles';
import type { EngineOptions } from '../../electron/session/context';
import { addToken, connectCmd, drive } from './flow';

// The fake alternate TFTP server listens on 127.0.0.1:3444.
const OPTIONS: Partial<EngineOptions> = { alternateTftpPort: 3444 };

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
    expect(signerRow.refusal?.message.params).toMatchObject({ token: 'SAST-1' });
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

  it('can be undone until the step is left: the entry returns to its place, a server with its session', async () => {
    const world = await makeWorld();
    const d = drive(world, OPTIONS);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    for (const label of ['SAST-1', 'SAST-2', 'SAST-3']) await addToken(d, label);
    await d.ok({ type: 'tokens-done' });
    const added = await d.ok({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: world.password });
    const order = added.entries.map((e) => e.id);
    const sast3 = added.entries.find((e) => e.tokenLabel === 'SAST-3')!;
    const tftp = added.entries.find((e) => e.source === 'tftp-server')!;
    expect(tftp).toBeDefined();
    const opened = world.providers.opened;

    const deleted = await d.ok({ type: 'delete-entries', ids: [sast3.id, tftp.id] });
    expect(deleted.entries.map((e) => e.id)).toEqual(order.filter((id) => id !== sast3.id && id !== tftp.id));
    expect(deleted.deleted?.map((e) => e.id).sort()).toEqual([sast3.id, tftp.id].sort());
    expect(deleted.deleted?.find((e) => e.id === sast3.id)?.tokenLabel).toBe('SAST-3');

    const restored = await d.ok({ type: 'restore-entries', ids: [tftp.id, sast3.id] });
    expect(restored.entries.map((e) => e.id)).toEqual(order);
    expect(restored.deleted).toEqual([]);
    await d.refused({ type: 'restore-entries', ids: [tftp.id] }, 'entry-not-found');

    // Deleted again and the step left: the deletion is final, and the server is no target.
    await d.ok({ type: 'delete-entries', ids: [tftp.id] });
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.deleted).toEqual([]);
    expect(review.review?.targets.map((t) => t.host)).not.toContain('alt-tftp-1');
    await d.ok({ type: 'back' });
    await d.refused({ type: 'restore-entries', ids: [tftp.id] }, 'entry-not-found');
    // The restore reused the open session: no second login to that server.
    expect(world.providers.opened).toBe(opened);
    await d.ok({ type: 'go-to-review' });
    const done = await d.ok({ type: 'sign', pin: 'Cisco123' });
    expect(done.done?.outcome).toBe('committed');
    expect(world.providers.server('alt-tftp-1').ctl).toBeNull();
  });
});
