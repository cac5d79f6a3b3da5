// Component tests of the screens in real Chromium with an in-memory bridge (no engine): the
// states a demo run rarely reaches — final PIN try, locked token, delete rules, check override,
// per-target progress, partial failure with retry/rollback, cancelled — in light, dark and
// Japanese, each screenshotted and scanned with axe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openBrowser } from './helpers/browser';
import type { Browser } from './helpers/browser';
import { inspectFile } from '../../electron/app/inspect';
import { recordFromCertificate } from '../../shared/ctl/index';
import { makeIdentity, signedCtl } from '../helpers/pki';
import { calls, FAKE_BRIDGE, openFile, push, reply, serveRenderer } from './helpers/fake-bridge';
import { modeState } from './helpers/look-states';
import { base, cancelledState, entriesState, publishFailedState, publishingState, reviewState, token, tokensState } from './helpers/snapshots';
import { until, waitForWizard, waitHeading } from './helpers/wizard';
import { openView, setLanguage, setTheme } from './helpers/look';
import { WEBCRYPTO_HASH, WRITABLE_HASHES } from '../../shared/ctl/tags';
import type { SessionSnapshot } from '../../shared/session/types';

let b: Browser;
let server: { url: string; close(): Promise<void> };

beforeAll(async () => {
  server = await serveRenderer();
  b = await openBrowser('screens');
  await b.page.addInitScript(FAKE_BRIDGE);
  await b.page.goto(server.url);
  await waitHeading(b.page, 'Connect to the cluster');
  await waitForWizard(b.page);
});

afterAll(async () => {
  await b?.close();
  await server?.close();
});

