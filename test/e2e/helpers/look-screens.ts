// The screens of the look-and-feel matrix and the Japanese walk-through: each shown with the
// in-memory bridge (one engine state each), reachable from any other screen.
import type { Page } from 'playwright-core';
import { inspectFile } from '../../../electron/app/inspect';
import { recordFromCertificate } from '../../../shared/ctl/index';
import { makeIdentity, signedCtl } from '../../helpers/pki';
import type { InspectedFile } from '../../../shared/ipc/views';
import { openFile, push } from './fake-bridge';
import { doneState, entriesState, firstTimeTokensState, modeState, publishingState, reviewMatrixState, trustState } from './look-states';
import { base, cancelledState, publishFailedState } from './snapshots';

export const view = (page: Page, index: number) => page.locator('.app-nav button').nth(index).click();
export const wizard = (page: Page) => view(page, 0);

/** Every screen, reached from any other one with the in-memory bridge (the first ten through the wizard view). */
export function lookScreens(inspected: InspectedFile): { name: string; show(page: Page): Promise<void> }[] {
  return [
  { name: 'server', show: async (page) => push(page, base('connect', { allowed: ['connect'], server: null })) },
  { name: 'trust', show: async (page) => push(page, trustState()) },
  { name: 'mode', show: async (page) => push(page, modeState()) },
  { name: 'tokens', show: async (page) => push(page, firstTimeTokensState()) },
  { name: 'entries', show: async (page) => push(page, entriesState(3)) },
  { name: 'review', show: async (page) => push(page, reviewMatrixState()) },
  { name: 'publishing', show: async (page) => push(page, publishingState()) },
  { name: 'publish-failed', show: async (page) => push(page, publishFailedState()) },
  { name: 'done', show: async (page) => push(page, doneState()) },
  { name: 'cancelled', show: async (page) => push(page, cancelledState()) },
  {
    name: 'inspector',
    show: async (page) => {
      await openFile(page, { ok: true, file: inspected });
      await page.locator('#inspected-h').waitFor();
    },
  },
  {
    name: 'certificate',
    show: async (page) => {
      await page.locator('td button').first().click();
      await page.locator('dialog[open] .fingerprint').first().waitFor();
    },
  },
  {
    name: 'change-pin',
    show: async (page) => {
      await page.keyboard.press('Escape');
      await page.locator('dialog[open]').waitFor({ state: 'detached' });
      await view(page, 2);
    },
  },
  { name: 'settings', show: async (page) => view(page, 3) },
  { name: 'about', show: async (page) => view(page, 4) },
];
}

/** The CTL the inspector screen shows: a token and one node, signed. */
export async function sampleInspectedCtl(): Promise<InspectedFile> {
  const sast = await makeIdentity({ subject: 'CN=SAST-ADN0001, OU=IPCBU, O=Cisco Systems' });
  const node = await makeIdentity({ subject: 'CN=cucm-1.example.com, OU=CallManager, O=Example, C=JP' });
  const bytes = await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', node.der, { dnsName: 'cucm-1.example.com', ipAddress: '192.0.2.11' })], 1_790_000_000);
  return inspectFile('CTLFile.tlv', bytes);
}
