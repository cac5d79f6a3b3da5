// Asks for a token's user PIN, showing how the PIN stands (a wrong PIN was entered, the next
// wrong one locks the token, locked) and the first-time Cisco123 hint. The PIN lives in this
// dialog only: it is handed to `onSubmit` and cleared at once.
import { useState } from 'react';
import type { FormEvent, ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PinState } from '../../../shared/tokens/types';
import { enterMovesToDecision } from '../focus';
import { useApp } from '../hooks';
import { ErrorBanner } from './ErrorBanner';
import { Field } from './Field';
import { Modal } from './Modal';

export interface PinDialogProps {
  tokenLabel: string;
  pin: PinState;
  /** What the PIN is for: proving the token or signing the CTL. */
  purpose: 'prove' | 'sign';
  /** The engine refused because the next wrong PIN locks the token. */
  finalTryRefused?: boolean;
  onSubmit: (pin: string, confirmFinalTry: boolean) => void;
  onClose: () => void;
  /** Shown above the PIN (signing: what will be published); `ready` false keeps the submit disabled. */
  summary?: ReactNode;
  ready?: boolean;
}

export function PinDialog({ tokenLabel, pin, purpose, finalTryRefused = false, onSubmit, onClose, summary, ready = true }: PinDialogProps) {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  const pending = useApp((s) => s.pending);
  const [value, setValue] = useState('');
  const [confirmFinal, setConfirmFinal] = useState(false);
  const finalTry = pin.finalTry || finalTryRefused;

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!value || !ready || pin.locked || (finalTry && !confirmFinal)) return;
    const secret = value;
    setValue('');
    onSubmit(secret, finalTry && confirmFinal);
  }

  return (
    <Modal title={t(`pin.title.${purpose}`, { label: tokenLabel })} onClose={onClose} describedBy="pin-state">
      {/* Signing publishes: Enter in a field moves to the button, never presses it. */}
      <form onSubmit={submit} onKeyDown={purpose === 'sign' ? enterMovesToDecision : undefined}>
        <div id="pin-state" aria-live="polite">
          {pin.locked && <p className="notice error">{t('pin.locked')}</p>}
          {!pin.locked && finalTry && <p className="notice error">{t('pin.finalTry')}</p>}
          {!pin.locked && !finalTry && pin.countLow && <p className="notice warn">{t('pin.countLow')}</p>}
          {pin.toBeChanged && <p className="notice info">{t('pin.toBeChanged')}</p>}
        </div>
        {summary}
        {error && <ErrorBanner error={error} />}
        {!pin.locked && (
          <>
            <Field
              label={t('pin.label')}
              type="password"
              autoComplete="off"
              value={value}
              onChange={(e) => setValue(e.target.value)}
              hint={t('pin.hint')}
              data-autofocus=""
            />
            {finalTry && (
              <div className="field">
                <label className="check">
                  <input type="checkbox" checked={confirmFinal} onChange={(e) => setConfirmFinal(e.target.checked)} /> {t('pin.confirmFinal')}
                </label>
              </div>
            )}
          </>
        )}
        <div className="actions">
          <button type="button" onClick={onClose}>
            {t('common.cancel')}
          </button>
          {!pin.locked && (
            <button
              type="submit"
              className="primary"
              data-decision={purpose === 'sign' ? '' : undefined}
              disabled={!value || !ready || (finalTry && !confirmFinal) || pending !== null}
            >
              {t(`pin.submit.${purpose}`)}
            </button>
          )}
        </div>
      </form>
    </Modal>
  );
}
