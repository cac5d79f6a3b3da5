// Every UI string exists in English and Japanese, and every key the screens use exists.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..', 'renderer');

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

async function sources(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await sources(path)));
    else if (/\.tsx?$/.test(entry.name)) out.push(await readFile(path, 'utf8'));
  }
  return out;
}

/** A language's strings: its two files, which must not share a top-level section. */
async function language(lang: 'en' | 'ja'): Promise<Record<string, unknown>> {
  const wizard = JSON.parse(await readFile(join(root, 'i18n', `${lang}.json`), 'utf8')) as Record<string, unknown>;
  const tools = JSON.parse(await readFile(join(root, 'i18n', `${lang}-tools.json`), 'utf8')) as Record<string, unknown>;
  expect(Object.keys(wizard).filter((k) => k in tools)).toEqual([]);
  return { ...wizard, ...tools };
}

describe('translations', () => {
  it('English and Japanese have the same keys, and no Japanese string is left in English', async () => {
    const en = await language('en');
    const ja = await language('ja');
    expect(keys(ja).sort()).toEqual(keys(en).sort());
    const flat = (o: unknown, k: string) => k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], o);
    // Strings with letters must differ (product names and codes like "OK" or "SHA-256" may match).
    const same = keys(en).filter((k) => flat(en, k) === flat(ja, k) && /[a-z]{4,}/.test(String(flat(en, k))));
    expect(same).toEqual([]);
  });

  it('every literal t("...") key used by the renderer exists in English', async () => {
    const en = await language('en');
    const known = new Set(keys(en));
    const used = new Set<string>();
    for (const text of await sources(join(root, 'src'))) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});
