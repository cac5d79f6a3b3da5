// Shows the last error: what happened, the rule behind a refusal (with the guide's pages),
// and what to do next, in the UI language. role="alert" announces it to screen readers.
import { useTranslation } from 'react-i18next';
import type { UiError } from '../store/app-store';
import { describeError } from './error-text';

export function ErrorBanner({ error, onDismiss }: { error: UiError; onDismiss?: () => void }) {
  const { t } = useTranslation();
  const d = describeError(t, error);
  return (
    <div className="notice error" role="alert">
      <p className="notice-title">{d.title}</p>
      <p>
        {d.message}
        {d.guide && <span className="muted"> ({d.guide})</span>}
      </p>
      {d.detail && (
        <p>
          {t('errors.details')}: {d.detail}
        </p>
      )}
      <p>
        <strong>{t('errors.nextLabel')}</strong> {d.next}
      </p>
      {onDismiss && (
        <button type="button" onClick={onDismiss}>
          {t('common.dismiss')}
        </button>
      )}
    </div>
  );
}
