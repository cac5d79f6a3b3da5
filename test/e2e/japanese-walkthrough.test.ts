// The wizard in Japanese, screen by screen and state by state, with what the engine sends
// (refusals, failures, check results, notices, busy work, the checklist, a cancel reason) as
// codes and parameters: no visible text may be English beyond names and data (see
// helpers/english-text.ts). Also proves the detector: the same walk in English is full of it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import type { InspectedFile } from '../../shared/ipc/views';
import { msg } from '../../shared/session/messages';
import type { SessionSnapshot } from '../../shared/session/types';
import { openBrowser } from './helpers/browser';
import type { Browser } from './helpers/browser';
import { englishLeft, englishOnPage } from '../helpers/english-text';
import { FAKE_BRIDGE, push, reply, serveRenderer } from './helpers/fake-bridge';
import { waitForWizard } from './helpers/wizard';
import { lookScreens, sampleInspectedCtl, wizard } from './helpers/look-screens';
import { doneState } from './helpers/look-states';
import { entriesState, reviewState, token, tokensState } from './helpers/snapshots';

let b: Browser;
let server: { url: string; close(): Promise<void> };
let inspected: InspectedFile;

/** States beyond one per screen: what the engine says while working, warning and refusing. */
const ENGINE_STATES: { name: string; show(page: Page): Promise<void> }[] = [
  {
    name: 'tokens: several inserted, proving',
    show: (page) => push(page, {
      ...tokensState(token('SAST-1', 1), [token('SAST-1', 1), token('SAST-3', 3)]),
      busy: { action: 'proving', detail: 'SAST-1' },
      notices: [msg('notice.several-tokens', { count: 2 })],
    }),
  },
  {
    name: 'entries: notices and a refused deletion',
    show: async (page) => {
      await push(page, { ...entriesState(3), notices: [msg('notice.node-unreachable', { node: 'cucm-3', problem: msg('problem.not-connected') })] } as SessionSnapshot);
      await reply(page, 'session.deleteEntries', { ok: true, value: { ok: false, error: { kind: 'refused', code: 'signer-entry', guidePages: [], message: msg('refusal.signer-entry', { token: 'SAST-1' }) } } });
      await page.locator('tbody input[type=checkbox]:not([disabled])').first().check();
      await page.locator('.actions button.danger, button.danger').first().click();
      await page.getByRole('alert').waitFor();
    },
  },
  {
    name: 'review: failing checks and the override dialog',
    show: async (page) => {
      const review = reviewState();
      await push(page, {
        ...review,
        review: {
          ...review.review!,
          checks: [
            { id: 'signer-in-current-ctl', status: 'fail', blocking: true, overridable: false, overridden: false, confirmationText: null, detail: msg('check.signer-in-current-ctl.not-listed', { token: 'SAST-3', subject: 'CN=SAST-ADN0003' }), guidePages: ['12-2'] },
            { id: 'expiry', status: 'warn', blocking: false, overridable: false, overridden: false, confirmationText: null, detail: msg('check.expiry.expiring', { expiring: 'CCM+TFTP cucm-2 (2026-12-20)', days: 30 }), guidePages: [] },
            { id: 'hash-change', status: 'fail', blocking: true, overridable: true, overridden: false, confirmationText: 'override hash-change', detail: msg('check.hash-change.stronger', { current: 'SHA-1', next: 'SHA-512' }), guidePages: [] },
            { id: 'targets-reachable', status: 'fail', blocking: true, overridable: true, overridden: false, confirmationText: 'override targets-reachable', detail: msg('check.targets-reachable.nodes-and-servers', { nodes: 'cucm-3', servers: 'tftp-b' }), guidePages: ['3-3', '3-11'] },
          ],
          canSign: false,
        },
      });
      await page.locator('ul.checks button.danger').first().click();
      const dialog = page.locator('dialog[open]');
      await dialog.locator('input').fill('override');
    },
  },
  {
    name: 'connect: connecting',
    show: async (page) => {
      await page.keyboard.press('Escape');
      await push(page, { ...entriesState(2), kind: 'connect', allowed: ['connect'], server: null, busy: { action: 'connecting', detail: 'cucm-1:2444' } } as SessionSnapshot);
    },
  },
  {
    name: 'connect: a failed login',
    show: async (page) => {
      await push(page, { ...entriesState(2), kind: 'connect', allowed: ['connect'], server: null } as SessionSnapshot);
      await reply(page, 'session.connect', { ok: true, value: { ok: false, error: { kind: 'failed', code: 'credentials-required', message: msg('failure.password-needed', { username: 'ccmadmin', host: 'cucm-1' }) } } });
      const fields = page.locator('main input:not([type=password]):not([type=checkbox]):not([type=radio]):not([type=number])');
      const values = ['cucm-1', '2444', 'ccmadmin']; // host, port, user name
      for (const [i, value] of values.entries()) await fields.nth(i).fill(value);
      await page.locator('input[type=password]').first().fill('secret');
      await page.locator('form button[type=submit], form button.primary').first().click();
      await page.locator('div[role=alert]').filter({ hasText: 'ccmadmin' }).waitFor();
    },
  },
  { name: 'done with the checklist', show: (page) => push(page, doneState()) },
];

async function walk(page: Page, language: 'en' | 'ja'): Promise<string[]> {
  await page.goto(server.url);
  await page.evaluate(`localStorage.setItem('fake-settings', ${JSON.stringify(JSON.stringify({ theme: 'light', language }))})`);
  await page.reload();
  await waitForWizard(page);
  await page.locator('h1').waitFor();
  const found: string[] = [];
  for (const [i, screen] of lookScreens(inspected).entries()) {
    if (i < 10) await wizard(page);
    await screen.show(page);
    await page.locator('h1').first().waitFor();
    found.push(...(await englishOnPage(page, screen.name)));
  }
  await page.keyboard.press('Escape');
  await wizard(page);
  for (const state of ENGINE_STATES) {
    await state.show(page);
    await page.locator('h1').first().waitFor();
    found.push(...(await englishOnPage(page, state.name)));
  }
  return found;
}

beforeAll(async () => {
  server = await serveRenderer();
  b = await openBrowser('japanese');
  await b.page.addInitScript(FAKE_BRIDGE);
  inspected = await sampleInspectedCtl();
});

afterAll(async () => {
  await b?.close();
  await server?.close();
});

describe.sequential('the wizard in Japanese', () => {
  it('the detector flags English and lets names and data through', () => {
    expect(englishLeft('Token "SAST-1" (serial 0042) is already added.')).toBe('Token serial already added');
    expect(englishLeft('トークン「SAST-1」（シリアル番号 0042）は追加済みです。')).toBeNull();
    expect(englishLeft('CN=cucm-1.example.com, OU=CallManager, O=Example の CTL Provider（SHA-256 ab:cd:ef:01:23:45）')).toBeNull();
  });

  it('every screen and engine state is in Japanese', async () => {
    expect(await walk(b.page, 'ja')).toEqual([]);
  }, 180_000);

  it('the same walk in English is caught (the check can fail)', async () => {
    const english = await walk(b.page, 'en');
    expect(english.length).toBeGreaterThan(40);
    // The engine's own messages are among what it catches.
    expect(english.some((e) => e.includes('is not a SAST of the current CTL'))).toBe(true);
  }, 180_000);
});
