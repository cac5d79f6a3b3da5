// The app's languages, and which one a start uses. The renderer words its screens in it; the
// main process opens the page prerendered in it, so the first frame is already in the right
// language (scripts/renderer-prerender.ts).

export const LANGUAGES = ['en', 'ja'] as const;
export type Language = (typeof LANGUAGES)[number];

/** The language the user chose, else the first of the OS's languages we have, else English. */
export function detectLanguage(chosen: Language | null | undefined, locales: readonly string[]): Language {
  if (chosen) return chosen;
  for (const locale of locales) {
    const base = locale.toLowerCase().split('-')[0];
    if (base === 'ja' || base === 'en') return base;
  }
  return 'en';
}

/** The built page of the wizard whose first screen is prerendered in `language` (dist/renderer). */
export function pageForLanguage(language: Language): string {
  return language === 'en' ? 'index.html' : `index.${language}.html`;
}
