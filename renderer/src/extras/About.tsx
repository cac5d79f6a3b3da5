// About: the version of the app and of the runtime it runs in, and the settings that are not
// chosen elsewhere (the PKCS#11 module of the token vendor; hash preference is set in Review).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { updateSettings } from '../store/actions';
import { appStore } from '../store/app-store';

export function About() {
  const { t } = useTranslation();
  const about = useApp((s) => s.about);
  const error = useApp((s) => s.error);
  const saved = useApp((s) => s.settings?.pkcs11Module ?? '');
  const [modulePath, setModulePath] = useState(saved);
  const [done, setDone] = useState(false);

  async function save(event: FormEvent) {
    event.preventDefault();
    setDone(false);
    const result = await updateSettings(appStore, { pkcs11Module: modulePath.trim() || null });
    if (result) setDone(true);
  }

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
      <form onSubmit={save} aria-labelledby="settings-h">
        <h2 id="settings-h">{t('about.settings')}</h2>
        <Field
          label={t('about.module')}
          value={modulePath}
          onChange={(e) => setModulePath(e.target.value)}
          hint={t('about.moduleHint')}
          spellCheck={false}
          autoComplete="off"
        />
        {error && <ErrorBanner error={error} />}
        <div className="actions">
          <button type="submit">{t('about.save')}</button>
          <span role="status">{done ? t('about.saved') : ''}</span>
        </div>
      </form>
    </div>
  );
}
