// Shows the last error: what happened, the rule behind a refusal (with the guide reference),
// and what to do next, in the UI language. role="alert" announces it to screen readers.
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { UiError } from '../store/app-store';

export interface DescribedError {
  title: string;
  message: string;
  next: string;
  rule: string | null;
  guideRef: string | null;
}

/** Codes whose "next step" sentence is translated; others fall back to a generic one. */
function nextStep(t: TFunction, code: string): string {
  const key = `errors.next.${code}`;
  const text = t(key);
  return text === key ? t('errors.next.default') : text;
}

export function describeError(t: TFunction, ui: UiError): DescribedError {
  if (ui.source === 'session') {
    const e = ui.error;
    if (e.kind === 'refused') {
      return { title: t('errors.refused'), message: e.message, next: nextStep(t, e.code), rule: e.rule, guideRef: e.guideRef };
    }
    const code = e.code === 'token-error' && e.tokenError ? e.tokenError.code : e.code;
    return { title: t('errors.failed'), message: e.message, next: nextStep(t, code), rule: null, guideRef: null };
  }
  return { title: t('errors.bridge'), message: ui.error.message, next: nextStep(t, ui.error.code), rule: null, guideRef: null };
}

export function ErrorBanner({ error, onDismiss }: { error: UiError; onDismiss?: () => void }) {
  const { t } = useTranslation();
  const d = describeError(t, error);
  return (
    <div className="notice error" role="alert">
      <p className="notice-title">{d.title}</p>
      <p>{d.message}</p>
      {d.rule && (
        <p>
          {t('errors.rule')}: {d.rule} <span className="muted">({d.guideRef})</span>
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
