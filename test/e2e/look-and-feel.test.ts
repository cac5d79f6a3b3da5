// The look-and-feel matrix: every screen in light and dark, English and Japanese, at 1280×800
// and 800×600, saved under screenshots/look/; axe finds no serious or critical violation on any
// of them, and at 800×600 nothing overflows horizontally. The in-memory bridge drives the
// screens (one engine state each), so the matrix takes seconds per variant, not a demo run.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InspectedFile } from '../../shared/ipc/views';
import { openBrowser, SCREENSHOTS } from './helpers/browser';
import type { AxeFinding, Browser } from './helpers/browser';
import { FAKE_BRIDGE, serveRenderer } from './helpers/fake-bridge';
import { waitForWizard } from './helpers/wizard';
import { axeFindings, overflowing } from './helpers/look';
import { lookScreens, sampleInspectedCtl, wizard } from './helpers/look-screens';

const SIZES = [
  { name: '1280x800', width: 1280, height: 800 },
  { name: '800x600', width: 800, height: 600 },
] as const;
const VARIANTS = [
  { theme: 'light', language: 'en' },
  { theme: 'dark', language: 'en' },
  { theme: 'light', language: 'ja' },
  { theme: 'dark', language: 'ja' },
] as const;

let b: Browser;
let server: { url: string; close(): Promise<void> };
let inspected: InspectedFile;

beforeAll(async () => {
  server = await serveRenderer();
  b = await openBrowser('look');
  await b.page.addInitScript(FAKE_BRIDGE);
  inspected = await sampleInspectedCtl();
});

afterAll(async () => {
  await b?.close();
  await server?.close();
});

describe.sequential('look and feel: every screen, both themes, both languages, two window sizes', () => {
  for (const variant of VARIANTS) {
    it(`${variant.theme}, ${variant.language}: screenshots, axe and no horizontal overflow`, async () => {
      const { page } = b;
      const dir = join(SCREENSHOTS, 'look', `${variant.theme}-${variant.language}`);
      await mkdir(dir, { recursive: true });
      await page.goto(server.url);
      await page.evaluate(`localStorage.setItem('fake-settings', ${JSON.stringify(JSON.stringify(variant))})`);
      await page.reload();
      await waitForWizard(page);
      await page.locator('h1').waitFor();
      expect(await page.evaluate('[document.documentElement.dataset.theme, document.documentElement.lang]')).toEqual([variant.theme, variant.language]);
      const findings: AxeFinding[] = [];
      const overflow: string[] = [];
      for (const [i, screen] of lookScreens(inspected).entries()) {
        if (i < 10) await wizard(page);
        await screen.show(page);
        await page.locator('h1').first().waitFor();
        for (const size of SIZES) {
          await page.setViewportSize({ width: size.width, height: size.height });
          await page.waitForTimeout(60);
          await page.screenshot({ path: join(dir, `${String(i + 1).padStart(2, '0')}-${screen.name}-${size.name}.png`) });
          findings.push(...(await axeFindings(page, `${screen.name} ${size.name}`)));
          if (size.width === 800) overflow.push(...(await overflowing(page)).map((o) => `${screen.name}: ${o}`));
        }
      }
      expect(findings).toEqual([]);
      expect(overflow).toEqual([]);
    });
  }
});