describe.sequential('screens with an in-memory bridge', () => {
  it('mode: a cluster with a CTL starts on Update; a mode that changes nothing is not offered, and says why', async () => {
    const { page } = b;
    await push(page, modeState());
    await waitHeading(page, 'Choose the security mode');
    expect(await page.getByLabel('Update the CTL file').isChecked()).toBe(true);
    expect(await page.getByLabel('Set the cluster to mixed mode').isChecked()).toBe(false);
    await page.getByText('The cluster is already in mixed mode; this rewrites the CTL and keeps the mode.', { exact: false }).waitFor();
    const nonSecure = modeState();
    nonSecure.cluster = { ...nonSecure.cluster!, securityMode: 'non-secure' };
    nonSecure.modeChoices = [
      { mode: 'mixed', offered: true, note: null, recommended: false },
      { mode: 'non-secure', offered: false, note: 'already-non-secure', recommended: false },
      { mode: 'update', offered: true, note: null, recommended: true },
    ];
    await push(page, { ...nonSecure, seq: nonSecure.seq + 1 });
    await until('non-secure to be disabled', async () => page.getByLabel('Set the cluster to non-secure mode').isDisabled());
    await page.getByText('The cluster is already in non-secure mode.', { exact: false }).waitFor();
  });

  it('PIN dialog: a final try needs explicit confirmation, sends it, and keeps no PIN in the page', async () => {
    const { page } = b;
    await push(page, tokensState(token('SAST-1', 1, { countLow: true, finalTry: true })));
    await waitHeading(page, 'Security tokens');
    await page.getByRole('button', { name: 'Enter PIN and prove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The next wrong PIN locks this token.').waitFor();
    await dialog.getByLabel('Token user PIN').fill('Cisco123');
    expect(await dialog.getByRole('button', { name: 'Prove' }).isDisabled()).toBe(true);
    await b.screen('pin-final-try');
    await dialog.getByLabel('I understand that a wrong PIN now locks the token.').check();
    await dialog.getByRole('button', { name: 'Prove' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect((await calls(page)).filter((c) => c.method === 'session.addToken')).toEqual([
      { method: 'session.addToken', request: { token: 'serial-SAST-1', pin: 'Cisco123', confirmFinalTry: true } },
    ]);
    expect(await page.content()).not.toContain('Cisco123"');
  });

  it('PIN dialog: a locked token offers no PIN field and says what to do', async () => {
    const { page } = b;
    await push(page, tokensState(token('SAST-2', 2, { locked: true })));
    await page.getByRole('button', { name: 'Enter PIN and prove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText(/PIN is locked after too many wrong PINs/).waitFor();
    expect(await dialog.getByLabel('Token user PIN').count()).toBe(0);
    await b.screen('pin-locked');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
  });

  it('tokens: several tokens inserted at once are warned about', async () => {
    const { page } = b;
    await push(page, tokensState(token('SAST-1', 1), [token('SAST-1', 1), token('SAST-3', 3)]));
    await page.getByRole('alert').filter({ hasText: '2 tokens are inserted at once' }).waitFor();
    await b.screen('tokens-several');
  });

  it('entries: rows the rules protect cannot be ticked and say why; a token row is named by its token; allowed otherwise', async () => {
    const { page } = b;
    await push(page, entriesState(2));
    await waitHeading(page, 'CTL entries');
    const server = page.getByLabel('Select cucm-1').first();
    expect(await server.isDisabled()).toBe(true);
    expect(await page.locator(`#${await server.getAttribute('aria-describedby')}`).innerText()).toContain('cannot be deleted');
    // Two tokens: neither may go. The token this session added shows its label, not its certificate's name.
    const token = page.getByLabel('Select SAST-1', { exact: true });
    expect(await token.isDisabled()).toBe(true);
    expect(await page.locator(`#${await token.getAttribute('aria-describedby')}`).innerText()).toContain('At least 2 token entries');
    await page.getByRole('cell', { name: 'SAST-1', exact: true }).waitFor();
    expect(await page.getByRole('button', { name: 'Delete Selected' }).isDisabled()).toBe(true);
    await b.screen('entries-delete-refused');
    await push(page, entriesState(3));
    await page.getByLabel('Select SAST-1', { exact: true }).check();
    await page.getByRole('button', { name: 'Delete Selected' }).click();
    expect((await calls(page)).at(-1)).toEqual({ method: 'session.deleteEntries', request: { ids: ['token:0'] } });
    // What was deleted stays listed with Restore until the step is left.
    const afterDelete = entriesState(2);
    afterDelete.deleted = [{ ...entriesState(3).entries.find((r) => r.id === 'token:0')!, tokenLabel: 'SAST-9', deletable: false, refusal: null }];
    afterDelete.allowed = [...afterDelete.allowed, 'restore-entries'];
    await push(page, { ...afterDelete, seq: afterDelete.seq + 1 });
    await page.getByRole('heading', { name: 'Deleted from the list (1)' }).waitFor();
    await b.screen('entries-deleted-restore');
    await page.getByRole('button', { name: 'Restore SAST-9' }).click();
    await until('restore to be sent', async () => (await calls(page)).at(-1)?.method === 'session.restoreEntries');
    expect((await calls(page)).at(-1)).toEqual({ method: 'session.restoreEntries', request: { ids: ['token:0'] } });
  });

  it('Cancel this run asks first, with Keep working focused: Enter keeps the run, only the explicit choice cancels', async () => {
    const { page } = b;
    await push(page, entriesState(3));
    await waitHeading(page, 'CTL entries');
    const before = (await calls(page)).length;
    await page.getByRole('button', { name: 'Cancel this run (nothing is changed)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Cancel this run?' });
    await dialog.waitFor();
    await dialog.getByText('Nothing has been written to any server.', { exact: false }).waitFor();
    expect(await page.evaluate('document.activeElement?.textContent')).toBe('Keep working');
    await page.keyboard.press('Enter');
    await until('the dialog to close', async () => (await dialog.count()) === 0);
    expect((await calls(page)).slice(before).map((c) => c.method)).not.toContain('session.cancel');
    await page.getByRole('button', { name: 'Cancel this run (nothing is changed)' }).click();
    await b.screen('cancel-run-confirm');
    await dialog.getByRole('button', { name: 'Cancel the run' }).click();
    await until('session.cancel to be sent', async () => (await calls(page)).at(-1)?.method === 'session.cancel');
  });

  it('Add TFTP Server refused by the engine: the dialog does not reopen when the entries screen mounts again', async () => {
    const { page } = b;
    await push(page, entriesState(2));
    await waitHeading(page, 'CTL entries');
    const refusal = { kind: 'refused', code: 'entry-duplicate', guidePages: ['3-18'], message: { code: 'refusal.server-listed', params: { server: 'tftp-b' } } };
    await reply(page, 'session.addTftpServer', { ok: true, value: { ok: false, error: refusal } });
    await page.getByRole('button', { name: 'Add TFTP Server' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Host name or IP address').fill('tftp-b');
    await dialog.getByLabel('Password').fill('secret-1');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await dialog.getByRole('alert').waitFor();
    // The screen goes away (another step) and comes back: no dialog by itself.
    await push(page, reviewState());
    await waitHeading(page, 'Review the new CTL');
    await push(page, entriesState(2));
    await waitHeading(page, 'CTL entries');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('Add Firewall whose certificate is not trusted ("Do not trust"): back on entries, the dialog does not reopen', async () => {
    const { page } = b;
    const presented = { host: 'asa-1', port: 2444, fingerprint: 'ab'.repeat(32), subject: 'CN=asa-1', issuer: 'CN=asa-1', notBefore: '2026-01-01', notAfter: '2027-01-01' };
    const addFirewall = async () => {
      // As the engine does: the add stops at the untrusted certificate (the trust snapshot, newer, comes first).
      const trust = base('trust', { kind: 'trust', purpose: 'firewall', presented, returnTo: 'entries', allowed: ['trust-provider', 'back'] } as Partial<SessionSnapshot>);
      await page.evaluate((t) => {
        const fake = (globalThis as unknown as { __fake: { push(s: unknown): void; reply(m: string, r: unknown): void } }).__fake;
        fake.reply('session.addFirewall', () => (fake.push(t), { ok: true, value: { ok: true } }));
      }, trust as unknown);
      await page.getByRole('button', { name: 'Add Firewall' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Host name or IP address').fill('asa-1');
      await dialog.getByLabel('Password').fill('secret-2');
      await dialog.getByRole('button', { name: 'Add', exact: true }).click();
      await waitHeading(page, "Check the server's certificate");
    };
    await addFirewall();
    await page.getByRole('button', { name: 'Do not trust' }).click();
    expect((await calls(page)).at(-1)?.method).toBe('session.back');
    await push(page, entriesState(2));
    await waitHeading(page, 'CTL entries');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
    // Trusted instead: one decision for the certificate, and the engine finishes the add with
    // the password already given; no dialog asks for it again.
    await addFirewall();
    await page.getByRole('button', { name: /trust and continue/ }).click();
    await until('trust to be sent', async () => (await calls(page)).at(-1)?.method === 'session.trustProvider');
    expect((await calls(page)).at(-1)?.request).toEqual({ fingerprints: [presented.fingerprint] });
    await push(page, entriesState(2));
    await waitHeading(page, 'CTL entries');
    await page.waitForTimeout(300);
    expect(await page.getByRole('dialog').count()).toBe(0);
  });

  it('review: a failing check blocks signing until overridden with the exact confirmation text', async () => {
    const { page } = b;
    await push(page, reviewState());
    await waitHeading(page, 'Review the new CTL');
    expect(await page.getByRole('button', { name: /sign and publish/ }).isDisabled()).toBe(true);
    await page.getByText('A blocking check fails.').waitFor();
    await page.getByRole('button', { name: 'Override' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Confirmation').fill('publish without');
    expect(await dialog.getByRole('button', { name: 'Override' }).isDisabled()).toBe(true);
    await dialog.getByLabel('Confirmation').fill('publish without cucm-3');
    await b.screen('review-override');
    await dialog.getByRole('button', { name: 'Override' }).click();
    expect((await calls(page)).at(-1)).toEqual({ method: 'session.overrideCheck', request: { check: 'targets-reachable', confirmation: 'publish without cucm-3' } });
  });

  it('review: Finish states what is published and waits for a decision; non-secure mode is typed out', async () => {
    const { page } = b;
    const ready = reviewState();
    ready.review = { ...ready.review!, canSign: true, checks: ready.review!.checks.filter((c) => c.status === 'pass') };
    await push(page, ready);
    await waitHeading(page, 'Review the new CTL');
    const before = (await calls(page)).length;
    await page.getByRole('button', { name: /sign and publish/ }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Security mode afterwards').waitFor();
    expect(await dialog.getByText('SAST-1', { exact: true }).count()).toBe(1);
    expect(await dialog.getByText('cucm-1', { exact: true }).count()).toBe(1);
    // Focus starts on Cancel: an Enter pressed out of habit publishes nothing.
    await page.keyboard.press('Enter');
    await dialog.waitFor({ state: 'detached' });
    expect((await calls(page)).slice(before).filter((c) => c.method === 'session.sign')).toEqual([]);
    // Leaving mixed mode: the consequence for phones, and the mode's name typed.
    await push(page, { ...ready, seq: ready.seq + 1, review: { ...ready.review, mode: 'non-secure', targetSecurityMode: 'non-secure' } });
    await page.getByRole('button', { name: /sign and publish/ }).click();
    await dialog.getByText('its CTL must be erased on the phone itself', { exact: false }).waitFor();
    const publish = dialog.getByRole('button', { name: 'Sign and publish' });
    expect(await publish.isDisabled()).toBe(true);
    await dialog.getByLabel('To continue, type non-secure').fill('non-secure');
    await b.screen('review-confirm-non-secure');
    await publish.click();
    expect((await calls(page)).at(-1)).toEqual({ method: 'session.sign', request: {} });
  });

  it('review: one hash control, for this run only; the default for later runs is on the Settings screen', async () => {
    const { page } = b;
    await push(page, reviewState());
    await waitHeading(page, 'Review the new CTL');
    // The options are the codec's list of algorithms, once each.
    const options = await page.locator('#hash option').allInnerTexts();
    expect(options).toEqual(WRITABLE_HASHES.map((h) => WEBCRYPTO_HASH[h]));
    expect(await page.locator('select').count()).toBe(2); // signer and hash
    await page.locator('#hash').selectOption('sha512');
    expect((await calls(page)).at(-1)).toEqual({ method: 'session.setHashAlgorithm', request: { algorithm: 'sha512' } });
    expect((await calls(page)).filter((c) => c.method === 'settings.set')).toEqual([]);
    await openView(page, 'settings');
    const saved = page.getByLabel('Default for later runs');
    await saved.selectOption('sha1');
    expect((await calls(page)).filter((c) => c.method === 'settings.set').at(-1)).toEqual({ method: 'settings.set', request: { hashAlgorithm: 'sha1' } });
    await saved.selectOption({ label: 'Follow the current CTL (SHA-1 for a first CTL)' });
    expect((await calls(page)).filter((c) => c.method === 'settings.set').at(-1)).toEqual({ method: 'settings.set', request: { hashAlgorithm: null } });
    await until('the default to show "follow"', async () => (await saved.inputValue()) === 'follow');
    await b.screen('settings-hash-default');
    await openView(page, 'wizard');
  });

  it('settings: the trusted servers of the shared trust store are listed and one can be forgotten', async () => {
    const { page } = b;
    const cert = (host: string, sha256: string) => ({ host, port: 2444, sha256, acceptedAt: '2026-03-01T09:30:00.000Z' });
    await reply(page, 'settings.trustedCertificates', { ok: true, value: [cert('cucm1.example', 'ab'.repeat(32)), cert('cucm2.example', 'cd'.repeat(32))] });
    await reply(page, 'settings.forgetTrustedCertificate', { ok: true, value: [cert('cucm2.example', 'cd'.repeat(32))] });
    await openView(page, 'settings');
    const table = page.getByTestId('trusted-certificates');
    await table.getByText('cucm1.example:2444').waitFor();
    expect(await table.locator('tbody tr').count()).toBe(2);
    await b.screen('settings-trusted-servers');
    await page.getByRole('button', { name: 'Forget the certificate of cucm1.example:2444' }).click();
    await until('the forgotten server to leave the list', async () => (await table.locator('tbody tr').count()) === 1);
    expect((await calls(page)).filter((c) => c.method === 'settings.forgetTrustedCertificate')).toEqual([
      { method: 'settings.forgetTrustedCertificate', request: { host: 'cucm1.example', port: 2444 } },
    ]);
    await openView(page, 'wizard');
  });

  it('review in the dark theme passes axe too', async () => {
    const { page } = b;
    await setTheme(page, 'dark');
    expect(await page.getAttribute('html', 'data-theme')).toBe('dark');
    await b.screen('review-dark');
    await setTheme(page, 'light');
  });

  it('publishing shows one progress bar per target with its phase', async () => {
    const { page } = b;
    await push(page, publishingState());
    await page.getByRole('heading', { name: 'Every server accepted the file: making it current…' }).waitFor();
    const bars = page.getByRole('progressbar');
    expect(await bars.count()).toBe(3);
    expect(await bars.nth(0).getAttribute('value')).toBe('4');
    expect(await bars.nth(1).getAttribute('value')).toBe('3');
    await page.getByRole('status').filter({ hasText: 'Committing on 3 servers' }).waitFor();
    await b.screen('publishing');
  });

  it('a partial commit failure offers retry and roll back', async () => {
    const { page } = b;
    await push(page, publishFailedState());
    await page.getByText('The commit failed on 1 server(s)').waitFor();
    // Why, worded from the engine's message (not a string it sent).
    await page.getByText('attempt 1: cucm-3:2444: connection reset').waitFor();
    await b.screen('publish-failed');
    await page.getByRole('button', { name: 'Retry the failed servers' }).click();
    expect((await calls(page)).at(-1)?.method).toBe('session.retry');
    await page.getByRole('button', { name: 'Roll back everywhere' }).click();
    expect((await calls(page)).at(-1)?.method).toBe('session.rollback');
  });

  it('in Japanese: the failure screen and the cancelled screen', async () => {
    const { page } = b;
    await setLanguage(page, 'ja');
    await page.getByText('1 台のサーバでコミットに失敗しました').waitFor();
    await page.getByText('1 回目: cucm-3:2444 との接続が切れました。').waitFor();
    await b.screen('publish-failed-ja');
    await push(page, cancelledState());
    await waitHeading(page, '中止しました');
    await b.screen('cancelled-ja');
    await setLanguage(page, 'en');
    await waitHeading(page, 'Cancelled');
  });

  it('an engine refusal is shown with its rule, guide reference and next step', async () => {
    const { page } = b;
    await push(page, entriesState(3));
    await reply(page, 'session.addFirewall', {
      ok: true,
      value: { ok: false, error: { kind: 'refused', code: 'entry-duplicate', guidePages: ['3-18'], message: { code: 'refusal.target-listed', params: { host: '127.0.0.1', port: 2444 } } } },
    });
    await page.getByRole('button', { name: 'Add Firewall' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Host name or IP address').fill('127.0.0.1');
    await dialog.getByLabel('Password').fill('fw-secret');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    const alert = dialog.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toContain('A server is listed once.');
    expect(await alert.innerText()).toContain('127.0.0.1:2444 is already a target of this CTL.');
    expect(await alert.innerText()).toContain('That server is already listed.');
    expect(await dialog.getByLabel('Password').inputValue()).toBe('');
    await b.screen('refusal');
  });

  it('a .tlv opened by the OS switches to the inspector and shows it; a refused file says why', async () => {
    const { page } = b;
    await push(page, entriesState(3));
    await waitHeading(page, 'CTL entries');
    const sast = await makeIdentity({ subject: 'CN=SAST-ADN0001,O=Cisco Systems' });
    const node = await makeIdentity({ subject: 'CN=cucm-9,O=Example' });
    const bytes = await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', node.der, { dnsName: 'cucm-9', ipAddress: '192.0.2.9' })], 1_790_000_000);
    await openFile(page, { ok: true, file: await inspectFile('CTLFile.tlv', bytes) });
    await waitHeading(page, 'CTL inspector');
    await page.getByRole('heading', { level: 2, name: 'CTLFile.tlv' }).waitFor();
    await page.getByRole('status').filter({ hasText: /verifies/i }).waitFor();
    expect(await page.getByText('cucm-9', { exact: true }).count()).toBe(1);
    await b.screen('inspector-opened-by-os');
    await openFile(page, { ok: false, name: 'huge.tlv', error: { code: 'inspector-too-large', message: '/home/a/huge.tlv is larger than 1 MB; CTL and ITL files are a few kilobytes.' } });
    await page.getByRole('alert').filter({ hasText: 'huge.tlv is larger than 1 MB' }).waitFor();
    expect(await page.getByRole('heading', { level: 2, name: 'CTLFile.tlv' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Wizard' }).click();
    await waitHeading(page, 'CTL entries');
    // The refused Add Firewall of the previous test comes back with the screen; close it.
    if ((await page.getByRole('dialog').count()) > 0) {
      await page.keyboard.press('Escape');
      await page.getByRole('dialog').waitFor({ state: 'detached' });
    }
  });

  it('in Japanese, an engine refusal shows its rule and what was refused, both in Japanese', async () => {
    const { page } = b;
    await setLanguage(page, 'ja');
    await reply(page, 'session.deleteEntries', {
      ok: true,
      value: { ok: false, error: { kind: 'refused', code: 'tokens-below-minimum', guidePages: ['3-11', '3-17'], message: { code: 'refusal.delete-below-minimum', params: { entry: 'CN=SAST-1', minimum: 2 } } } },
    });
    await page.getByLabel(/SAST-1/).first().check();
    await page.getByRole('button', { name: '選択項目の削除' }).click();
    const alert = page.getByRole('alert').filter({ hasText: '許可されていません' });
    await alert.waitFor();
    const text = await alert.innerText();
    expect(text).toContain('CTL には 2 つ以上のトークン エントリが必要です。');
    expect(text).toContain('詳細: トークン エントリ「CN=SAST-1」を削除すると、トークン エントリが 2 つ未満になります。');
    expect(text).not.toContain('At least 2 token entries');
    expect(text).not.toContain('Deleting');
    await b.screen('refusal-ja');
    await setLanguage(page, 'en');
    await waitHeading(page, 'CTL entries');
  });

  it('every screen passes axe (no serious or critical violations) and the page logged no errors', () => {
    expect(b.findings).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
