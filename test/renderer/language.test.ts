// Which language a start uses, and which built page holds its first screen: the main process
// and the renderer decide with the same function, so the page opened is the one the renderer
// takes over rather than renders again.
import { describe, expect, it } from 'vitest';
import { detectLanguage, LANGUAGES, pageForLanguage } from '../../shared/i18n/language';
import { withFirstScreen } from '../../scripts/renderer-prerender';

describe('start language', () => {
  it('is the saved choice, else the first known OS language, else English', () => {
    expect(detectLanguage('ja', ['en-US'])).toBe('ja');
    expect(detectLanguage(null, ['fr-FR', 'ja-JP', 'en-US'])).toBe('ja');
    expect(detectLanguage(null, ['EN-gb', 'ja'])).toBe('en');
    expect(detectLanguage(undefined, ['de', 'fr'])).toBe('en');
    expect(detectLanguage(null, [])).toBe('en');
  });

  it('has one page per language, English as index.html', () => {
    expect(LANGUAGES.map(pageForLanguage)).toEqual(['index.html', 'index.ja.html']);
  });
});

describe('prerendered page', () => {
  const built = '<!doctype html>\n<html lang="en">\n<head><title>t</title></head>\n<body>\n<div id="root"></div>\n</body>\n</html>\n';

  it('puts the screen inside #root and the language on <html>, taking `$` in texts literally', () => {
    const page = withFirstScreen(built, 'ja', '<h1 tabindex="-1">接続 $& $1</h1>');
    expect(page).toContain('<html lang="ja">');
    expect(page).toContain('<div id="root"><h1 tabindex="-1">接続 $& $1</h1></div>');
    expect(page.replace(/<div id="root">.*<\/div>/, '<div id="root"></div>').replace('lang="ja"', 'lang="en"')).toBe(built);
  });

  it('refuses a page it does not recognise, and a screen without its heading', () => {
    expect(() => withFirstScreen(built.replace('<div id="root"></div>', ''), 'en', '<h1>x</h1>')).toThrow(/no single <div id="root"><\/div>/);
    expect(() => withFirstScreen(built + '<div id="root"></div>', 'en', '<h1>x</h1>')).toThrow(/no single/);
    expect(() => withFirstScreen(built.replace('<html lang="en">', '<html>'), 'en', '<h1>x</h1>')).toThrow(/no <html lang>/);
    expect(() => withFirstScreen(built, 'en', '<p>Loading…</p>')).toThrow('prerender: the first screen in en has no heading');
  });
});
