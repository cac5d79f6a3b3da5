// The first-time flow (mixed mode, two tokens) with the keyboard only, against the web preview
// (real engine, SoftHSM tokens, demo cluster). After every action the test asserts where focus
// landed: the new step's heading, the next control (OK after a token is inserted, Add after OK),
// the guidance after Add, the opener after a dialog closes with Escape, and the decision button
// (never pressed by Enter in a field) on the certificate and PIN screens. Tokens are inserted
// and removed through the preview's demo route: that is the hardware, not the keyboard.
import { describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { DEV_TOKEN_META } from '../../shared/ipc/dev-bridge';
import type { Browser } from './helpers/browser';
import type { RunningDevWeb } from './helpers/dev-web';
import { ctlOnDisk, heading, until, waitHeading, useDevWebPage } from './helpers/wizard';

let web: RunningDevWeb;
let b: Browser;

useDevWebPage('keyboard', (w, page) => {
  web = w;
  b = page;
});

interface Focused {
  tag: string;
  text: string;
  label: string;
  type: string;
}

async function focused(page: Page): Promise<Focused> {
  return (await page.evaluate(`(() => {
    const el = document.activeElement;
    const labelled = el && el.id ? document.querySelector('label[for="' + el.id + '"]') : null;
    return { tag: el ? el.tagName.toLowerCase() : '', text: el ? (el.innerText || '').trim() : '', label: labelled ? labelled.innerText.trim() : (el && el.getAttribute('aria-label')) || '', type: el && el.type ? el.type : '' };
  })()`)) as Focused;
}

/** Waits until focus is on an element matching `want`, then returns it. */
async function focusIs(page: Page, what: string, want: (f: Focused) => boolean): Promise<Focused> {
  let last: Focused | null = null;
  await until(`focus on ${what}`, async () => {
    last = await focused(page);
    return want(last);
  }, 80).catch(() => {
    throw new Error(`focus is not on ${what}: ${JSON.stringify(last)}`);
  });
  return last!;
}

const onHeading = (page: Page, text: string | RegExp) =>
  focusIs(page, `the heading "${text}"`, (f) => /^h[1-3]$/.test(f.tag) && (typeof text === 'string' ? f.text === text : text.test(f.text)));
const onButton = (page: Page, text: string | RegExp) =>
  focusIs(page, `the button "${text}"`, (f) => f.tag === 'button' && (typeof text === 'string' ? f.text === text : text.test(f.text)));

/** Presses Tab until `want` holds (at most `max` times), as a keyboard user would. */
async function tabTo(page: Page, what: string, want: (f: Focused) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (want(await focused(page))) return;
  }
  throw new Error(`${max} Tabs did not reach ${what}`);
}

/** Physical insertion or removal of a demo token (the preview's demo route). */
async function insert(page: Page, label: string, inserted: boolean): Promise<void> {
  const serial = web.tokens.find((t) => t.label === label)!.serial;
  const result = await page.evaluate(`(async () => {
    const token = document.querySelector('meta[name="${DEV_TOKEN_META}"]').content;
    const response = await fetch('/demo/insert', { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer ' + token }, body: JSON.stringify({ serial: ${JSON.stringify(serial)}, inserted: ${inserted} }) });
    return (await response.json()).ok;
  })()`);
  expect(result).toBe(true);
}

