// Real Chromium (Debian's /usr/bin/chromium through playwright-core) with a fresh profile, plus
// a screen helper that saves a screenshot of every screen to screenshots/<suite>/ and runs
// axe-core on it (serious and critical violations are collected and asserted by the tests).
import AxeBuilder from '@axe-core/playwright';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { BrowserContext, Page } from 'playwright-core';
import { repoRoot } from './dev-web';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SCREENSHOTS = join(repoRoot, 'screenshots');

export interface AxeFinding {
  screen: string;
  id: string;
  impact: string;
  help: string;
  nodes: string[];
}

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Screenshot + axe scan of the current screen. */
  screen(name: string): Promise<void>;
  /** Serious/critical axe violations seen so far. */
  findings: AxeFinding[];
  /** Errors thrown in the page or logged with console.error. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openBrowser(suite: string, options: { locale?: string } = {}): Promise<Browser> {
  const profile = await mkdtemp(join(tmpdir(), 'ctl-e2e-profile-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    locale: options.locale ?? 'en-US',
    viewport: { width: 1280, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') pageErrors.push(message.text());
  });
  const dir = join(SCREENSHOTS, suite);
  await mkdir(dir, { recursive: true });
  const findings: AxeFinding[] = [];
  let count = 0;
  return {
    context,
    page,
    findings,
    pageErrors,
    async screen(name) {
      // Let transitions and focus settle before the picture and the scan.
      await page.waitForTimeout(150);
      count += 1;
      await page.screenshot({ path: join(dir, `${String(count).padStart(2, '0')}-${name}.png`), fullPage: true });
      const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).analyze();
      for (const v of result.violations) {
        if (v.impact === 'serious' || v.impact === 'critical') {
          findings.push({ screen: name, id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) });
        }
      }
    },
    async close() {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    },
  };
}
