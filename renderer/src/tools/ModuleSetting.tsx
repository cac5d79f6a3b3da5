// The PKCS#11 module setting: shows the module the app loads at the next start and asks main
// to show its file dialog. The page never types a path: main checks it against the known
// vendor locations and confirms any other in a dialog of its own.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../hooks';
import { chooseModule } from '../store/actions';
import { appStore } from '../store/app-store';

export function ModuleSetting() {
  const { t } = useTranslation();
  const current = useApp((s) => s.settings?.pkcs11Module ?? null);
  const [saved, setSaved] = useState(false);

  async function choose() {
    setSaved(false);
    if (await chooseModule(appStore)) setSaved(true);
  }

  return (
    <section aria-labelledby="module-h">
      <h2 id="module-h">{t('module.title')}</h2>
      <p data-testid="module-path">{current ?? t('module.automatic')}</p>
      <p className="hint">{t('module.hint')}</p>
      <div className="actions">
        <button type="button" onClick={() => void choose()}>{t('module.choose')}</button>
        <span role="status">{saved ? t('module.saved') : ''}</span>
      </div>
    </section>
  );
}
