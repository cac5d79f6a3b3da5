// About: the version of the app and of the runtime it runs in. Settings have their own screen.
import { useTranslation } from 'react-i18next';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';

export function About() {
  const { t } = useTranslation();
  const about = useApp((s) => s.about);
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
    </div>
  );
}
