// The guide's update procedure in the wizard, with tokens moved one at a time through the
// "Demo tokens" panel (real SoftHSM, real token service, real providers): a token listed in
// the current CTL proves itself, is removed, a new token is inserted and added, and the
// proven token, inserted again, signs after its PIN is asked again (pulling it ended its login).
import { describe, expect, it } from 'vitest';
import type { Browser } from './helpers/browser';
import type { RunningDevWeb } from './helpers/dev-web';
import { addToken, connect, ctlOnDisk, mixedWithTwoTokens, setInserted, sha256, signAndPublish, tokensDoneToReview, useDevWebPage, waitHeading } from './helpers/wizard';

let web: RunningDevWeb;
let b: Browser;

useDevWebPage('token-swap', (w, page) => {
  web = w;
  b = page;
});

describe.sequential('adding a token during an update (remove the proven token, insert the new one)', () => {
  it('first-time mixed mode with SAST-1 and SAST-2', async () => {
    const { page } = b;
    await connect(b, web);
    await mixedWithTwoTokens(b, web);
    await tokensDoneToReview(page);
    await setInserted(page, 'SAST-1', true);
    await signAndPublish(b.page, true);
    const ctl = await ctlOnDisk(web.firstNode);
    expect(ctl.file.records.filter((r) => r.role === 'SAST')).toHaveLength(2);
  });

  it('update: SAST-1 proves itself, is removed, SAST-3 is inserted and added; SAST-1 signs after its PIN again', async () => {
    const { page } = b;
    const before = await sha256((await ctlOnDisk(web.firstNode)).bytes);
    await page.getByRole('button', { name: 'Start a new run' }).click();
    await connect(b, web);
    await page.getByLabel('Update the CTL file').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await waitHeading(page, 'Security tokens');
    // SAST-1 is still in the port from the first run: OK, then prove it with its PIN.
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('heading', { name: 'Token SAST-1' }).waitFor();
    await page.getByRole('button', { name: 'Enter PIN and prove' }).click();
    await page.getByRole('dialog').getByLabel('Token user PIN').fill('Cisco123');
    await page.getByRole('dialog').getByRole('button', { name: 'Prove' }).click();
    await page.getByRole('cell', { name: 'SAST-1', exact: true }).waitFor();

    // The guide: remove the proven token, insert the new one, OK, Add.
    await setInserted(page, 'SAST-1', false);
    // One sentence says that SAST-3 is in the port (with its OK), not two.
    await setInserted(page, 'SAST-3', true);
    await page.getByText('Token SAST-3 is inserted. Press OK to read its information.').waitFor();
    expect(await page.getByText('Token SAST-3 was inserted.').count()).toBe(0);
    await addToken(b, 'SAST-3', 'token-added-after-proof');
    await page.getByRole('cell', { name: 'SAST-3', exact: true }).waitFor();
    expect(await sha256((await ctlOnDisk(web.firstNode)).bytes)).toBe(before);

    await tokensDoneToReview(page);
    await setInserted(page, 'SAST-1', true);
    await signAndPublish(b.page, true);

    const copies = await Promise.all(web.nodes.map((node) => ctlOnDisk(node)));
    expect(new Set(await Promise.all(copies.map((c) => sha256(c.bytes)))).size).toBe(1);
    const ctl = copies[0]!;
    expect(ctl.signatureValid).toBe(true);
    const sasts = ctl.file.records.filter((r) => r.role === 'SAST');
    expect(sasts).toHaveLength(3);
    expect(ctl.file.signer.subject).toBe(sasts[0]!.subject);
  });

  it('every screen passes axe and the page logged no errors', () => {
    expect(b.findings).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