describe.sequential('keyboard only', () => {
  it('first-time mixed mode: focus lands on the next thing to do after every action', async () => {
    const { page } = b;
    for (const token of web.tokens) await insert(page, token.label, false);
    await waitHeading(page, 'Connect to the cluster');
    await onHeading(page, 'Connect to the cluster');

    // Server: Tab through the form, Enter in the password field connects.
    await page.keyboard.press('Tab');
    // The first choice (a CUCM cluster, checked) is one tab stop; then the login fields.
    await focusIs(page, 'the cluster-kind choice', (f) => f.type === 'radio');
    await page.keyboard.press('Tab');
    await focusIs(page, 'the host field', (f) => f.label === 'Host name or IP address');
    await page.keyboard.type(web.firstNode.host);
    await page.keyboard.press('Tab');
    await page.keyboard.press('Control+A');
    await page.keyboard.type(String(web.firstNode.port));
    await page.keyboard.press('Tab');
    await page.keyboard.type(web.admin.username);
    await page.keyboard.press('Tab');
    await focusIs(page, 'the password field', (f) => f.type === 'password');
    await page.keyboard.type(web.admin.password);
    await page.keyboard.press('Enter');

    // Every first-contact step: focus on the screen's heading; Tab reaches the Trust button;
    // Enter on it trusts every certificate shown and goes on without asking for the password again.
    for (let i = 0; i < 3; i++) {
      await page.getByRole('heading', { level: 1, name: /Check the server's certificate|Choose the security mode/ }).waitFor({ timeout: 30_000 });
      if ((await heading(page)) === 'Choose the security mode') break;
      await onHeading(page, "Check the server's certificate");
      const fingerprint = await page.getByTestId('fingerprint').innerText();
      expect(await page.getByLabel('Password').count()).toBe(0);
      await tabTo(page, 'the Trust button', (f) => f.tag === 'button' && /trust (all \d+ )?and continue/.test(f.text));
      await page.keyboard.press('Enter');
      // One read of the page: the certificate screen may go away between a count and a read.
      const shown = () => page.evaluate("document.querySelector('[data-testid=fingerprint]')?.innerText ?? null") as Promise<string | null>;
      await until('the next screen', async () => (await shown()) !== fingerprint);
    }

    // Mode: the heading has focus; Tab reaches the chosen radio, arrows choose, Next goes on.
    await onHeading(page, 'Choose the security mode');
    await tabTo(page, 'a mode radio', (f) => f.type === 'radio');
    const mixed = page.getByLabel('Set the cluster to mixed mode');
    for (let i = 0; i < 3 && !(await mixed.isChecked()); i++) await page.keyboard.press('ArrowUp');
    expect(await mixed.isChecked()).toBe(true);
    await tabTo(page, 'Next', (f) => f.text === 'Next');
    await page.keyboard.press('Enter');
    await waitHeading(page, 'Security tokens');
    await onHeading(page, 'Security tokens');

    // Tokens: insert -> focus on OK; Enter -> focus on the token's information; Tab -> Add;
    // Enter -> focus on what to do next (remove it); remove -> focus on "insert the next".
    for (const label of ['SAST-1', 'SAST-2']) {
      await insert(page, label, true);
      await onButton(page, 'OK');
      await page.keyboard.press('Enter');
      await onHeading(page, `Token ${label}`);
      // Past the fingerprint's Copy button, Add is next.
      await tabTo(page, 'Add', (f) => f.tag === 'button' && f.text === 'Add', 2);
      await page.keyboard.press('Enter');
      await focusIs(page, 'the prompt to remove the token', (f) => f.tag === 'p' && f.text.includes(label));
      await insert(page, label, false);
      await focusIs(page, 'the prompt to insert the next token', (f) => f.tag === 'p' && /insert the next/i.test(f.text));
    }
    await tabTo(page, 'Done adding tokens', (f) => f.text === 'Done adding tokens');
    await page.keyboard.press('Enter');
    await waitHeading(page, 'CTL entries');
    await onHeading(page, 'CTL entries');

    // A dialog opened from the keyboard returns focus to its opener when Escape closes it.
    await tabTo(page, 'a View button', (f) => f.tag === 'button' && f.label.startsWith('View the certificate of cucm-1'));
    const opener = await focused(page);
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').getByText('SHA-256 fingerprint').waitFor();
    await onButton(page, 'Close');
    await page.keyboard.press('Escape');
    await page.getByRole('dialog').waitFor({ state: 'detached' });
    await focusIs(page, 'the View button that opened the dialog', (f) => f.label === opener.label);

    await tabTo(page, 'Review', (f) => f.text === 'Review');
    await page.keyboard.press('Enter');
    await waitHeading(page, 'Review the new CTL');
    await onHeading(page, 'Review the new CTL');

    // Review: the signer goes back in; Finish opens the PIN dialog with focus in the PIN field;
    // Enter there moves to "Sign and publish" and publishes nothing; Enter on it publishes.
    await insert(page, 'SAST-1', true);
    await page.getByRole('button', { name: /sign and publish/ }).and(page.locator(':enabled')).waitFor();
    await tabTo(page, 'Finish', (f) => /sign and publish/.test(f.text));
    await page.keyboard.press('Enter');
    await focusIs(page, 'the PIN field', (f) => f.type === 'password');
    await page.keyboard.type('Cisco123');
    await page.keyboard.press('Enter');
    await onButton(page, 'Sign and publish');
    expect(await page.getByRole('dialog').count()).toBe(1);
    await expect(ctlOnDisk(web.firstNode)).rejects.toThrow();
    await page.keyboard.press('Enter');
    await waitHeading(page, 'The new CTL is in place');
    await onHeading(page, 'The new CTL is in place');
    expect((await ctlOnDisk(web.firstNode)).signatureValid).toBe(true);
    expect(b.pageErrors).toEqual([]);
  });
});
