// Settings: language, theme, the hash algorithm new runs start with, the PKCS#11 module and the
// trusted servers. Every change is saved at once (settings.json in the user data folder, the
// trust store for servers); language and theme apply as soon as the store holds them (main.tsx).
import { useTranslation } from 'react-i18next';
import type { WritableHash } from '../../../shared/ctl/model';
import type { Settings as SettingsData } from '../../../shared/ipc/settings';
import { ErrorBanner } from '../components/ErrorBanner';
import { HashOptions } from '../components/HashOptions';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { updateSettings } from '../store/actions';
import { appStore } from '../store/app-store';
import { ModuleSetting } from './ModuleSetting';
import { TrustedCertificates } from './TrustedCertificates';

/** The saved hash preference null: follow the current CTL (SHA-1 for a first CTL). */
const FOLLOW = 'follow';
const THEMES: SettingsData['theme'][] = ['system', 'light', 'dark'];

export function Settings() {
  const { t, i18n } = useTranslation();
  const settings = useApp((s) => s.settings);
  const error = useApp((s) => s.error);
  const disabled = settings === null;
  return (
    <div>
      <StepHeading>{t('settings.title')}</StepHeading>
      <section aria-labelledby="look-h">
        <h2 id="look-h">{t('settings.appearance')}</h2>
        <div className="field">
          <label htmlFor="set-language">{t('app.language')}</label>
          <select id="set-language" value={settings?.language ?? i18n.language} disabled={disabled} onChange={(e) => void updateSettings(appStore, { language: e.target.value as 'en' | 'ja' })}>
            <option value="en" lang="en">
              English
            </option>
            <option value="ja" lang="ja">
              日本語
            </option>
          </select>
        </div>
        <fieldset>
          <legend>{t('app.theme')}</legend>
          {THEMES.map((theme) => (
            <label key={theme} className="check choice-inline">
              <input type="radio" name="theme" value={theme} checked={settings?.theme === theme} disabled={disabled} onChange={() => void updateSettings(appStore, { theme })} />
              {t(`theme.${theme}`)}
            </label>
          ))}
        </fieldset>
      </section>
      <section aria-labelledby="hash-h">
        <h2 id="hash-h">{t('settings.signing')}</h2>
        <div className="field">
          <label htmlFor="hash-default">{t('review.hashDefault')}</label>
          <select
            id="hash-default"
            value={settings?.hashAlgorithm ?? FOLLOW}
            aria-describedby="hash-default-hint"
            disabled={disabled}
            onChange={(e) => {
              // "Follow the current CTL" is the saved null: later runs keep the current CTL's hash.
              const value = e.target.value;
              void updateSettings(appStore, { hashAlgorithm: value === FOLLOW ? null : (value as WritableHash) });
            }}
          >
            <option value={FOLLOW}>{t('review.hashFollow')}</option>
            <HashOptions />
          </select>
          <span id="hash-default-hint" className="hint">
            {t('review.hashDefaultHint')}
          </span>
        </div>
      </section>
      <ModuleSetting />
      <TrustedCertificates />
      {error && <ErrorBanner error={error} />}
    </div>
  );
}
