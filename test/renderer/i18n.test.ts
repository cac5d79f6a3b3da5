// Every UI string exists in English and Japanese, every key the screens use exists, and the
// Japanese text uses the terms of the Japanese Cisco security guide (chapter 3, the CTL client).
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

/** A language's strings: its files (wizard, other views, web preview's demo panel), which must not share a top-level section. */
async function language(lang: 'en' | 'ja'): Promise<Record<string, unknown>> {
  const read = async (file: string) => JSON.parse(await readFile(join(root, 'i18n', file), 'utf8')) as Record<string, unknown>;
  const parts = await Promise.all([read(`${lang}.json`), read(`${lang}-tools.json`), read(`${lang}-demo.json`)]);
  const sections = parts.flatMap((part) => Object.keys(part));
  expect(sections.filter((k, i) => sections.indexOf(k) !== i)).toEqual([]);
  return Object.assign({}, ...parts) as Record<string, unknown>;
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

/** Every string of a language as [key, text] pairs. */
function entries(strings: Record<string, unknown>): [string, string][] {
  return keys(strings).map((k) => [k, String(k.split('.').reduce<unknown>((v, p) => (v as Record<string, unknown>)[p], strings))]);
}

describe('Japanese terms follow the Cisco security guide', () => {
  async function pairs(): Promise<{ key: string; en: string; ja: string }[]> {
    const en = new Map(entries(await language('en')));
    return entries(await language('ja')).map(([key, ja]) => ({ key, en: en.get(key)!, ja }));
  }
  const where = (list: { key: string; ja: string }[]) => list.map(({ key, ja }) => `${key}: ${ja}`);

  it('names certificate fields, the token password and the modes as the guide does', async () => {
    const ja = new Map((await pairs()).map(({ key, ja }) => [key, ja]));
    // Guide chapter 3, overview: "発行者名、件名"; "Configuring the Cisco CTL Client" step 18 and
    // table 3-2: "セキュリティ トークンのユーザ パスワード"; "Changing the Security Token Password".
    expect(ja.get('cert.subject')).toBe('件名');
    expect(ja.get('cert.issuer')).toBe('発行者名');
    expect(ja.get('pin.label')).toContain('ユーザ パスワード');
    expect(ja.get('changePin.title')).toContain('セキュリティ トークン パスワード');
    expect(ja.get('mode.security.mixed')).toBe('混合モード');
    expect(ja.get('mode.security.non-secure')).toBe('非セキュア モード');
  });

  it('has no terms the guide does not use', async () => {
    const all = await pairs();
    // 本人確認 is identity checking of a person; サブジェクト/発行者 and サーバー are not the guide's words;
    // a bare "PIN" is the guide's ユーザ パスワード and may only stand in parentheses after it.
    expect(where(all.filter(({ ja }) => /本人確認|サブジェクト|発行者(?!名)|サーバー|主体/.test(ja)))).toEqual([]);
    expect(where(all.filter(({ ja }) => /PIN/.test(ja.replaceAll('（PIN）', ''))))).toEqual([]);
  });

  it('gives confirm, verify, review, check and proof each their own word', async () => {
    const all = await pairs();
    // A token proving it is listed in the current CTL: 証明. Signatures and read-backs: 検証.
    expect(where(all.filter(({ en, ja }) => /\bprov(e|en|es)\b|\bproof\b/i.test(en) && (!ja.includes('証明') || ja.includes('確認'))))).toEqual([]);
    expect(where(all.filter(({ en, ja }) => /\bverif/i.test(en) && !ja.includes('検証')))).toEqual([]);
    // The review step: レビュー. The review's checks: チェック.
    expect(where(all.filter(({ en, ja }) => /\breview/i.test(en) && !ja.includes('レビュー')))).toEqual([]);
    expect(where(all.filter(({ en, ja }) => /\b(failing|blocking|review|this|a) checks?\b|^Checks\b/i.test(en) && !ja.includes('チェック')))).toEqual([]);
    // 確認 stays for what the administrator confirms: a dialog, a typed confirmation, or "check that …".
    expect(where(all.filter(({ en, ja }) => ja.includes('確認') && !/confirm|\bcheck\b(?! (fails|protects))/i.test(en)))).toEqual([]);
  });

  it('puts a space between Japanese and Latin words or numbers, as the guide does ("CTL ファイル")', async () => {
    const all = await pairs();
    const jp = '[\\p{Script=Hiragana}\\p{Script=Katakana}\\p{Script=Han}]';
    const glued = new RegExp(`[A-Za-z0-9]${jp}|${jp}[A-Za-z0-9]`, 'u');
    expect(where(all.filter(({ ja }) => glued.test(ja)))).toEqual([]);
    // Japanese sentences take full-width question marks and parentheses.
    const halfWidth = new RegExp(`${jp} ?[?(]|\\) ?${jp}`, 'u');
    expect(where(all.filter(({ ja }) => halfWidth.test(ja)))).toEqual([]);
  });
});
