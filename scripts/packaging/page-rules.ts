// Checks the built renderer pages (dist/renderer/index.html, and the page of each other
// language, which the build writes beside it) when they exist: the
// Content-Security-Policy must survive the Vite build and stay strict, and the page may load
// scripts and styles only from its own files (no inline code, no remote URL).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { LANGUAGES, pageForLanguage } from '../../shared/i18n/language';

/** Directive → sources it must be exactly. */
export const REQUIRED_CSP: Readonly<Record<string, string>> = {
  'default-src': "'none'",
  'script-src': "'self'",
  'base-uri': "'none'",
  'form-action': "'none'",
};
const FORBIDDEN_SOURCES = ["'unsafe-inline'", "'unsafe-eval'", "'unsafe-hashes'", "'wasm-unsafe-eval'", '*', 'http:', 'https:', 'ws:', 'wss:'];

/** Directives of the CSP meta tag, or null when the page has none. */
export function pageCsp(html: string): Map<string, string[]> | null {
  const meta = /<meta\s[^>]*http-equiv=["']Content-Security-Policy["'][^>]*>/i.exec(html);
  const content = meta ? /content=(["'])([\s\S]*?)\1/i.exec(meta[0]) : null;
  if (!content?.[2]) return null;
  const directives = new Map<string, string[]>();
  for (const part of content[2].split(';')) {
    const [name, ...sources] = part.trim().split(/\s+/);
    if (name) directives.set(name.toLowerCase(), sources);
  }
  return directives;
}

export function pageProblems(html: string, page = 'index.html'): string[] {
  const problems: string[] = [];
  const name = `dist/renderer/${page}`;
  const csp = pageCsp(html);
  if (!csp) return [`${name} has no Content-Security-Policy meta tag`];
  for (const [name, wanted] of Object.entries(REQUIRED_CSP)) {
    const got = csp.get(name)?.join(' ');
    if (got !== wanted) problems.push(`CSP ${name} must be ${wanted}, got ${got ?? '(missing)'}`);
  }
  for (const [name, sources] of csp) {
    for (const source of sources) {
      if (FORBIDDEN_SOURCES.includes(source) || /^[a-z][a-z0-9+.-]*:\/\//i.test(source)) problems.push(`CSP ${name} allows ${source}`);
    }
  }
  for (const tag of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const attrs = tag[1] ?? '';
    if (!/\bsrc=/.test(attrs) && (tag[2] ?? '').trim() !== '') problems.push(`${name} has an inline <script>`);
    const src = /\bsrc=["']([^"']+)["']/.exec(attrs)?.[1];
    if (src && /^[a-z][a-z0-9+.-]*:/i.test(src)) problems.push(`${name} loads a script from ${src}`);
  }
  if (/<style\b/i.test(html)) problems.push(`${name} has an inline <style>`);
  // The CSP's style-src has no 'unsafe-inline': a style attribute (one the prerendered screen
  // could carry) would be dropped.
  if (/<[a-z][^>]*\sstyle\s*=/i.test(html)) problems.push(`${name} has an inline style attribute`);
  if (/\son[a-z]+\s*=/i.test(html)) problems.push(`${name} has an inline event handler attribute`);
  return problems;
}

/** Not checked when nothing is built; else every language's page must be there and pass. */
export async function builtPageProblems(root: string): Promise<{ checked: boolean; problems: string[] }> {
  const dir = join(root, 'dist', 'renderer');
  if (!existsSync(join(dir, 'index.html'))) return { checked: false, problems: [] };
  const problems: string[] = [];
  for (const page of LANGUAGES.map(pageForLanguage)) {
    if (existsSync(join(dir, page))) problems.push(...pageProblems(await readFile(join(dir, page), 'utf8'), page));
    else problems.push(`dist/renderer/${page} is missing (the build writes a page per language)`);
  }
  return { checked: true, problems };
}
