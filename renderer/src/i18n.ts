// i18next in English and Japanese. English is in the first bundle (it is also the fallback);
// Japanese is a chunk of its own, loaded when it is the language, so an English start does not
// download or parse it. The language comes from the settings when the user chose one, else
// from the OS/browser locale. Nothing here touches the page: the build prerenders the first
// screen with it under Node (scripts/renderer-prerender.ts).
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../i18n/en.json';
import enTools from '../i18n/en-tools.json';
import engineEn from '../../shared/i18n/engine.en.json';
import type { Language } from '../../shared/i18n/language';

export { detectLanguage, type Language } from '../../shared/i18n/language';

/**
 * Each language in two files (the wizard; the other views), each a set of top-level sections,
 * plus the engine's messages (shared/i18n, also read by the command line) as section `engine`.
 */
const ENGLISH = { ...en, ...enTools, engine: engineEn };

let japanese: Promise<Record<string, unknown>> | null = null;

/** Starts loading the Japanese texts (once); call early when Japanese is likely. */
export function loadJapanese(): Promise<Record<string, unknown>> {
  japanese ??= Promise.all([import('../i18n/ja.json'), import('../i18n/ja-tools.json'), import('../../shared/i18n/engine.ja.json')])
    .then(([ja, jaTools, engine]) => ({ ...ja.default, ...jaTools.default, engine: engine.default }));
  return japanese;
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  const resources: Record<string, { translation: Record<string, unknown> }> = { en: { translation: ENGLISH } };
  if (language === 'ja') resources.ja = { translation: await loadJapanese() };
  await i18next.use(initReactI18next).init({
    resources,
    lng: language,
    fallbackLng: 'en',
    // Both separators said outright: i18next then takes every key as a path in one namespace at
    // once, instead of first testing, key by key, whether it might be a sentence used as its own
    // key (several ms of the first screen's render here). No key names a namespace.
    keySeparator: '.',
    nsSeparator: false,
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  return i18next;
}

export async function switchLanguage(language: Language): Promise<void> {
  // Merged, not tested for presence: the preview's demo panel may have added its own Japanese
  // texts before the rest of Japanese was loaded.
  if (language === 'ja') i18next.addResourceBundle('ja', 'translation', await loadJapanese(), true, false);
  await i18next.changeLanguage(language);
}
