// The application frame: header (views, language, theme), the step list and the current
// screen. Inspector and the certificate viewer are lazy-loaded.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { DemoPanel } from './components/DemoPanel';
import { ErrorBanner } from './components/ErrorBanner';
import { ChangePin } from './extras/ChangePin';
import { About } from './extras/About';
import { useApp } from './hooks';
import { switchLanguage } from './i18n';
import type { Language } from './i18n';
import { StepList, Wizard } from './screens/Wizard';
import { showView, updateSettings } from './store/actions';
import { appStore } from './store/app-store';
import type { View } from './store/app-store';
import { applyTheme } from './theme';

const Inspector = lazy(() => import('./extras/Inspector'));
const VIEWS: View[] = ['wizard', 'inspector', 'change-pin', 'about'];

function Header() {
  const { t, i18n } = useTranslation();
  const view = useApp((s) => s.view);
  const theme = useApp((s) => s.settings?.theme ?? 'system');
  return (
    <header className="app-header">
      <span className="app-title">{t('app.title')}</span>
      <nav className="app-nav" aria-label={t('app.views')}>
        <ul>
          {VIEWS.map((v) => (
            <li key={v}>
              <button type="button" aria-current={view === v ? 'page' : undefined} onClick={() => showView(appStore, v)}>
                {t(`views.${v}`)}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="app-prefs">
        <label>
          {t('app.language')}
          <select
            value={i18n.language}
            onChange={async (e) => {
              const language = e.target.value as Language;
              await switchLanguage(language);
              await updateSettings(appStore, { language });
            }}
          >
            <option value="en">English</option>
            <option value="ja">日本語</option>
          </select>
        </label>
        <label>
          {t('app.theme')}
          <select
            value={theme}
            onChange={async (e) => {
              const next = e.target.value as 'system' | 'light' | 'dark';
              applyTheme(next);
              await updateSettings(appStore, { theme: next });
            }}
          >
            <option value="system">{t('theme.system')}</option>
            <option value="light">{t('theme.light')}</option>
            <option value="dark">{t('theme.dark')}</option>
          </select>
        </label>
      </div>
    </header>
  );
}

function Content() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
  const snapshot = useApp((s) => s.snapshot);
  const error = useApp((s) => s.error);
  if (view === 'inspector') {
    return (
      <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
        <Inspector />
      </Suspense>
    );
  }
  if (view === 'change-pin') return <ChangePin />;
  if (view === 'about') return <About />;
  if (!snapshot) return error ? <ErrorBanner error={error} /> : <p role="status">{t('common.loading')}</p>;
  return <Wizard snapshot={snapshot} />;
}

export function App() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
  const kind = useApp((s) => s.snapshot?.kind ?? 'connect');
  const demo = useApp((s) => s.demo);
  return (
    <>
      <a className="skip-link" href="#main">
        {t('app.skip')}
      </a>
      <Header />
      <div className="layout">
        <div>
          {view === 'wizard' && <StepList kind={kind} />}
          {demo && <DemoPanel demo={demo} />}
        </div>
        <main id="main" className="panel" tabIndex={-1}>
          <Content />
        </main>
      </div>
    </>
  );
}

export function NoBridge() {
  const { t } = useTranslation();
  return (
    <main className="panel">
      <h1>{t('app.noBridgeTitle')}</h1>
      <p>{t('app.noBridge')}</p>
    </main>
  );
}
