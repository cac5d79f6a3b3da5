// Build step of the wizard: the first screen, prerendered into the built page once per language
// (index.html in English, index.ja.html in Japanese; the main process opens the one of the
// start's language). Chromium paints it as soon as the page and its style sheet are in, while
// the scripts still load; main.tsx then hydrates it with the same components. Without it the
// window stayed empty until React had loaded, started and rendered (about 200 ms here).
// The markup comes from the app's own components (renderer/src/prerender-entry.tsx, loaded through Vite
// under Node, with the build's defines), so the prerender cannot drift from the screen.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { createServer } from 'vite';
import type { Plugin, ResolvedConfig } from 'vite';
import { LANGUAGES, pageForLanguage } from '../shared/i18n/language.js';
import type { Language } from '../shared/i18n/language.js';
import { writeFileAtomic } from '../shared/node/atomic-write.js';

/** What renderer/src/prerender-entry.tsx exports (typed here: the Node side of the build has no JSX). */
interface PrerenderEntry {
  renderFirstScreen(languages: readonly Language[]): Promise<Map<Language, string>>;
}

const ROOT_ELEMENT = '<div id="root"></div>';
const HTML_ELEMENT = /<html lang="[a-z]+">/;

/** The built index.html with the first screen in `language` inside #root; throws if the page is not the one expected. */
export function withFirstScreen(page: string, language: Language, screen: string): string {
  if (page.split(ROOT_ELEMENT).length !== 2 || !HTML_ELEMENT.test(page)) {
    throw new Error(`prerender: the built index.html has no single ${ROOT_ELEMENT} or no <html lang>`);
  }
  if (!screen.includes('<h1')) throw new Error(`prerender: the first screen in ${language} has no heading`);
  // Functions, not strings, as replacements: a `$` in a text is not a replacement pattern.
  return page.replace(HTML_ELEMENT, () => `<html lang="${language}">`).replace(ROOT_ELEMENT, () => `<div id="root">${screen}</div>`);
}

export function prerenderFirstScreen(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'ctl:prerender-first-screen',
    apply: 'build',
    configResolved(resolved) {
      config = resolved;
    },
    async closeBundle() {
      // The same config (defines, React), run as a Node module loader; no watcher, no dependency scan.
      const server = await createServer({
        configFile: config.configFile,
        mode: config.mode,
        logLevel: 'error',
        appType: 'custom',
        server: { middlewareMode: true, hmr: false, ws: false, watch: null },
        optimizeDeps: { noDiscovery: true, include: [] },
      });
      try {
        const entry = (await server.ssrLoadModule('/src/prerender-entry.tsx')) as PrerenderEntry;
        const screens = await entry.renderFirstScreen(LANGUAGES);
        const outDir = config.build.outDir;
        const page = await readFile(join(outDir, 'index.html'), 'utf8');
        for (const language of LANGUAGES) {
          await writeFileAtomic(join(outDir, pageForLanguage(language)), withFirstScreen(page, language, screens.get(language) ?? ''));
        }
      } finally {
        await server.close();
      }
    },
  };
}
