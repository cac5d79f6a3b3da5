// Step 5: the summary first (mode, signer, targets, hash, checks), the checks that protect
// phones, then the entry diff. Finish stays in view in the footer; it opens the PIN dialog when
// the signer needs one. The hash is chosen here for this run only; the default for later runs
// is a setting (Settings screen).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { WritableHash } from '../../../shared/ctl/model';
import type { SessionSnapshot } from '../../../shared/session/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Fingerprint } from '../components/Fingerprint';
import { Modal } from '../components/Modal';
import { PinDialog } from '../components/PinDialog';
import { pinStateAfter } from '../components/pin-state';
import { HashOptions } from '../components/HashOptions';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { useApp } from '../hooks';
import { bridgeClient, clearError, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { needsNonSecureConfirmation, PublishSummary } from './PublishSummary';
import { ReviewChecks } from './ReviewChecks';
import { ReviewDiff } from './ReviewDiff';

export function ReviewScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const error = useApp((s) => s.error);
  const [pinOpen, setPinOpen] = useState(false);
  const [confirmOpen, setConfirmOpen] = useState(false);
  const [ready, setReady] = useState(true);
  const review = snapshot.review;
  const client = () => bridgeClient(appStore);
  if (!review) return <p>{t('common.loading')}</p>;
  const signer = review.signer;
  const added = snapshot.tokens?.added ?? [];
  // Finish signs with the token in the port: the signer must be inserted now.
  const signerAbsent = signer !== null && !(snapshot.tokens?.present ?? []).some((p) => p.serial === signer.token.serial);
  const failing = review.checks.filter((c) => c.status === 'fail' && !c.overridden).length;
  const warnings = review.checks.filter((c) => c.status === 'warn').length;
  const canFinish = review.canSign && signer !== null && !signerAbsent;
  const why = !review.canSign ? t('review.cannotSign') : !signer ? t('review.noSigner') : signerAbsent ? t('review.insertSigner', { label: signer.token.label }) : null;

  const sign = async (pin?: string, confirmFinalTry?: boolean) => {
    const request = pin === undefined ? {} : { pin, ...(confirmFinalTry ? { confirmFinalTry } : {}) };
    if (await command(appStore, 'session.sign', () => client().session.sign(request))) {
      setPinOpen(false);
      setConfirmOpen(false);
    }
  };

  return (
    <div>
      <StepHeading>{t('review.title')}</StepHeading>
      <div className="summary">
        <section className="summary-item" aria-labelledby="sum-mode">
          <h2 id="sum-mode">{t('review.sumMode')}</h2>
          <p>{t(`mode.choice.${review.mode}.label`)}</p>
          <p className="muted">{t('review.afterCommit', { target: t(`mode.security.${review.targetSecurityMode}`) })}</p>
        </section>
        <section className="summary-item" aria-labelledby="sum-signer">
          <h2 id="sum-signer">
            <label htmlFor="signer">{t('review.signer')}</label>
          </h2>
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
          {signer?.token.certificate && <Fingerprint hex={signer.token.certificate.fingerprint} name={t('review.signerFingerprint')} copy={false} />}
        </section>
        <section className="summary-item" aria-labelledby="sum-targets">
          <h2 id="sum-targets">{t('review.targets')}</h2>
          <ul className="plain">
            {review.targets.map((target) => (
              <li key={target.id}>
                <span className="nowrap">{target.host}</span>
                <span className="muted cell-sub">{t(`review.targetKind.${snapshot.cluster?.standalone && target.kind === 'node' ? 'tftp-root' : target.kind}`)}</span>
              </li>
            ))}
          </ul>
        </section>
        <section className="summary-item" aria-labelledby="sum-hash">
          <h2 id="sum-hash">
            <label htmlFor="hash">{t('review.hash')}</label>
          </h2>
          <select
            id="hash"
            value={review.hashAlgorithm}
            aria-describedby="hash-hint"
            disabled={pending !== null || !snapshot.allowed.includes('set-hash-algorithm')}
            onChange={(e) => {
              const algorithm = e.target.value as WritableHash;
              void command(appStore, 'session.setHashAlgorithm', () => client().session.setHashAlgorithm({ algorithm }));
            }}
          >
            <HashOptions />
          </select>
          <p id="hash-hint" className="muted">
            {t('review.hashHint')}
          </p>
        </section>
        <section className="summary-item" aria-labelledby="sum-checks">
          <h2 id="sum-checks">{t('review.sumChecks')}</h2>
          <p>
            {failing > 0 ? <span className="badge fail">{t('review.failing', { count: failing })}</span> : <span className="badge ok">{t('review.allPass')}</span>}
            {warnings > 0 && <span className="badge warn">{t('review.warnings', { count: warnings })}</span>}
          </p>
        </section>
      </div>
      <ReviewChecks checks={review.checks} />
      <ReviewDiff diff={review.diff} />
      <WizardFooter why={why ? { id: 'sign-why', text: why } : null}>
        <button
          type="button"
          className="primary"
          data-decision=""
          disabled={pending !== null || !canFinish}
          aria-describedby={why ? 'sign-why' : undefined}
          onClick={() => {
            clearError(appStore);
            if (review) setReady(!needsNonSecureConfirmation(review));
            // Either dialog states what is published; neither publishes on an accidental Enter.
            if (signer?.needsPin) setPinOpen(true);
            else setConfirmOpen(true);
          }}
        >
          {t('review.sign')}
        </button>
      </WizardFooter>
      {pinOpen && signer && (
        <PinDialog
          tokenLabel={signer.token.label}
          purpose="sign"
          {...pinStateAfter(error, signer.token.pin)}
          summary={<PublishSummary review={review} onReady={setReady} />}
          ready={ready}
          onSubmit={(pin, confirmFinalTry) => void sign(pin, confirmFinalTry)}
          onClose={() => {
            setPinOpen(false);
            clearError(appStore);
          }}
        />
      )}
      {confirmOpen && (
        <Modal title={t('publishConfirm.title')} onClose={() => setConfirmOpen(false)}>
          <PublishSummary review={review} onReady={setReady} />
          {error && <ErrorBanner error={error} />}
          <div className="actions">
            <button type="button" data-autofocus="" onClick={() => setConfirmOpen(false)}>
              {t('common.cancel')}
            </button>
            <button type="button" className="primary" disabled={!ready || pending !== null} onClick={() => void sign()}>
              {t('pin.submit.sign')}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
