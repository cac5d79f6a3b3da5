// First contact with a provider: show the certificate it presented and ask before trusting it.
// For the cluster's last certificate the password can be typed here, so trusting and
// connecting is one step (the engine never keeps the password, so the connect is repeated).
// Trusting is a decision: Enter in the password field moves to the Trust button, never presses it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../shared/session/types';
import { Field } from '../components/Field';
import { Fingerprint } from '../components/Fingerprint';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { enterMovesToDecision } from '../focus';
import { formatDateTime, relativeTime } from '../format';
import { Dn } from '../components/Dn';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';

type TrustSnapshot = Extract<SessionSnapshot, { kind: 'trust' }>;

export function TrustScreen({ snapshot }: { snapshot: TrustSnapshot }) {
  const { t, i18n } = useTranslation();
  const pending = useApp((s) => s.pending);
  const [password, setPassword] = useState('');
  const p = snapshot.presented;
  const more = snapshot.others?.length ?? 0;
  const server = snapshot.server;
  const connectAfter = snapshot.returnTo === 'connect' && more === 0 && server !== null;
  const expiry = p.notAfter ? relativeTime(p.notAfter, i18n.language) : null;

  async function accept() {
    const secret = password;
    setPassword('');
    const trusted = await command(appStore, 'session.trustProvider', () => bridgeClient(appStore).session.trustProvider({ fingerprint: p.fingerprint }));
    if (!trusted || snapshot.returnTo !== 'connect') return;
    if (connectAfter && secret) {
      await command(appStore, 'session.connect', () =>
        bridgeClient(appStore).session.connect({ host: server.host, port: server.port, username: server.username, password: secret }),
      );
    } else if (more === 0) {
      appStore.setState({ reenterPassword: true });
    }
  }

  return (
    <form onSubmit={(e) => e.preventDefault()} onKeyDown={enterMovesToDecision} aria-describedby="trust-intro">
      <StepHeading>{t('trust.title')}</StepHeading>
      <p id="trust-intro">{t(`trust.intro.${snapshot.purpose}`, { host: p.host, port: p.port })}</p>
      {/* Where the fingerprint can be compared depends on what the server is: a firewall has no Cisco Unified OS Administration. */}
      <p className="notice warn">{t(snapshot.purpose === 'firewall' ? 'trust.compareFirewall' : 'trust.compare')}</p>
      <dl className="facts">
        <dt>{t('trust.server')}</dt>
        <dd className="nowrap">
          {p.host}:{p.port}
        </dd>
        <dt>{t('cert.subject')}</dt>
        <dd><Dn name={p.subject} /></dd>
        <dt>{t('cert.issuer')}</dt>
        <dd><Dn name={p.issuer} /></dd>
        <dt>{t('cert.validity')}</dt>
        <dd>
          <span className="nowrap">{formatDateTime(p.notBefore || null, i18n.language)}</span> – <span className="nowrap">{formatDateTime(p.notAfter, i18n.language)}</span>
          {expiry && <span className={expiry.past ? 'badge fail' : expiry.soon ? 'badge warn' : 'badge'}>{t(expiry.past ? 'cert.expired' : 'cert.expiresIn', { when: expiry.text })}</span>}
        </dd>
        <dt>{t('trust.fingerprint')}</dt>
        <dd>
          <Fingerprint hex={p.fingerprint} name={t('trust.fingerprint')} testId="fingerprint" />
        </dd>
      </dl>
      {more > 0 && <p className="muted">{t('trust.more', { count: more })}</p>}
      {connectAfter && (
        <Field
          label={t('server.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          hint={t('trust.passwordHint', { user: server.username })}
        />
      )}
      <WizardFooter
        start={
          <button
            type="button"
            disabled={pending !== null}
            onClick={() => {
              // Not trusted: an Add TFTP Server / Add Firewall dialog waiting for this does not reopen.
              appStore.setState({ reopenAfterTrust: null });
              return command(appStore, 'session.back', () => bridgeClient(appStore).session.back());
            }}
          >
            {t('trust.reject')}
          </button>
        }
      >
        <button type="button" className="primary" data-decision="" disabled={pending !== null} onClick={() => void accept()}>
          {connectAfter && password ? t('trust.acceptConnect') : t('trust.accept')}
        </button>
      </WizardFooter>
    </form>
  );
}
