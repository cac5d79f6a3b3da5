// Driving the wizard as a user would (labels and roles only), plus reading what landed on disk.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, expect } from 'vitest';
import { decodeCtl, verifyCtl } from '../../../shared/ctl/index';
import type { CtlFile } from '../../../shared/ctl/model';
import { openBrowser, type Browser } from './browser';
import { startDevWebProcess, type DemoServerInfo, type RunningDevWeb } from './dev-web';

/** Polls until `check` passes (bounded: 100 tries, 100 ms apart). */
/**
 * One web preview process (real SoftHSM tokens, real demo cluster) and one browser on it for a
 * test file: started before its tests, stopped after; `ready` hands both over.
 */
export function useDevWebPage(name: string, ready: (web: RunningDevWeb, b: Browser) => void): void {
  let web: RunningDevWeb | undefined;
  let b: Browser | undefined;
  beforeAll(async () => {
    web = await startDevWebProcess();
    b = await openBrowser(name);
    await b.page.goto(web.url);
    ready(web, b);
  });
  afterAll(async () => {
    await b?.close();
    await web?.stop();
  });
}

/** Done adding tokens, then on from the entries to the review. */
export async function tokensDoneToReview(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Done adding tokens' }).click();
  await waitHeading(page, 'CTL entries');
  await page.getByRole('button', { name: 'Review' }).click();
  await waitHeading(page, 'Review the new CTL');
}

export async function until(what: string, check: () => Promise<boolean>, tries = 100): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

/**
 * Waits until the wizard has taken the page over. The app's page shows the first screen,
 * prerendered, before its scripts have run; it answers clicks and keys (and the fake bridge's
 * pushes reach it) only once React has hydrated it, or rendered it afresh in another language.
 * Polled with evaluate (DevTools' own evaluation): waitForFunction with an expression runs it
 * through eval, which the page's CSP refuses.
 */
export async function waitForWizard(page: Page): Promise<void> {
  await until('the wizard to take the page over', async () => (await page.evaluate("performance.getEntriesByName('ctl:first-screen').length > 0")) === true, 300);
}

export async function heading(page: Page): Promise<string> {
  return (await page.locator('h1').first().innerText()).trim();
}

export async function waitHeading(page: Page, text: string | RegExp): Promise<void> {
  await page.getByRole('heading', { level: 1, name: text }).waitFor({ timeout: 30_000 });
}

/** Inserts or removes a demo token with the web preview's "Demo tokens" panel. */
export async function setInserted(page: Page, label: string, inserted: boolean): Promise<void> {
  const box = page.getByLabel(`${label} inserted`);
  if ((await box.isChecked()) !== inserted) await box.click();
  await until(`${label} ${inserted ? 'inserted' : 'removed'}`, async () => (await box.isChecked()) === inserted);
}

export async function removeAllTokens(page: Page, web: RunningDevWeb): Promise<void> {
  for (const token of web.tokens) await setInserted(page, token.label, false);
}

/**
 * Server screen: host, port, user, password, Connect; then every first-contact certificate is
 * trusted (after comparing it with the demo server's real fingerprint) and, since the password
 * is never kept, typed again.
 */
export async function connect(b: Browser, web: RunningDevWeb, options: { screens?: boolean } = {}): Promise<void> {
  const { page } = b;
  await waitHeading(page, 'Connect to the cluster');
  await page.getByLabel('Host name or IP address').fill(web.firstNode.host);
  await page.getByLabel('Port', { exact: true }).fill(String(web.firstNode.port));
  await page.getByLabel('User name').fill(web.admin.username);
  await page.getByLabel('Password').fill(web.admin.password);
  if (options.screens) await b.screen('server');
  await page.getByRole('button', { name: 'Connect' }).click();
  const fingerprints = new Set([...web.nodes, ...web.altTftp, ...web.firewalls].map((s) => s.fingerprint.toLowerCase()));
  // One login: the password is typed once; at most two trust steps (the first node before the
  // password is sent, then every other certificate of the cluster together).
  for (let i = 0; i < 3; i++) {
    // Wait for the connect attempt to finish (the button reads "Connecting…" meanwhile).
    await page.getByRole('button', { name: 'Connecting…' }).waitFor({ state: 'detached', timeout: 30_000 });
    await page.getByRole('heading', { level: 1, name: /Check the server's certificate|Connect to the cluster|Choose the security mode/ }).waitFor();
    const h = await heading(page);
    if (h === 'Choose the security mode') return;
    if (h === "Check the server's certificate") {
      for (const text of await page.getByTestId(/^fingerprint(-\d+)?$/).allInnerTexts()) {
        const shown = text.replace(/:/g, '').toLowerCase();
        if (!fingerprints.has(shown)) throw new Error(`the wizard showed an unknown fingerprint ${shown}`);
      }
      if (options.screens) await b.screen(i === 0 ? 'trust' : 'trust-many');
      await page.getByRole('button', { name: /trust (all \d+ )?and continue/ }).click();
      await page.waitForTimeout(200);
      continue;
    }
    throw new Error('the wizard asked for the password again after a certificate was trusted');
  }
  throw new Error('connect did not reach the security mode screen within two trust steps');
}

/** From the mode screen: mixed mode, then SAST-1 and SAST-2 added one at a time (none left inserted). */
export async function mixedWithTwoTokens(b: Browser, web: RunningDevWeb): Promise<void> {
  const { page } = b;
  await page.getByLabel('Set the cluster to mixed mode').check();
  await page.getByRole('button', { name: 'Next' }).click();
  await waitHeading(page, 'Security tokens');
  await removeAllTokens(page, web);
  await addToken(b, 'SAST-1');
  await addToken(b, 'SAST-2');
}

/** Insert one token, OK (read its information), then Add. */
export async function addToken(b: Browser, label: string, screenName?: string): Promise<void> {
  const { page } = b;
  await setInserted(page, label, true);
  await page.getByRole('button', { name: 'OK', exact: true }).click();
  await page.getByRole('heading', { name: `Token ${label}` }).waitFor();
  if (screenName) await b.screen(screenName);
  await page.getByRole('button', { name: 'Add', exact: true }).click();
  await page.getByRole('cell', { name: label, exact: true }).waitFor();
  await setInserted(page, label, false);
}

export async function waitDone(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Save report' }).waitFor({ timeout: 60_000 });
}

/**
 * Finish on the review: a dialog always states what is published before anything is; it asks
 * for the signer's PIN unless the signer still holds its login. `expectPin` asserts which.
 */
export async function signAndPublish(page: Page, expectPin?: boolean): Promise<void> {
  await page.getByRole('button', { name: /sign and publish/ }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByRole('button', { name: 'Sign and publish' }).waitFor();
  const pin = dialog.getByLabel('Token user PIN');
  if (expectPin !== undefined) expect(await pin.count(), 'the PIN field').toBe(expectPin ? 1 : 0);
  if (await pin.count()) await pin.fill('Cisco123');
  await dialog.getByRole('button', { name: 'Sign and publish' }).click();
  await waitDone(page);
}

export interface CtlOnDisk {
  bytes: Uint8Array;
  file: CtlFile;
  signatureValid: boolean;
}

export async function ctlOnDisk(server: DemoServerInfo): Promise<CtlOnDisk> {
  const bytes = new Uint8Array(await readFile(join(server.tftpRoot, 'CTLFile.tlv')));
  const verification = await verifyCtl(bytes);
  return { bytes, file: decodeCtl(bytes), signatureValid: verification.signatureValid };
}

export async function sha256(bytes: Uint8Array): Promise<string> {
  return createHash('sha256').update(bytes).digest('hex');
}
