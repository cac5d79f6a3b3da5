// Build-time only: scripts/renderer-prerender.ts loads this under Node and writes what it
// returns into the built pages. It is the first screen of a fresh start (the store's initial
// state: the connect step, before the engine has answered), in each language.
import { renderToString } from 'react-dom/server';
import type { Language } from '../../shared/i18n/language';
import { initI18n, switchLanguage } from './i18n';
import { Root } from './Root';

export async function renderFirstScreen(languages: readonly Language[]): Promise<Map<Language, string>> {
  const pages = new Map<Language, string>();
  for (const [i, language] of languages.entries()) {
    await (i === 0 ? initI18n(language) : switchLanguage(language));
    pages.set(language, renderToString(<Root />));
  }
  return pages;
}
