// First contact with a provider: show the certificate it presented and ask before trusting it.
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../shared/session/types';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { formatFingerprint } from '../format';

type TrustSnapshot = Extract<SessionSnapshot, { kind: 'trust' }>;

export function TrustScreen({ snapshot }: { snapshot: TrustSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const p = snapshot.presented;
  return (
    <section aria-describedby="trust-intro">
      <StepHeading>{t('trust.title')}</StepHeading>
      <p id="trust-intro">{t(`trust.intro.${snapshot.purpose}`, { host: p.host, port: p.port })}</p>
      <p className="notice warn">{t('trust.compare')}</p>
      <dl className="facts">
        <dt>{t('trust.server')}</dt>
        <dd>
          {p.host}:{p.port}
        </dd>
        <dt>{t('cert.subject')}</dt>
        <dd>{p.subject}</dd>
        <dt>{t('cert.issuer')}</dt>
        <dd>{p.issuer}</dd>
        <dt>{t('cert.validity')}</dt>
        <dd>
          {p.notBefore} – {p.notAfter}
        </dd>
        <dt>{t('trust.fingerprint')}</dt>
        <dd className="mono" data-testid="fingerprint">
          {formatFingerprint(p.fingerprint)}
        </dd>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={pending !== null}
          onClick={async () => {
            const trusted = await command(appStore, 'session.trustProvider', () => bridgeClient(appStore).session.trustProvider({ fingerprint: p.fingerprint }));
            // The engine returns to the step; the command is repeated with the password typed again.
            if (trusted && snapshot.returnTo === 'connect') appStore.setState({ reenterPassword: true });
          }}
        >
          {t('trust.accept')}
        </button>
        <button type="button" disabled={pending !== null} onClick={() => command(appStore, 'session.back', () => bridgeClient(appStore).session.back())}>
          {t('trust.reject')}
        </button>
      </div>
    </section>
  );
}
