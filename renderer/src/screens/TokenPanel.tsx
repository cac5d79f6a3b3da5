// Adding tokens one at a time, as the guide asks: "insert a token" (reacting to hot-plug
// events), OK shows the token's information, Add puts its certificate in the CTL. In an
// update the first token must be one the current CTL lists, and it proves itself with its PIN.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TokensView } from '../../../shared/session/types';
import { PinDialog } from '../components/PinDialog';
import { pinStateAfter } from '../components/pin-state';
import { TokenCard } from '../components/TokenCard';
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
        {tokenEvent?.type === 'token-inserted' && <p className="muted">{t('tokens.inserted', { label: tokenEvent.token.label })}</p>}
        {tokenEvent?.type === 'token-removed' && <p className="muted">{t('tokens.removed', { label: tokenEvent.label })}</p>}
        {tokens.present.length === 0 && (
          <p className="notice info" data-testid="insert-prompt">
            {tokens.added.length === 0 ? t('tokens.insertFirst') : t('tokens.insertNext')}
          </p>
        )}
        {stillInserted.length > 0 && !candidate && waiting.length === 0 && (
          <p className="notice info">{t('tokens.removeAdded', { label: stillInserted.map((s) => s.label).join(', ') })}</p>
        )}
      </div>
      {!candidate && waiting.length === 1 && !tokens.severalPresent && (
        <div className="notice info">
          <p>{t('tokens.readyToRead', { label: waiting[0]!.label })}</p>
          <button type="button" className="primary" disabled={pending !== null} onClick={() => preview(waiting[0]!.serial)}>
            {t('common.ok')}
          </button>
        </div>
      )}
      {candidate && (
        <div className="panel">
          <h3>{t('tokens.candidate', { label: candidate.label })}</h3>
          <TokenCard token={candidate} />
          {needsPin && !candidate.inCurrentCtl && <p className="notice error">{t('tokens.notInCtl')}</p>}
          <div className="actions">
            <button
              type="button"
              className="primary"
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
                <th scope="col">{t('tokens.proven')}</th>
              </tr>
            </thead>
            <tbody>
              {tokens.added.map((a) => (
                <tr key={a.serial}>
                  <td>{a.order}</td>
                  <td>{a.label}</td>
                  <td className="mono">{a.serial}</td>
                  <td className="subject">{a.certificate?.subject ?? '—'}</td>
                  <td>{a.proven ? t('common.yes') : '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
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
