// About: the version of the app and of the runtime it runs in, and the settings that are not
// chosen elsewhere (the PKCS#11 module of the token vendor; hash preference is set in Review).
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { ModuleSetting } from './ModuleSetting';

export function About() {
  const { t } = useTranslation();
  const about = useApp((s) => s.about);
  const error = useApp((s) => s.error);

  return (
    <div>
      <StepHeading>{t('about.title')}</StepHeading>
      {about && (
        <dl className="facts">
          <dt>{t('about.version')}</dt>
          <dd data-testid="version">
            {about.name} {about.version}
          </dd>
          <dt>{t('about.runtime')}</dt>
          <dd>{about.electron ? `Electron ${about.electron}, Chromium ${about.chrome ?? '?'}, Node ${about.node}` : `${t('about.preview')}, Node ${about.node}`}</dd>
          <dt>{t('about.platform')}</dt>
          <dd>{about.platform}</dd>
        </dl>
      )}
      <p>{t('about.license')}</p>
      <h2>{t('about.settings')}</h2>
      <ModuleSetting />
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
