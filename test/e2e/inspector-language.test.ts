// The rest of the app in real Chromium against `npm run dev:web`: language from the OS locale
// and switched (persisted in settings.json), the CTL inspector (valid, tampered and malformed
// files), change token PIN on a demo SoftHSM token, About, and keyboard-only use.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import { makeIdentity, signedCtl } from '../helpers/pki';
import { openBrowser } from './helpers/browser';
import type { Browser } from './helpers/browser';
import { repoRoot, startDevWebProcess } from './helpers/dev-web';
import type { RunningDevWeb } from './helpers/dev-web';
import { setLanguage } from './helpers/look';
import { englishLeft } from '../helpers/english-text';
import { setInserted, until, waitHeading } from './helpers/wizard';

let web: RunningDevWeb;
let b: Browser;
let files: string;

beforeAll(async () => {
  web = await startDevWebProcess();
  files = await mkdtemp(join(tmpdir(), 'ctl-e2e-files-'));
  // The OS (browser) locale is Japanese and no language was chosen yet.
  b = await openBrowser('inspector-language', { locale: 'ja-JP' });
  await b.page.goto(web.url);
});

afterAll(async () => {
  await b?.close();
  await web?.stop();
  if (files) await rm(files, { recursive: true, force: true });
});

async function settings(): Promise<{ language: string | null }> {
  try {
    return JSON.parse(await readFile(join(web.userDataDir, 'settings.json'), 'utf8')) as { language: string | null };
  } catch {
    return { language: null }; // not written yet
  }
}

