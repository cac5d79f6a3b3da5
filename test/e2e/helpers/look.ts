// Checks of the look-and-feel matrix: a screenshot to a given path, axe's serious and critical
// violations, and every element that overflows its container horizontally.
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { VIEWS } from '../../../renderer/src/store/app-store';
import type { View } from '../../../renderer/src/store/app-store';
import type { AxeFinding } from './browser';
import { until } from './wizard';

export async function axeFindings(page: Page, screen: string): Promise<AxeFinding[]> {
  // Violations only: collecting passes and incomplete results triples the time of a scan.
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']).options({ resultTypes: ['violations'] }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({ screen, id: v.id, impact: v.impact ?? '', help: v.help, nodes: v.nodes.map((n) => n.target.join(' ')) }));
}

/**
 * What overflows horizontally: the page itself; any element sticking out of its frame (the
 * main panel, an open dialog, the header, the rail or the demo panel); a scroll container that
 * has to scroll; a text box (cell, label, button…) whose text spills out of it.
 */
export const OVERFLOW_CHECK = `(() => {
  const out = [];
  const root = document.documentElement;
  if (root.scrollWidth > root.clientWidth + 1) out.push('the page scrolls horizontally: ' + root.scrollWidth + ' > ' + root.clientWidth);
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\\s+/).join('.') : '') + ' "' + (el.textContent || '').trim().slice(0, 40) + '"';
  const TEXT = new Set(['TD', 'TH', 'DD', 'DT', 'P', 'SPAN', 'LABEL', 'BUTTON', 'LI', 'H1', 'H2', 'H3', 'SUMMARY', 'CAPTION', 'LEGEND', 'A', 'SELECT']);
  const dialog = document.querySelector('dialog[open]');
  const scope = dialog ? dialog.querySelectorAll('*') : document.body.querySelectorAll('*');
  for (const el of scope) {
    if (el.closest('.visually-hidden, .skip-link, script, style, option')) continue;
    const style = getComputedStyle(el);
    if (style.display === 'none' || style.visibility === 'hidden' || style.position === 'fixed') continue;
    const r = el.getBoundingClientRect();
    // Visually hidden text (1 px, clipped) is for screen readers only.
    if (r.width <= 1 || r.height <= 1 || style.clipPath !== 'none') continue;
    const frame = el.parentElement && el.parentElement.closest('dialog[open], main, header, nav.rail, aside');
    if (frame) {
      const f = frame.getBoundingClientRect();
      if (r.right > f.right + 1 || r.left < f.left - 1) out.push(name(el) + ' sticks out of ' + name(frame).slice(0, 40) + ' by ' + Math.round(Math.max(r.right - f.right, f.left - r.left)) + ' px');
    }
    const scrolls = ['auto', 'scroll', 'hidden'].includes(style.overflowX);
    if ((scrolls || TEXT.has(el.tagName)) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0) {
      out.push(name(el) + (scrolls ? ' scrolls by ' : ' spills by ') + (el.scrollWidth - el.clientWidth) + ' px');
    }
  }
  return out;
})()`;

export async function overflowing(page: Page): Promise<string[]> {
  return (await page.evaluate(OVERFLOW_CHECK)) as string[];
}

/** Opens a view of the header by its place in VIEWS (the labels change with the language). */
export async function openView(page: Page, view: View): Promise<void> {
  await page.locator('.app-nav button').nth(VIEWS.indexOf(view)).click();
}

/** Changes the language on the Settings screen, as a user does, then returns to `back`. */
export async function setLanguage(page: Page, language: 'en' | 'ja', back: View = 'wizard'): Promise<void> {
  await openView(page, 'settings');
  await page.locator('#set-language').selectOption(language);
  await until(`the page in ${language}`, async () => (await page.evaluate('document.documentElement.lang')) === language);
  await openView(page, back);
}

/** Changes the theme on the Settings screen, then returns to `back`. */
export async function setTheme(page: Page, theme: 'system' | 'light' | 'dark', back: View = 'wizard'): Promise<void> {
  await openView(page, 'settings');
  await page.locator(`input[name="theme"][value="${theme}"]`).check();
  await openView(page, back);
}
