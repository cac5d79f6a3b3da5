// What the guide calls "token information": label, serial, maker, PIN state and the SAST
// certificate the token would add to the CTL.
import { useTranslation } from 'react-i18next';
import type { TokenView } from '../../../shared/session/types';
import { Dn } from './Dn';
import { Expiry } from './Expiry';
import { Fingerprint } from './Fingerprint';

export function TokenCard({ token }: { token: TokenView }) {
  const { t } = useTranslation();
  const c = token.certificate;
  return (
    <dl className="facts" aria-label={t('tokens.info', { label: token.label })}>
      <dt>{t('tokens.label')}</dt>
      <dd>{token.label}</dd>
      <dt>{t('tokens.serial')}</dt>
      <dd className="mono">{token.serial}</dd>
      <dt>{t('tokens.maker')}</dt>
      <dd>
        {token.manufacturer} {token.model}
      </dd>
      <dt>{t('tokens.pinState')}</dt>
      <dd>
        {token.pin.locked
          ? t('pin.stateLocked')
          : token.pin.finalTry
            ? t('pin.stateFinalTry')
            : token.pin.countLow
              ? t('pin.stateCountLow')
              : t('pin.stateOk')}
      </dd>
      {c ? (
        <>
          <dt>{t('cert.subject')}</dt>
          <dd><Dn name={c.subject} /></dd>
          <dt>{t('cert.issuer')}</dt>
          <dd><Dn name={c.issuer} /></dd>
          <dt>{t('cert.expires')}</dt>
          <dd>
            <Expiry iso={c.notAfter} />
          </dd>
          <dt>{t('cert.sha256')}</dt>
          <dd>
            <Fingerprint hex={c.fingerprint} name={t('cert.sha256')} />
          </dd>
        </>
      ) : (
        <>
          <dt>{t('cert.subject')}</dt>
          <dd className="badge fail">{t('tokens.noCertificate')}</dd>
        </>
      )}
      <dt>{t('tokens.inCurrentCtl')}</dt>
      <dd>{token.inCurrentCtl ? t('common.yes') : t('common.no')}</dd>
    </dl>
  );
}
