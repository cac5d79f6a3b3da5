// Save the run's report where the administrator chooses (the main process shows its Save
// dialog and writes the Markdown and JSON), then show it in the file manager.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useApp } from '../hooks';
import { bridgeClient, call } from '../store/actions';
import { appStore } from '../store/app-store';

export function ReportActions() {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const [savedTo, setSavedTo] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{ shown: boolean; folder: string } | null>(null);
  const client = () => bridgeClient(appStore);
  return (
    <section aria-labelledby="report-h">
      <h2 id="report-h">{t('finish.report')}</h2>
      <div className="actions">
        <button
          type="button"
          disabled={pending !== null}
          onClick={async () => {
            setRevealed(null);
            const saved = await call(appStore, 'report.save', () => client().report.save());
            if (saved?.path) setSavedTo(saved.path);
          }}
        >
          {t('finish.saveReport')}
        </button>
        {savedTo && (
          <button type="button" disabled={pending !== null} onClick={async () => setRevealed((await call(appStore, 'report.reveal', () => client().report.reveal())) ?? null)}>
            {t('finish.showInFolder')}
          </button>
        )}
      </div>
      <p role="status">
        {savedTo ? t('finish.saved', { path: savedTo }) : ''}
        {revealed ? ` ${revealed.shown ? t('finish.shown') : t('finish.folderIs', { folder: revealed.folder })}` : ''}
      </p>
    </section>
  );
}
