// Checks the built renderer page (dist/renderer/index.html) when it exists: the
// Content-Security-Policy must survive the Vite build and stay strict, and the page may load
// scripts and styles only from its own files (no inline code, no remote URL).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

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

export function pageProblems(html: string): string[] {
  const problems: string[] = [];
  const csp = pageCsp(html);
  if (!csp) return ['dist/renderer/index.html has no Content-Security-Policy meta tag'];
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
    if (!/\bsrc=/.test(attrs) && (tag[2] ?? '').trim() !== '') problems.push('dist/renderer/index.html has an inline <script>');
    const src = /\bsrc=["']([^"']+)["']/.exec(attrs)?.[1];
    if (src && /^[a-z][a-z0-9+.-]*:/i.test(src)) problems.push(`dist/renderer/index.html loads a script from ${src}`);
  }
  if (/<style\b/i.test(html)) problems.push('dist/renderer/index.html has an inline <style>');
  if (/\son[a-z]+\s*=/i.test(html)) problems.push('dist/renderer/index.html has an inline event handler attribute');
  return problems;
}

export async function builtPageProblems(root: string): Promise<{ checked: boolean; problems: string[] }> {
  const path = join(root, 'dist', 'renderer', 'index.html');
  if (!existsSync(path)) return { checked: false, problems: [] };
  return { checked: true, problems: pageProblems(await readFile(path, 'utf8')) };
}
