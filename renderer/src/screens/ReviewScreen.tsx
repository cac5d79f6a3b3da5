// Step 5: the new CTL beside the current one, the checks that protect phones (with typed
// overrides where allowed), the hash algorithm, the signer, and Sign (PIN when needed).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WritableHash } from '../../../shared/ctl/model';
import type { ReviewCheck, SessionSnapshot } from '../../../shared/session/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Modal } from '../components/Modal';
import { PinDialog } from '../components/PinDialog';
import { pinStateAfter } from '../components/pin-state';
import { StepHeading } from '../components/StepHeading';
import { formatFingerprint, shortHash } from '../format';
import { useApp } from '../hooks';
import { bridgeClient, clearError, command, updateSettings } from '../store/actions';
import { appStore } from '../store/app-store';

// Only the hashes phones verify are offered (SHA-256 is read, never written).
const HASHES: WritableHash[] = ['sha1', 'sha512'];
/** The saved preference null: follow the current CTL (SHA-1 for a first CTL). */
const FOLLOW = 'follow';

export function ReviewScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const error = useApp((s) => s.error);
  const settings = useApp((s) => s.settings);
  const savedHash = settings?.hashAlgorithm ?? null;
  const [pinOpen, setPinOpen] = useState(false);
  const [override, setOverride] = useState<ReviewCheck | null>(null);
  const [confirmation, setConfirmation] = useState('');
  const review = snapshot.review;
  const client = () => bridgeClient(appStore);
  if (!review) return <p>{t('common.loading')}</p>;
  const signer = review.signer;
  const added = snapshot.tokens?.added ?? [];
  // Finish signs with the token in the port: the signer must be inserted now.
  const signerAbsent = signer !== null && !(snapshot.tokens?.present ?? []).some((p) => p.serial === signer.token.serial);

  const sign = async (pin?: string, confirmFinalTry?: boolean) => {
    const request = pin === undefined ? {} : { pin, ...(confirmFinalTry ? { confirmFinalTry } : {}) };
    if (await command(appStore, 'session.sign', () => client().session.sign(request))) setPinOpen(false);
  };

  return (
    <div>
      <StepHeading>{t('review.title')}</StepHeading>
      <p>
        {t('review.summary', { mode: t(`mode.choice.${review.mode}.label`), target: t(`mode.security.${review.targetSecurityMode}`) })}
      </p>
      <h2>{t('review.diff')}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{t('entries.change')}</th>
              <th scope="col">{t('entries.role')}</th>
              <th scope="col">{t('entries.host')}</th>
              <th scope="col">{t('cert.subject')}</th>
              <th scope="col">{t('review.before')}</th>
              <th scope="col">{t('review.after')}</th>
            </tr>
          </thead>
          <tbody>
            {review.diff.map((d, i) => (
              <tr key={`${d.role}-${d.subject}-${i}`}>
                <td>{t(`review.changes.${d.change}`)}</td>
                <td>{d.role}</td>
                <td>{d.host || '—'}</td>
                <td className="subject">{d.subject}</td>
                <td className="mono">{shortHash(d.before)}</td>
                <td className="mono">{shortHash(d.after)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2>{t('review.checks')}</h2>
      <ul className="checks">
        {review.checks.map((c) => (
          <li key={c.id}>
            <span className={`badge ${c.status}`}>{t(`review.status.${c.status}`)}</span> <strong>{c.title}</strong>
            {c.overridden ? ` (${t('review.overridden')})` : ''} — {c.detail} <span className="muted">({c.guideRef})</span>
            {c.status === 'fail' && c.overridable && !c.overridden && (
              <button type="button" className="danger" onClick={() => setOverride(c)}>
                {t('review.override')}
              </button>
            )}
          </li>
        ))}
      </ul>
      <div className="field">
        <label htmlFor="hash">{t('review.hash')}</label>
        <select
          id="hash"
          value={review.hashAlgorithm}
          aria-describedby="hash-hint"
          disabled={pending !== null || !snapshot.allowed.includes('set-hash-algorithm')}
          onChange={async (e) => {
            const algorithm = e.target.value as WritableHash;
            // The choice is also remembered as the administrator's preference.
            if (await command(appStore, 'session.setHashAlgorithm', () => client().session.setHashAlgorithm({ algorithm }))) await updateSettings(appStore, { hashAlgorithm: algorithm });
          }}
        >
          {HASHES.map((h) => (
            <option key={h} value={h}>
              {h.toUpperCase()}
            </option>
          ))}
        </select>
        <span id="hash-hint" className="hint">
          {t('review.hashHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="hash-default">{t('review.hashDefault')}</label>
        <select
          id="hash-default"
          value={savedHash ?? FOLLOW}
          aria-describedby="hash-default-hint"
          disabled={pending !== null || settings === null}
          onChange={(e) => {
            // "Follow the current CTL" is the saved null: later runs keep the current CTL's hash.
            const value = e.target.value;
            void updateSettings(appStore, { hashAlgorithm: value === FOLLOW ? null : (value as WritableHash) });
          }}
        >
          <option value={FOLLOW}>{t('review.hashFollow')}</option>
          {HASHES.map((h) => (
            <option key={h} value={h}>
              {h.toUpperCase()}
            </option>
          ))}
        </select>
        <span id="hash-default-hint" className="hint">
          {t('review.hashDefaultHint')}
        </span>
      </div>
      <div className="field">
        <label htmlFor="signer">{t('review.signer')}</label>
        <select
          id="signer"
          value={signer?.token.serial ?? ''}
          disabled={pending !== null || !snapshot.allowed.includes('choose-signer')}
          onChange={(e) => void command(appStore, 'session.chooseSigner', () => client().session.chooseSigner({ token: e.target.value }))}
        >
          {!signer && <option value="">{t('review.noSigner')}</option>}
          {added.map((a) => (
            <option key={a.serial} value={a.serial}>
              {a.label} ({a.serial})
            </option>
          ))}
        </select>
        {signer?.token.certificate && <span className="hint mono">{formatFingerprint(signer.token.certificate.fingerprint)}</span>}
      </div>
      <h2>{t('review.targets')}</h2>
      <ul>
        {review.targets.map((target) => (
          <li key={target.id}>
            {t(`review.targetKind.${target.kind}`)}: {target.host}:{target.port}
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" disabled={pending !== null} onClick={() => command(appStore, 'session.back', () => client().session.back())}>
          {t('common.back')}
        </button>
        <span className="spacer" />
        <button
          type="button"
          className="primary"
          disabled={pending !== null || !review.canSign || !signer || signerAbsent}
          aria-describedby={review.canSign && !signerAbsent ? undefined : 'sign-why'}
          onClick={() => {
            clearError(appStore);
            if (signer?.needsPin) setPinOpen(true);
            else void sign();
          }}
        >
          {t('review.sign')}
        </button>
        {(!review.canSign || signerAbsent) && (
          <span id="sign-why" className="muted" aria-live="polite">
            {!review.canSign ? t('review.cannotSign') : t('review.insertSigner', { label: signer?.token.label ?? '' })}
          </span>
        )}
      </div>
      {pinOpen && signer && (
        <PinDialog
          tokenLabel={signer.token.label}
          purpose="sign"
          {...pinStateAfter(error, signer.token.pin)}
          onSubmit={(pin, confirmFinalTry) => void sign(pin, confirmFinalTry)}
          onClose={() => {
            setPinOpen(false);
            clearError(appStore);
          }}
        />
      )}
      {override && (
        <Modal
          title={t('review.overrideTitle', { check: override.title })}
          onClose={() => {
            setOverride(null);
            setConfirmation('');
          }}
        >
          <form
            onSubmit={async (e) => {
              e.preventDefault();
              const ok = await command(appStore, 'session.overrideCheck', () => client().session.overrideCheck({ check: override.id, confirmation }));
              if (ok) {
                setOverride(null);
                setConfirmation('');
              }
            }}
          >
            <p>{override.detail}</p>
            <p>{t('review.overrideType', { text: override.confirmationText ?? '' })}</p>
            <div className="field">
              <label htmlFor="override-text">{t('review.overrideLabel')}</label>
              <input id="override-text" value={confirmation} onChange={(e) => setConfirmation(e.target.value)} autoFocus autoComplete="off" />
            </div>
            {error && <ErrorBanner error={error} />}
            <div className="actions">
              <button type="submit" className="danger" disabled={confirmation !== override.confirmationText}>
                {t('review.override')}
              </button>
              <button type="button" onClick={() => setOverride(null)}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  );
}
