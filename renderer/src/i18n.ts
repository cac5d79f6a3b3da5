// i18next with English and Japanese bundled (both are small). The language comes from the
// settings when the user chose one, else from the OS/browser locale.
import i18next from 'i18next';
import { initReactI18next } from 'react-i18next';
import en from '../i18n/en.json';
import enTools from '../i18n/en-tools.json';
import ja from '../i18n/ja.json';
import jaTools from '../i18n/ja-tools.json';

/** Each language in two files (the wizard; the other views), each a set of top-level sections. */
export const RESOURCES = { en: { ...en, ...enTools }, ja: { ...ja, ...jaTools } };

export type Language = 'en' | 'ja';

export function detectLanguage(chosen: Language | null | undefined, locales: readonly string[]): Language {
  if (chosen) return chosen;
  for (const locale of locales) {
    const base = locale.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

export async function initI18n(language: Language): Promise<typeof i18next> {
  await i18next.use(initReactI18next).init({
    resources: { en: { translation: RESOURCES.en }, ja: { translation: RESOURCES.ja } },
    lng: language,
    fallbackLng: 'en',
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  document.documentElement.lang = language;
  return i18next;
}

export async function switchLanguage(language: Language): Promise<void> {
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}