describe.sequential('inspector, language, change PIN, about', () => {
  it('starts in Japanese from the OS locale, switches to English and remembers it', async () => {
    const { page } = b;
    await waitHeading(page, 'クラスタに接続');
    expect(await page.getAttribute('html', 'lang')).toBe('ja');
    await b.screen('server-ja');
    await setLanguage(page, 'en');
    await waitHeading(page, 'Connect to the cluster');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await until('language saved', async () => (await settings()).language === 'en');
    await page.reload();
    await waitHeading(page, 'Connect to the cluster');
    await setLanguage(page, 'ja');
    await waitHeading(page, 'クラスタに接続');
    await until('language saved', async () => (await settings()).language === 'ja');
    await page.getByRole('button', { name: 'CTL インスペクタ' }).click();
    await waitHeading(page, 'CTL インスペクタ');
    await b.screen('inspector-ja');
    await setLanguage(page, 'en', 'inspector');
    await until('language saved', async () => (await settings()).language === 'en');
  });

  it('inspector: shows entries and a valid signature, flags a tampered file, reports the offset of a malformed one', async () => {
    const { page } = b;
    const sast1 = await makeIdentity({ subject: 'CN=SAST-ADN0001,OU=IPCBU,O=Cisco Systems' });
    const sast2 = await makeIdentity({ subject: 'CN=SAST-ADN0002,OU=IPCBU,O=Cisco Systems' });
    const node = await makeIdentity({ subject: 'CN=cucm-1,OU=CallManager,O=Example', notAfter: new Date(Date.UTC(2033, 2, 4)) });
    const bytes = await signedCtl(sast1, [
          recordFromCertificate('SAST', sast1.der),
          recordFromCertificate('SAST', sast2.der),
          recordFromCertificate('CCM+TFTP', node.der, { dnsName: 'cucm-1', ipAddress: '192.0.2.10' }),
        ], 1_790_000_000);
    await writeFile(join(files, 'CTLFile.tlv'), bytes);
    // Same layout, one letter of a host name changed: well-formed, but the signature breaks.
    const tampered = new Uint8Array(bytes);
    const at = Buffer.from(tampered).indexOf('cucm-1');
    expect(at).toBeGreaterThan(0);
    tampered[at + 5] = '2'.charCodeAt(0);
    await writeFile(join(files, 'tampered-CTLFile.tlv'), tampered);
    await writeFile(join(files, 'truncated.tlv'), bytes.subarray(0, 57));

    await page.getByRole('button', { name: 'CTL inspector' }).click();
    await waitHeading(page, 'CTL inspector');
    await page.locator('#inspect-file').setInputFiles(join(files, 'CTLFile.tlv'));
    await page.getByText('The signature verifies with the token of entry 1.').waitFor();
    expect(await page.locator('tbody tr').count()).toBe(3);
    await page.locator('td', { hasText: 'cucm-1' }).filter({ hasText: '192.0.2.10' }).waitFor();
    await page.getByRole('cell', { name: 'Mar 4, 2033', exact: true }).waitFor();
    await b.screen('inspector-valid');
    await page.getByRole('button', { name: 'View the certificate of cucm-1' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('RSA, 2048 bits', { exact: true }).waitFor();
    await b.screen('inspector-certificate');
    await dialog.getByRole('button', { name: 'Close' }).click();

    await page.locator('#inspect-file').setInputFiles(join(files, 'tampered-CTLFile.tlv'));
    await page.getByText(/The signature does NOT verify/).waitFor();
    await b.screen('inspector-tampered');

    await page.locator('#inspect-file').setInputFiles(join(files, 'truncated.tlv'));
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/byte offset 0x[0-9A-F]{4} \(\d+ bytes from the start\)/);
    expect(await alert.innerText()).toContain('not a valid CTL or ITL file');
    // What is wrong, from the decoder's message: the header is longer than the 57 bytes left.
    expect(await alert.innerText()).toMatch(/Details: HEADER_LENGTH \d+ exceeds the file size 57$/m);
    await b.screen('inspector-malformed');

    // The same two problems in Japanese: worded from the messages, no English left.
    await setLanguage(page, 'ja', 'inspector');
    await page.locator('#inspect-file').setInputFiles(join(files, 'tampered-CTLFile.tlv'));
    await page.getByText(/署名を検証できません: 署名は SAST レコード 0 で検証できません/).waitFor();
    await page.locator('#inspect-file').setInputFiles(join(files, 'truncated.tlv'));
    await alert.waitFor();
    await until('the detail in Japanese', async () => /詳細: HEADER_LENGTH \d+ がファイルサイズ 57 を超えています$/m.test(await alert.innerText()));
    expect(englishLeft(await alert.innerText())).toBeNull();
    await b.screen('inspector-malformed-ja');
    await setLanguage(page, 'en', 'inspector');
  });

  it('change token PIN: refuses a mismatch, changes the PIN on the token, and the new PIN works', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Change token PIN' }).click();
    await waitHeading(page, 'Change token PIN');
    await setInserted(page, 'SAST-3', true);
    await page.getByLabel('Token', { exact: true }).selectOption({ label: `SAST-3 (${web.tokens.find((t) => t.label === 'SAST-3')!.serial})` });
    const change = async (oldPin: string, newPin: string, confirm = newPin) => {
      await page.getByLabel('Current PIN').fill(oldPin);
      await page.getByLabel('New PIN', { exact: true }).fill(newPin);
      await page.getByLabel('New PIN again').fill(confirm);
      await page.getByRole('button', { name: 'Change PIN' }).click();
    };
    await change('Cisco123', 'Better-PIN-1', 'Better-PIN-2');
    await page.getByText('The new PIN and its confirmation differ.').waitFor();
    await b.screen('change-pin-mismatch');
    await change('Cisco123', 'Better-PIN-1');
    await page.getByText('The PIN of SAST-3 was changed.').waitFor();
    await b.screen('change-pin-done');
    // The old PIN no longer works; the new one does (and puts the demo PIN back).
    await change('Cisco123', 'Cisco123');
    await page.getByRole('alert').filter({ hasText: /PIN is (incorrect|wrong)/i }).waitFor();
    await change('Better-PIN-1', 'Cisco123');
    await page.getByText('The PIN of SAST-3 was changed.').waitFor();
    expect(await page.content()).not.toContain('Better-PIN-1');
  });

  it('about shows the version from package.json; the PKCS#11 module is a setting', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'About' }).click();
    await waitHeading(page, 'About');
    const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(await page.getByTestId('version').innerText()).toBe(`CTL Client ${version}`);
    await b.screen('about');
    await page.getByRole('button', { name: 'Settings' }).click();
    await waitHeading(page, 'Settings');
    // The PKCS#11 module: the page has no field for a path, only a button asking main for its
    // dialog; the web preview has none, says so, and nothing is stored.
    expect(await page.getByRole('textbox').count()).toBe(0);
    await page.getByTestId('module-path').filter({ hasText: 'Automatic' }).waitFor();
    await page.getByRole('button', { name: 'Choose module…' }).click();
    await page.getByRole('alert').filter({ hasText: 'chosen in the desktop app' }).waitFor();
    const stored = await readFile(join(web.userDataDir, 'settings.json'), 'utf8').catch(() => '{"pkcs11Module":null}');
    expect((JSON.parse(stored) as { pkcs11Module: string | null }).pkcs11Module).toBeNull();
    await b.screen('settings');
  });

  it('is keyboard operable: skip link, focus on the step heading, fields in order, Enter submits', async () => {
    const { page } = b;
    await page.getByRole('button', { name: 'Wizard' }).click();
    await waitHeading(page, 'Connect to the cluster');
    const active = () => page.evaluate("document.activeElement.labels?.[0]?.textContent || document.activeElement.id || document.activeElement.textContent");
    // The skip link sits before the header and moves focus to the main content.
    await page.getByRole('button', { name: 'Wizard' }).focus();
    await page.keyboard.press('Shift+Tab');
    expect(await active()).toBe('Skip to the main content');
    await page.keyboard.press('Enter');
    expect(await active()).toBe('main');
    // A new step puts focus on its heading; Tab then walks the labelled fields in order.
    await page.reload();
    await waitHeading(page, 'Connect to the cluster');
    expect(await page.evaluate('document.activeElement.tagName')).toBe('H1');
    const order: string[] = [];
    for (let i = 0; i < 6; i++) {
      await page.keyboard.press('Tab');
      order.push(String(await active()));
    }
    // First the choice of what to publish to (one tab stop for the group, the cluster checked), then the login.
    expect(order[0]).toMatch(/^CUCM cluster \(CTL Provider\)/);
    expect(order.slice(1)).toEqual(['Host name or IP address', 'Port', 'User name', 'Password', 'Connect']);
    // Enter in a field submits the form: the missing user name and password are reported.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type('x');
    await page.keyboard.press('Enter');
    await page.getByText('Enter the host name or IP address of the first node.').waitFor();
  });

  it('every screen passes axe (no serious or critical violations) and the page logged no unexpected errors', () => {
    expect(b.findings).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});
