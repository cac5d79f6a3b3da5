// The review's checks that protect phones: failing ones first, each with its status in words,
// its detail, and Override (typed confirmation) where the guide allows one.
import { wordCheck, wordMessage } from '../components/engine-words';
import { useState } from 'react';
import { guideText } from '../components/error-text';
import { useTranslation } from 'react-i18next';
import type { ReviewCheck } from '../../../shared/session/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Modal } from '../components/Modal';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';

const ORDER: Record<ReviewCheck['status'], number> = { fail: 0, warn: 1, pass: 2 };

export function ReviewChecks({ checks }: { checks: ReviewCheck[] }) {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  const [override, setOverride] = useState<ReviewCheck | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const sorted = [...checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]);
  const close = () => {
    setOverride(null);
    setConfirmation('');
  };
  return (
    <section aria-labelledby="checks-h">
      <h2 id="checks-h">{t('review.checks')}</h2>
      <ul className="checks">
        {sorted.map((c) => (
          <li key={c.id}>
            <span className={`badge ${c.overridden ? 'warn' : c.status}`}>{c.overridden ? t('review.overridden') : t(`review.status.${c.status}`)}</span>
            <strong>{wordCheck(t, c.id)}</strong>
            {c.status === 'fail' && c.overridable && !c.overridden ? (
              <button type="button" className="danger small" onClick={() => setOverride(c)}>
                {t('review.override')}
              </button>
            ) : (
              <span />
            )}
            <span className="check-detail">
              {wordMessage(t, c.detail)}
              {c.guidePages.length > 0 && <span className="muted"> ({guideText(t, c.guidePages)})</span>}
            </span>
          </li>
        ))}
      </ul>
      {override && (
        <Modal title={t('review.overrideTitle', { check: wordCheck(t, override.id) })} onClose={close}>
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              if (await command(appStore, 'session.overrideCheck', () => bridgeClient(appStore).session.overrideCheck({ check: override.id, confirmation }))) close();
            }}
          >
            <p>{wordMessage(t, override.detail)}</p>
            <p>{t('review.overrideType', { text: override.confirmationText ?? '' })}</p>
            <div className="field">
              <label htmlFor="override-text">{t('review.overrideLabel')}</label>
              <input id="override-text" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} data-autofocus="" autoComplete="off" />
            </div>
            {error && <ErrorBanner error={error} />}
            <div className="actions">
              <button type="button" onClick={close}>
                {t('common.cancel')}
              </button>
              <button type="submit" className="danger" disabled={confirmation !== override.confirmationText}>
                {t('review.override')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </section>
  );
}
