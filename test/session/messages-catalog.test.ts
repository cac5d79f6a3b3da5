// The engine's message catalogs (shared/i18n): Japanese has every English code with the same
// placeholders, no text cites our own documents, every code the engine sources use exists,
// and the command line words messages in the locale's language.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from '../../shared/i18n/engine.en.json';
import ja from '../../shared/i18n/engine.ja.json';
import { formatMessage, msg, type Catalog } from '../../shared/session/messages';
import { say, terminalLanguage } from '../../electron/session/words';
import { toCommandError } from '../../electron/session/errors';

function leaves(node: Catalog, prefix = ''): [string, string][] {
  return Object.entries(node).flatMap(([k, v]) => (typeof v === 'string' ? [[`${prefix}${k}`, v] as [string, string]] : leaves(v, `${prefix}${k}.`)));
}
const placeholders = (text: string) => [...text.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

async function sources(dir: string): Promise<string> {
  let out = '';
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out += await sources(path);
    else if (entry.name.endsWith('.ts')) out += await readFile(path, 'utf8');
  }
  return out;
}

describe('engine message catalogs', () => {
  const english = new Map(leaves(en));
  const japanese = new Map(leaves(ja));

  it('Japanese has every code, with placeholders English has too, and is not English', () => {
    expect([...japanese.keys()].sort()).toEqual([...english.keys()].sort());
    for (const [code, text] of english) {
      // Japanese may leave out a service's own (English) reason where its sentence says it all.
      const missing = placeholders(japanese.get(code)!).filter((p) => !placeholders(text).includes(p));
      expect(missing, code).toEqual([]);
      // Only a message that is nothing but its parameters may read the same.
      if (/[a-z]{4,}/i.test(text.replace(/\{\{\w+\}\}/g, ''))) expect(japanese.get(code), code).not.toBe(text);
    }
  });

  it('no message cites our own documents or decisions', () => {
    for (const [code, text] of [...english, ...japanese]) expect(text, code).not.toMatch(/seed-requirements|ctl-format|§|project decision|guide L\d/i);
  });

  it('every literal code in the engine exists in the catalog', async () => {
    const code = await sources(join(import.meta.dirname, '..', '..', 'electron', 'session'));
    const used = [...code.matchAll(/msg\('([a-z0-9.-]+)'/g)].map((m) => m[1]!);
    expect(used.length).toBeGreaterThan(50);
    expect(used.filter((c) => !english.has(c))).toEqual([]);
  });

  it('words a message, names a check by its title, and leaves a missing parameter visible', () => {
    expect(formatMessage(en, msg('refusal.token-added-already', { token: 'SAST-1', serial: '0042' }))).toBe('Token "SAST-1" (serial 0042) is already added.');
    expect(formatMessage(ja, msg('refusal.check-not-overridable', { check: 'sast-count' }))).toBe('チェック「トークン（SAST）エントリが 2 つ以上ある」は上書きできません。');
    expect(formatMessage(en, msg('refusal.token-added-already', { token: 'SAST-1' }))).toBe('Token "SAST-1" (serial {{serial}}) is already added.');
  });

  it('the command line speaks Japanese when the locale does', () => {
    expect(terminalLanguage({ LANG: 'ja_JP.UTF-8' })).toBe('ja');
    expect(terminalLanguage({ LC_ALL: 'C', LANG: 'ja_JP.UTF-8' })).toBe('en');
    expect(terminalLanguage({ LC_MESSAGES: 'ja_JP.UTF-8', LANG: 'en_US.UTF-8' })).toBe('ja');
    expect(terminalLanguage({})).toBe('en');
    expect(say(msg('refusal.no-ctl-to-update'), 'ja')).toBe('クラスタには更新する CTL がありません。');
  });

  it('a token failure is worded by its code: a wrong PIN in Japanese, and its last try named', () => {
    const wrongPin = (finalTry: boolean) => toCommandError(Object.assign(new Error('CKR_PIN_INCORRECT: the PIN is incorrect'), {
      name: 'TokenError', code: 'pin-incorrect', pin: { countLow: true, finalTry, locked: false, toBeChanged: false },
    })).error;
    expect(say(wrongPin(false).message, 'ja')).toBe('ユーザ パスワード（PIN）が違います。');
    expect(say(wrongPin(true).message, 'ja')).toBe('ユーザ パスワード（PIN）が違います。次に誤るとトークンがロックされます。');
    // English keeps the token service's own words.
    expect(say(wrongPin(false).message, 'en')).toBe('CKR_PIN_INCORRECT: the PIN is incorrect');
  });
});
