// The application frame: header (title and views), the step rail and the demo panel beside the
// current screen (below it when the window is narrow). Inspector and the certificate viewer are
// lazy-loaded.
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from './components/ErrorBanner';
import { ChangePin } from './tools/ChangePin';
import { About } from './tools/About';
import { Settings } from './tools/Settings';
import { useApp } from './hooks';
import { StepRail, Wizard } from './screens/Wizard';
import { showView } from './store/actions';
import { appStore, VIEWS } from './store/app-store';

const Inspector = lazy(() => import('./tools/Inspector'));
// The demo panel exists in the web preview's build only; the app's build drops this import.
const DemoPanel = import.meta.env.WEB_PREVIEW ? lazy(() => import('./components/DemoPanel').then((m) => ({ default: m.DemoPanel }))) : null;

function Header() {
  const { t } = useTranslation();
  const view = useApp((s) => s.view);
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
  if (view === 'settings') return <Settings />;
  if (view === 'about') return <About />;
  // Before the engine's first snapshot: the connect step, where every session starts (and what
  // the build prerenders), its Connect button disabled until the engine has answered.
  if (!snapshot && error) return <ErrorBanner error={error} />;
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
        {view === 'wizard' && <StepRail kind={kind} />}
        <main id="main" className="panel" tabIndex={-1}>
          <Content />
        </main>
        {DemoPanel && demo && (
          <Suspense fallback={null}>
            <DemoPanel demo={demo} />
          </Suspense>
        )}
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
