// Renderer entry: pick the bridge (preload or dev preview), load settings, start i18n in the
// saved or OS language, keep language and theme in step with the settings, then render.
// The app's page already shows the first screen, prerendered by the build in the language the
// main process chose (html[lang]); React takes it over (hydrates it) when the language is that
// one, and renders afresh otherwise.
import type { ReactNode } from 'react';
import { createRoot, hydrateRoot } from 'react-dom/client';
import './styles/app.css';
import { NoBridge } from './App';
import { chooseBridge } from './bridge';
import { installFocusRescue } from './focus';
import { detectLanguage, initI18n, loadJapanese, switchLanguage } from './i18n';
import type { Language } from './i18n';
import { Root } from './Root';
import { connectStore } from './store/actions';
import { appStore } from './store/app-store';
import { applyTheme } from './theme';

const container = document.getElementById('root')!;
/** The language of the prerendered first screen, or null when the page came empty. */
const prerendered = container.firstElementChild ? (document.documentElement.lang as Language) : null;

/**
 * Renders `tree` in `language`: over the prerendered screen when `tree` is the one prerendered
 * and the page is in that language (React hydrates it), else in place of it.
 */
function show(language: Language, tree: ReactNode, asPrerendered: boolean): void {
  document.documentElement.lang = language;
  if (asPrerendered && prerendered === language) {
    hydrateRoot(container, tree);
    return;
  }
  container.replaceChildren();
  createRoot(container).render(tree);
}

async function start(): Promise<void> {
  // Japanese texts load while the bridge answers when Japanese is likely: the page is in it, or
  // the OS is.
  if ((prerendered ?? detectLanguage(null, navigator.languages)) === 'ja') void loadJapanese();
  const bridge = await chooseBridge(window);
  performance.mark('ctl:bridge');
  if (!bridge) {
    const language = detectLanguage(null, navigator.languages);
    await initI18n(language);
    show(language, <NoBridge />, false);
    return;
  }
  appStore.setState({ client: bridge.client, demo: bridge.demo });
  await connectStore(appStore);
  performance.mark('ctl:store');
  const settings = appStore.getState().settings;
  const language = detectLanguage(settings?.language ?? null, navigator.languages);
  await initI18n(language);
  performance.mark('ctl:i18n');
  applyTheme(settings?.theme ?? 'system');
  // Language and theme follow the saved settings wherever they are changed (Settings screen).
  appStore.subscribe((state, previous) => {
    const next = state.settings;
    if (!next || next === previous.settings) return;
    if (next.theme !== previous.settings?.theme) applyTheme(next.theme);
    if (next.language && next.language !== previous.settings?.language) {
      const chosen = next.language;
      void switchLanguage(chosen).then(() => (document.documentElement.lang = chosen));
    }
  });
  installFocusRescue(appStore);
  show(language, <Root />, true);
}

void start();
