// The app's pages carry the first screen, prerendered by the build in each language, so the
// window shows it before any script has run. The wizard then takes that very screen over
// (hydrates it) when the page is in the start's language, or renders afresh when it is not.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { builtPageProblems } from '../../scripts/packaging/page-rules';
import { LANGUAGES, pageForLanguage } from '../../shared/i18n/language';
import { openBrowser } from './helpers/browser';
import type { Browser } from './helpers/browser';
import { repoRoot } from './helpers/dev-web';
import { FAKE_BRIDGE, serveRenderer } from './helpers/fake-bridge';
import { waitForWizard } from './helpers/wizard';

const dist = join(repoRoot, 'dist', 'renderer');
const HEADINGS = { en: 'Connect to the cluster', ja: 'クラスタに接続' } as const;

// From before the page's first byte: was a heading ever taken out of the page (a fresh render
// replacing the prerendered screen)?
const WATCH_HEADINGS = `new MutationObserver((records) => {
  for (const record of records) for (const node of record.removedNodes)
    if (node.nodeType === 1 && (node.matches('h1') || node.querySelector('h1'))) window.__headingReplaced = true;
}).observe(document, { subtree: true, childList: true });`;

let server: { url: string; close(): Promise<void> };
let b: Browser | null = null;

beforeAll(async () => {
  server = await serveRenderer();
});
afterAll(async () => {
  await server?.close();
});
afterEach(async () => {
  await b?.close();
  b = null;
});

/** A fresh browser on `page` with these saved settings, once the wizard has taken over. */
async function start(page: string, settings: Record<string, unknown>): Promise<Browser> {
  b = await openBrowser('prerender');
  await b.page.addInitScript(`${FAKE_BRIDGE}\n${WATCH_HEADINGS}`);
  await b.page.goto(server.url + page);
  await b.page.evaluate(`localStorage.setItem('fake-settings', ${JSON.stringify(JSON.stringify(settings))})`);
  await b.page.reload();
  await waitForWizard(b.page);
  return b;
}

describe('the first screen, prerendered', () => {
  it('each language has its page: the connect screen in that language, the same scripts, and the page rules hold', async () => {
    const pages = await Promise.all(LANGUAGES.map((language) => readFile(join(dist, pageForLanguage(language)), 'utf8')));
    const scripts = pages.map((page) => [...page.matchAll(/<script[^>]*src="([^"]+)"/g)].map((m) => m[1]));
    for (const [i, language] of LANGUAGES.entries()) {
      const page = pages[i]!;
      expect(page).toContain(`<html lang="${language}">`);
      expect(page).toContain(`<h1 tabindex="-1">${HEADINGS[language]}</h1>`);
      expect(scripts[i]).toEqual(scripts[0]);
    }
    expect(scripts[0]).toHaveLength(1);
    expect(await builtPageProblems(repoRoot)).toEqual({ checked: true, problems: [] });
  });

  it('shows the connect screen before any script has run, with Connect disabled until the app has started', async () => {
    b = await openBrowser('prerender');
    await b.page.route('**/*.js', (route) => route.abort());
    await b.page.goto(server.url);
    await expect(b.page.getByRole('heading', { level: 1, name: HEADINGS.en }).isVisible()).resolves.toBe(true);
    await expect(b.page.getByLabel('Host name or IP address').isVisible()).resolves.toBe(true);
    await expect(b.page.getByRole('button', { name: 'Connect', exact: true }).isDisabled()).resolves.toBe(true);
    await b.screen('before-scripts');
  });

  it('before any script, follows the colour scheme the window has (the saved theme, set by main)', async () => {
    b = await openBrowser('prerender');
    await b.page.route('**/*.js', (route) => route.abort());
    const background = () => b!.page.evaluate('getComputedStyle(document.body).backgroundColor');
    await b.page.emulateMedia({ colorScheme: 'dark' });
    await b.page.goto(server.url);
    expect(await background()).toBe('rgb(20, 23, 27)');
    await b.screen('before-scripts-dark');
    await b.page.emulateMedia({ colorScheme: 'light' });
    expect(await background()).toBe('rgb(244, 245, 247)');
  });

  it('is taken over, not replaced: no hydration error, the saved cluster filled in, Connect enabled, focus on the heading', async () => {
    const { page, pageErrors } = await start('', { language: 'en', recentClusters: [{ host: 'cucm-pub.example.net', port: 2444, username: 'ctladmin' }] });
    await expect.poll(() => page.getByLabel('Host name or IP address').inputValue()).toBe('cucm-pub.example.net');
    expect(await page.getByLabel('User name').inputValue()).toBe('ctladmin');
    expect(await page.getByRole('button', { name: 'Connect', exact: true }).isEnabled()).toBe(true);
    expect(await page.evaluate('document.activeElement?.textContent')).toBe(HEADINGS.en);
    expect(await page.evaluate('window.__headingReplaced ?? false')).toBe(false);
    expect(pageErrors).toEqual([]);
  });

  it('in Japanese: the Japanese page is taken over; the English page is rendered afresh in Japanese', async () => {
    for (const [path, replaced] of [[pageForLanguage('ja'), false], ['', true]] as const) {
      const { page, pageErrors } = await start(path, { language: 'ja' });
      await page.getByRole('heading', { level: 1, name: HEADINGS.ja }).waitFor();
      expect(await page.evaluate('document.documentElement.lang')).toBe('ja');
      expect(await page.evaluate('window.__headingReplaced ?? false')).toBe(replaced);
      expect(await page.getByRole('button', { name: '接続', exact: true }).isEnabled()).toBe(true);
      expect(pageErrors).toEqual([]);
      await b?.close();
      b = null;
    }
  });
});
