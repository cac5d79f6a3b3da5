// Adding tokens one at a time, as the guide asks: "insert a token" (reacting to hot-plug
// events), OK shows the token's information, Add puts its certificate in the CTL. In an
// update the first token must be one the current CTL lists, and it proves itself with its PIN.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokensView } from '../../../shared/session/types';
import { PinDialog } from '../components/PinDialog';
import { pinStateAfter } from '../components/pin-state';
import { TokenCard } from '../components/TokenCard';
import { Dn } from '../components/Dn';
import { useApp } from '../hooks';
import { bridgeClient, clearError, command } from '../store/actions';
import { appStore } from '../store/app-store';

export function TokenPanel({ tokens }: { tokens: TokensView }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const error = useApp((s) => s.error);
  const tokenEvent = useApp((s) => s.tokenEvent);
  const [pinFor, setPinFor] = useState<string | null>(null);
  const addedSerials = new Set(tokens.added.map((a) => a.serial));
  // A candidate that was pulled out is no longer shown: the next inserted token takes its place.
  const candidate = tokens.candidate && tokens.present.some((p) => p.serial === tokens.candidate!.serial) ? tokens.candidate : null;
  const waiting = tokens.present.filter((p) => !addedSerials.has(p.serial));
  const stillInserted = tokens.present.filter((p) => addedSerials.has(p.serial));
  const needsPin = tokens.mustProve;
  // In an update a token proves itself with its PIN; a first CTL has nothing to prove against.
  const needsProof = tokens.requirement === 'prove-first';
  const ready = !candidate && waiting.length === 1 && !tokens.severalPresent ? waiting[0]! : null;
  const okButton = useRef<HTMLButtonElement>(null);
  const candidateHeading = useRef<HTMLHeadingElement>(null);
  // A token just inserted: its OK is the next step, so focus goes there (unless the user is typing).
  useEffect(() => {
    const active = document.activeElement;
    const typing = active instanceof HTMLInputElement && ['text', 'password'].includes(active.type);
    if (ready && !typing) okButton.current?.focus();
  }, [ready?.serial]); // eslint-disable-line react-hooks/exhaustive-deps
  // OK read the token: focus moves to its information, with Add right after it.
  useEffect(() => {
    if (candidate) candidateHeading.current?.focus();
  }, [candidate?.serial]); // eslint-disable-line react-hooks/exhaustive-deps

  const preview = (serial: string) => command(appStore, 'session.previewToken', () => bridgeClient(appStore).session.previewToken({ token: serial }));
  const add = async (serial: string, pin?: string, confirmFinalTry?: boolean) => {
    const request = pin === undefined ? { token: serial } : { token: serial, pin, ...(confirmFinalTry ? { confirmFinalTry } : {}) };
    const accepted = await command(appStore, 'session.addToken', () => bridgeClient(appStore).session.addToken(request));
    if (accepted) setPinFor(null);
  };

  return (
    <section aria-labelledby="tokens-h">
      <h2 id="tokens-h">{t('tokens.addTitle')}</h2>
      <p>
        {tokens.requirement === 'first-time' ? t('tokens.firstTime', { minimum: tokens.minimum }) : t('tokens.proveFirst')}
      </p>
      {tokens.severalPresent && (
        <p className="notice warn" role="alert">
          {t('tokens.several', { count: tokens.present.length })}
        </p>
      )}
      <div aria-live="polite" aria-atomic="true">
        {/* The "press OK" prompt below already says that this token is inserted: one sentence, not two. */}
        {tokenEvent?.type === 'token-inserted' && ready?.serial !== tokenEvent.token.serial && (
          <p className="muted">{t('tokens.inserted', { label: tokenEvent.token.label })}</p>
        )}
        {tokenEvent?.type === 'token-removed' && <p className="muted">{t('tokens.removed', { label: tokenEvent.label })}</p>}
        {tokens.present.length === 0 && (
          <p className="notice info" data-testid="insert-prompt" tabIndex={-1} data-focus-target="">
            {tokens.added.length === 0 ? t('tokens.insertFirst') : t('tokens.insertNext')}
          </p>
        )}
        {stillInserted.length > 0 && !candidate && waiting.length === 0 && (
          <p className="notice info" tabIndex={-1} data-focus-target="">
            {t('tokens.removeAdded', { label: stillInserted.map((s) => s.label).join(', ') })}
          </p>
        )}
      </div>
      {ready && (
        <div className="notice info">
          <p>{t('tokens.readyToRead', { label: ready.label })}</p>
          <button ref={okButton} type="button" className="primary" data-focus-target="" disabled={pending !== null} onClick={() => preview(ready.serial)}>
            {t('common.ok')}
          </button>
        </div>
      )}
      {candidate && (
        <div className="panel">
          <h3 ref={candidateHeading} tabIndex={-1}>
            {t('tokens.candidate', { label: candidate.label })}
          </h3>
          <TokenCard token={candidate} />
          {needsPin && !candidate.inCurrentCtl && <p className="notice error">{t('tokens.notInCtl')}</p>}
          <div className="actions">
            <button
              type="button"
              className="primary"
              data-focus-target=""
              disabled={pending !== null || !candidate.certificate || addedSerials.has(candidate.serial)}
              onClick={() => {
                clearError(appStore);
                if (needsPin) setPinFor(candidate.serial);
                else void add(candidate.serial);
              }}
            >
              {needsPin ? t('tokens.prove') : t('tokens.add')}
            </button>
          </div>
        </div>
      )}
      {tokens.added.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>{t('tokens.addedCaption', { count: tokens.added.length, minimum: tokens.minimum })}</caption>
            <thead>
              <tr>
                <th scope="col">#</th>
                <th scope="col">{t('tokens.label')}</th>
                <th scope="col">{t('tokens.serial')}</th>
                <th scope="col">{t('cert.subject')}</th>
                {needsProof && <th scope="col">{t('tokens.proven')}</th>}
              </tr>
            </thead>
            <tbody>
              {tokens.added.map((a) => (
                <tr key={a.serial}>
                  <td>{a.order}</td>
                  <td className="nowrap">{a.label}</td>
                  <td className="mono nowrap">{a.serial}</td>
                  <td className="subject">{a.certificate ? <Dn name={a.certificate.subject} /> : '—'}</td>
                  {needsProof && <td>{a.proven ? <span className="badge ok">{t('common.yes')}</span> : '—'}</td>}
                </tr>
              ))}
            </tbody>
          </table>
          {needsProof && <p className="muted">{t('tokens.provenHint')}</p>}
        </div>
      )}
      {pinFor && candidate && candidate.serial === pinFor && (
        <PinDialog
          tokenLabel={candidate.label}
          purpose="prove"
          {...pinStateAfter(error, candidate.pin)}
          onSubmit={(pin, confirmFinalTry) => void add(candidate.serial, pin, confirmFinalTry)}
          onClose={() => {
            setPinFor(null);
            clearError(appStore);
          }}
        />
      )}
    </section>
  );
}
