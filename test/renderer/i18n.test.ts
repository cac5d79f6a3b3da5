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

describe('translations', () => {
  it('English and Japanese have the same keys, and no Japanese string is left in English', async () => {
    const en = JSON.parse(await readFile(join(root, 'i18n', 'en.json'), 'utf8')) as Record<string, unknown>;
    const ja = JSON.parse(await readFile(join(root, 'i18n', 'ja.json'), 'utf8')) as Record<string, unknown>;
    expect(keys(ja).sort()).toEqual(keys(en).sort());
    const flat = (o: unknown, k: string) => k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], o);
    // Strings with letters must differ (product names and codes like "OK" or "SHA-256" may match).
    const same = keys(en).filter((k) => flat(en, k) === flat(ja, k) && /[a-z]{4,}/.test(String(flat(en, k))));
    expect(same).toEqual([]);
  });

  it('every literal t("...") key used by the renderer exists in English', async () => {
    const en = JSON.parse(await readFile(join(root, 'i18n', 'en.json'), 'utf8')) as Record<string, unknown>;
    const known = new Set(keys(en));
    const used = new Set<string>();
    for (const text of await sources(join(root, 'src'))) {
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9.-]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !known.has(k))).toEqual([]);
  });
});
