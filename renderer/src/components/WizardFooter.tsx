// The footer of every wizard screen: what the engine is busy with, its notices and the last
// error just above a bar that sticks to the bottom of the window, with Back (and Cancel) on the
// left and the screen's primary action on the right. One layout for every step.
import { msg } from '../../../shared/session/messages';
import { wordMessage } from './engine-words';
import { useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { none, useApp } from '../hooks';
import { bridgeClient, clearError, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { ErrorBanner } from './ErrorBanner';
import { Modal } from './Modal';

export interface WizardFooterProps {
  /** Show Back (session.back); `false` hides it (first step, finished run). */
  back?: boolean;
  /** Replaces Back on the left (e.g. "Do not trust" on the certificate screen). */
  start?: ReactNode;
  /** Why the primary action is disabled, shown beside it and linked with aria-describedby. */
  why?: { id: string; text: string } | null;
  /** The primary action (and any secondary actions), right-aligned. */
  children?: ReactNode;
}

export function WizardStatus() {
  const { t } = useTranslation();
  const snapshot = useApp((s) => s.snapshot);
  const error = useApp((s) => s.error);
  if (!snapshot) return null;
  return (
    <>
      {snapshot.busy && (
        <p className="notice info" role="status">
          {wordMessage(t, msg(`busy.${snapshot.busy.action}`, { detail: snapshot.busy.detail ?? '' }))}
        </p>
      )}
      {snapshot.notices.map((notice) => {
        const text = wordMessage(t, notice);
        return (
          <p key={text} className="notice warn">
            {text}
          </p>
        );
      })}
      {error && <ErrorBanner error={error} onDismiss={() => clearError(appStore)} />}
    </>
  );
}

export function WizardFooter({ back = true, start, why = null, children }: WizardFooterProps) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const kind = useApp((s) => s.snapshot?.kind ?? 'connect');
  const allowed = useApp((s) => s.snapshot?.allowed ?? none());
  const canBack = back && allowed.includes('back');
  const canCancel = allowed.includes('cancel') && !['connect', 'done', 'cancelled'].includes(kind);
  const client = () => bridgeClient(appStore);
  const [confirmCancel, setConfirmCancel] = useState(false);
  return (
    <>
      <WizardStatus />
      <div className="footer">
        <div className="footer-start">
          {start}
          {back && !start && (
            <button type="button" disabled={pending !== null || !canBack} onClick={() => command(appStore, 'session.back', () => client().session.back())}>
              {t('common.back')}
            </button>
          )}
          {canCancel && (
            <button type="button" className="quiet" disabled={pending !== null} onClick={() => setConfirmCancel(true)}>
              {t('common.cancelRun')}
            </button>
          )}
          {confirmCancel && (
            <CancelRunDialog
              publishing={kind === 'publishing' || kind === 'publish-failed'}
              onKeep={() => setConfirmCancel(false)}
              onCancel={() => {
                setConfirmCancel(false);
                void command(appStore, 'session.cancel', () => client().session.cancel());
              }}
            />
          )}
        </div>
        <div className="footer-end">
          {why && (
            <span id={why.id} className="footer-why" aria-live="polite">
              {why.text}
            </span>
          )}
          {children}
        </div>
      </div>
    </>
  );
}

/** Cancelling throws away the tokens added and the entries changed: asked once, Keep working focused. */
function CancelRunDialog({ publishing, onKeep, onCancel }: { publishing: boolean; onKeep: () => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const textId = useId();
  return (
    <Modal title={t('cancelRun.title')} onClose={onKeep} describedBy={textId}>
      <p id={textId}>{t(publishing ? 'cancelRun.whilePublishing' : 'cancelRun.text')}</p>
      <div className="actions">
        <button type="button" data-autofocus onClick={onKeep}>
          {t('cancelRun.keep')}
        </button>
        <button type="button" className="danger" onClick={onCancel}>
          {t('cancelRun.confirm')}
        </button>
      </div>
    </Modal>
  );
}
