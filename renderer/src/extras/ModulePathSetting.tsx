// The PKCS#11 module of the token vendor (its own control: how the path is chosen belongs to the
// token layer; this form only edits and saves the setting).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../components/Field';
import { useApp } from '../hooks';
import { updateSettings } from '../store/actions';
import { appStore } from '../store/app-store';

export function ModulePathSetting() {
  const { t } = useTranslation();
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
    <form onSubmit={save} aria-labelledby="module-h">
      <h2 id="module-h">{t('about.moduleTitle')}</h2>
      <Field label={t('about.module')} value={modulePath} onChange={(e) => setModulePath(e.target.value)} hint={t('about.moduleHint')} spellCheck={false} autoComplete="off" />
      <div className="actions">
        <button type="submit">{t('about.save')}</button>
        <span role="status">{done ? t('about.saved') : ''}</span>
      </div>
    </form>
  );
}
