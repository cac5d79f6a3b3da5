// Finds English left on a Japanese page: every visible text node (and the title, aria-label and
// placeholder a user meets) with what may stay as it is taken out — product and protocol names,
// roles, hashes, host names, token labels, certificate names, fingerprints, file names,
// numbers — and flagged when an English word remains.
import type { Page } from 'playwright-core';

/** Words that are names, not English: products, protocols, roles, algorithms, units. */
const NAMES = [
  'Cisco', 'Unified', 'Communications', 'Manager', 'CallManager', 'CTL', 'ITL', 'TFTP', 'SAST', 'CAPF', 'CUCM', 'ASA', 'CCM',
  'PKCS', 'SHA', 'RSA', 'ECDSA', 'EC', 'TLS', 'SSH', 'SFTP', 'DNS', 'IP', 'IPv4', 'IPv6', 'USB', 'PIN', 'OK', 'ID', 'PEM', 'DER', 'JSON',
  'Markdown', 'Provider', 'SoftHSM', 'eToken', 'SafeNet', 'Electron', 'Chromium', 'Node', 'Windows', 'macOS', 'Linux', 'GMT', 'UTC',
  'KB', 'MB', 'bit', 'bits', 'Web', 'OS', 'Administration', 'Security', 'IPCBU', 'Systems', 'Example', 'Other', 'cluster', 'Bundle',
  'Cisco123', 'npm', 'dev', 'web', 'OpenSC', 'Tftp', 'Client', 'Inc', 'hosts', 'URL', 'NUL',
  'IPv', // IPv4 and IPv6: a word is letters only
  'Authentication', 'opensc', 'softhsm', // token middleware as its vendors name it (SafeNet Authentication Client)
];

/**
 * Values of the test states that are data a user typed or a server reported, not our words:
 * a cluster name, a token's manufacturer and model, a user name, the platform, and the error
 * texts of the fake servers (a service's own reason is shown as given, inside our sentence).
 */
const FIXTURE_VALUES = ['StandAloneCluster', 'Manufacturing', 'ccmadmin', 'test', 'connection refused', 'connection reset'];

const DATA = [
  /\b(?:CN|OU|O|C|L|ST|E|DC)=[^,;、）)\n]*/g, // certificate names
  /\b[\w-]+(?:\.[\w-]+)+\b/g, // host names, file names, versions
  /\b[A-Za-z][\w]*(?:-[\w]+)*-\d+\w*\b/g, // labels like SAST-1, cucm-3, CAPF-1a2b
  /\b[0-9A-Fa-f]{2}(?:[:\s][0-9A-Fa-f]{2}){3,}\b/g, // fingerprints in groups
  /\b[0-9a-f]{8,}\b/gi, // hex
  /\boverride [a-z]+(?:-[a-z]+)+/g, // a check's confirmation text, typed as shown
  /\b[a-z]+(?:-[a-z]+)+\b/g, // codes shown as data
  /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g, // field names of the CTL format (HEADER_LENGTH), variables (CTL_PKCS11_MODULE)
  /\b[A-Z]{3,}\b(?=（タグ)/g, // a one-word field name before its tag (VERSION（タグ 1）)
  /\bE[A-Z]{2,}\b/g, // system error codes (EACCES, EIO)
];

/** Addresses as typed (sftp://user@host/srv/tftp, file:///path): data, taken out before paths. */
const URL_TEXT = /\b[a-z][a-z0-9+.-]*:\/\/[^\s、。（）「」]*/gi;

export function englishLeft(text: string): string | null {
  let rest = text.replace(URL_TEXT, ' ').replace(/(^|[^\w.])\/[\w./-]+/g, '$1 '); // paths (in Japanese often right after a particle)
  for (const value of FIXTURE_VALUES) rest = rest.split(value).join(' ');
  for (const re of DATA) rest = rest.replace(re, ' ');
  const words = rest.match(/[A-Za-z]{3,}/g) ?? [];
  const english = words.filter((w) => !NAMES.includes(w));
  return english.length > 0 ? english.join(' ') : null;
}

const COLLECT = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const el = node.parentElement;
    const text = (node.textContent || '').trim();
    if (!el || !text || el.closest('script, style, .demo-panel')) continue;
    if (el.getClientRects().length === 0) continue;
    out.push(text);
  }
  for (const el of document.querySelectorAll('[title], [aria-label], [placeholder]')) {
    if (el.getClientRects().length === 0) continue;
    for (const a of ['title', 'aria-label', 'placeholder']) { const v = el.getAttribute(a); if (v) out.push(v); }
  }
  return out;
})()`;

/** The texts on the page that still hold English, each with the words that gave it away. */
export async function englishOnPage(page: Page, where: string): Promise<string[]> {
  const texts = (await page.evaluate(COLLECT)) as string[];
  return texts.flatMap((t) => {
    const left = englishLeft(t);
    return left ? [`${where}: "${t.slice(0, 120)}" (${left})`] : [];
  });
}
