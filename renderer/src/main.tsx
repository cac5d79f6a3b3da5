// Renderer entry: pick the bridge (preload or dev preview), load settings, start i18n in the
// saved or OS language, keep language and theme in step with the settings, then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { App, NoBridge } from './App';
import { chooseBridge } from './bridge';
import { installFocusRescue } from './focus';
import { detectLanguage, initI18n, switchLanguage } from './i18n';
import { connectStore } from './store/actions';
import { appStore } from './store/app-store';
import { applyTheme } from './theme';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  const bridge = await chooseBridge(window);
  if (!bridge) {
    await initI18n(detectLanguage(null, navigator.languages));
    root.render(<NoBridge />);
    return;
  }
  appStore.setState({ client: bridge.client, demo: bridge.demo });
  await connectStore(appStore);
  const settings = appStore.getState().settings;
  await initI18n(detectLanguage(settings?.language ?? null, navigator.languages));
  applyTheme(settings?.theme ?? 'system');
  // Language and theme follow the saved settings wherever they are changed (Settings screen).
  appStore.subscribe((state, previous) => {
    const next = state.settings;
    if (!next || next === previous.settings) return;
    if (next.theme !== previous.settings?.theme) applyTheme(next.theme);
    if (next.language && next.language !== previous.settings?.language) void switchLanguage(next.language);
  });
  installFocusRescue(appStore);
  root.render(
    <StrictMode>
      <App />
    </StrictMode>,
  );
}

void start();
