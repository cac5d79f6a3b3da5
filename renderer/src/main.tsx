// Renderer entry: pick the bridge (preload or dev preview), load settings, start i18n in the
// saved or OS language, keep language and theme in step with the settings, then render.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import './styles/app.css';
import { App, NoBridge } from './App';
import { chooseBridge } from './bridge';
import { installFocusRescue } from './focus';
import { detectLanguage, initI18n, loadJapanese, switchLanguage } from './i18n';
import { connectStore } from './store/actions';
import { appStore } from './store/app-store';
import { applyTheme } from './theme';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  // A Japanese system most likely runs in Japanese: its texts load while the bridge answers.
  if (detectLanguage(null, navigator.languages) === 'ja') void loadJapanese();
  const bridge = await chooseBridge(window);
  performance.mark('ctl:bridge');
  if (!bridge) {
    await initI18n(detectLanguage(null, navigator.languages));
    root.render(<NoBridge />);
    return;
  }
  appStore.setState({ client: bridge.client, demo: bridge.demo });
  await connectStore(appStore);
  performance.mark('ctl:store');
  const settings = appStore.getState().settings;
  await initI18n(detectLanguage(settings?.language ?? null, navigator.languages));
  performance.mark('ctl:i18n');
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
