// First contact with a provider: show the certificate it presented and ask before trusting it.
// For the cluster's last certificate the password can be typed here, so trusting and
// connecting is one step (the engine never keeps the password, so the connect is repeated).
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot } from '../../../shared/session/types';
import { Field } from '../components/Field';
import { StepHeading } from '../components/StepHeading';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { formatFingerprint } from '../format';

type TrustSnapshot = Extract<SessionSnapshot, { kind: 'trust' }>;

export function TrustScreen({ snapshot }: { snapshot: TrustSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const [password, setPassword] = useState('');
  const p = snapshot.presented;
  const more = snapshot.others?.length ?? 0;
  const server = snapshot.server;
  const connectAfter = snapshot.returnTo === 'connect' && more === 0 && server !== null;

  async function accept(event: FormEvent) {
    event.preventDefault();
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
    <form onSubmit={accept} aria-describedby="trust-intro">
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
          {p.notBefore || '—'} – {p.notAfter}
        </dd>
        <dt>{t('trust.fingerprint')}</dt>
        <dd className="mono" data-testid="fingerprint">
          {formatFingerprint(p.fingerprint)}
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
      <div className="actions">
        <button type="submit" className="primary" disabled={pending !== null}>
          {connectAfter && password ? t('trust.acceptConnect') : t('trust.accept')}
        </button>
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
      </div>
    </form>
  );
}
