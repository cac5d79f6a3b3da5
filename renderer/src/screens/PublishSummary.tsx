// What Finish is about to do, shown where the administrator confirms it (the PIN dialog, or a
// confirmation of its own when the signer needs no PIN): the security mode after the commit,
// the signer, the targets and the hash. Leaving mixed mode cannot be undone from the phones'
// side (they keep their CTL until it is erased by hand), so that one is typed out as well.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReviewView } from '../../../shared/session/results';
import { WEBCRYPTO_HASH } from '../../../shared/ctl/tags';
import { Field } from '../components/Field';

/** What the administrator types to confirm non-secure mode (the same in every language: it is the mode's name in the CLI). */
export const NON_SECURE_CONFIRMATION = 'non-secure';

/** True when publishing leaves a cluster in non-secure mode: the typed confirmation is needed. */
export const needsNonSecureConfirmation = (review: ReviewView): boolean => review.targetSecurityMode === 'non-secure' && review.mode === 'non-secure';

export function PublishSummary({ review, onReady }: { review: ReviewView; onReady: (ready: boolean) => void }) {
  const { t } = useTranslation();
  const [typed, setTyped] = useState('');
  const typedNeeded = needsNonSecureConfirmation(review);
  return (
    <div className="publish-summary">
      <dl className="facts">
        <dt>{t('publishConfirm.modeAfter')}</dt>
        <dd>{t(`mode.security.${review.targetSecurityMode}`)}</dd>
        <dt>{t('review.signer')}</dt>
        <dd>{review.signer ? review.signer.token.label : '—'}</dd>
        <dt>{t('review.hash')}</dt>
        <dd>{WEBCRYPTO_HASH[review.hashAlgorithm]}</dd>
        <dt>{t('publishConfirm.targets', { count: review.targets.length })}</dt>
        <dd>{review.targets.map((target) => target.host).join(', ')}</dd>
      </dl>
      {typedNeeded && (
        <>
          <p className="notice warn">{t('publishConfirm.nonSecureWarning')}</p>
          <Field
            label={t('publishConfirm.typeToConfirm', { text: NON_SECURE_CONFIRMATION })}
            value={typed}
            autoComplete="off"
            onChange={(e) => {
              setTyped(e.target.value);
              onReady(e.target.value.trim() === NON_SECURE_CONFIRMATION);
            }}
          />
        </>
      )}
    </div>
  );
}
