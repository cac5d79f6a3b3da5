// First contact with providers: every certificate nobody trusted yet, shown together, and one
// decision for all of them. Once they are trusted the engine goes on with what waited for them
// (the login or the added server) with the password already given: it is not typed again.
// Trusting is a decision: Enter never presses the button (focus moves to it first).
import { useTranslation } from 'react-i18next';
import type { ProviderIdentity, SessionSnapshot } from '../../../shared/session/types';
import { CopyButton } from '../components/CopyButton';
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

/** An SFTP server's host key: its algorithm and OpenSSH fingerprint, compared with `ssh-keygen -lf` on the server. */
function HostKeyFacts({ identity, testId }: { identity: ProviderIdentity; testId: string }) {
  const { t } = useTranslation();
  return (
    <>
      <dt>{t('trust.keyType')}</dt>
      <dd className="mono">{identity.sshKey?.algorithm}</dd>
      <dt>{t('trust.hostKeyFingerprint')}</dt>
      <dd>
        <code className="mono fp-ssh" data-testid={testId}>{identity.fingerprint}</code>{' '}
        <CopyButton text={identity.fingerprint} label={t('common.copyWhat', { what: `${t('trust.hostKeyFingerprint')} ${identity.host}` })} />
      </dd>
    </>
  );
}

/** A provider's TLS certificate: names, validity and SHA-256 fingerprint. */
function CertificateFacts({ identity, testId }: { identity: ProviderIdentity; testId: string }) {
  const { t, i18n } = useTranslation();
  const expiry = identity.notAfter ? relativeTime(identity.notAfter, i18n.language) : null;
  return (
    <>
      <dt>{t('cert.subject')}</dt>
      <dd><Dn name={identity.subject} /></dd>
      <dt>{t('cert.issuer')}</dt>
      <dd><Dn name={identity.issuer} /></dd>
      <dt>{t('cert.validity')}</dt>
      <dd>
        <span className="nowrap">{formatDateTime(identity.notBefore || null, i18n.language)}</span> – <span className="nowrap">{formatDateTime(identity.notAfter, i18n.language)}</span>
        {expiry && <span className={expiry.past ? 'badge fail' : expiry.soon ? 'badge warn' : 'badge'}>{t(expiry.past ? 'cert.expired' : 'cert.expiresIn', { when: expiry.text })}</span>}
      </dd>
      <dt>{t('trust.fingerprint')}</dt>
      <dd>
        <Fingerprint hex={identity.fingerprint} name={`${t('trust.fingerprint')} ${identity.host}`} testId={testId} />
      </dd>
    </>
  );
}

/** One presented identity (a certificate, or an SSH host key), under its server's name when there are several. */
function Presented({ identity, index, count }: { identity: ProviderIdentity; index: number; count: number }) {
  const { t } = useTranslation();
  const headingId = `trust-cert-${index}`;
  const testId = index === 0 ? 'fingerprint' : `fingerprint-${index}`;
  return (
    <section aria-labelledby={headingId} className={count > 1 ? 'panel' : undefined}>
      {count > 1 && (
        <h3 id={headingId}>
          {identity.host}:{identity.port}
        </h3>
      )}
      <dl className="facts" aria-labelledby={count > 1 ? headingId : undefined}>
        <dt>{t('trust.server')}</dt>
        <dd className="nowrap">
          {identity.host}:{identity.port}
        </dd>
        {identity.sshKey ? <HostKeyFacts identity={identity} testId={testId} /> : <CertificateFacts identity={identity} testId={testId} />}
      </dl>
    </section>
  );
}

export function TrustScreen({ snapshot }: { snapshot: TrustSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const all = [snapshot.presented, ...(snapshot.others ?? [])];
  const first = snapshot.presented;

  const accept = () =>
    command(appStore, 'session.trustProvider', () => bridgeClient(appStore).session.trustProvider({ fingerprints: all.map((id) => id.fingerprint) }));

  return (
    <form onSubmit={(e) => e.preventDefault()} onKeyDown={enterMovesToDecision} aria-describedby="trust-intro">
      <StepHeading>{t('trust.title')}</StepHeading>
      <p id="trust-intro">
        {all.length > 1 ? t('trust.introMany', { count: all.length }) : first.sshKey ? t('trust.introSsh', { host: first.host, port: first.port }) : t(`trust.intro.${snapshot.purpose}`, { host: first.host, port: first.port })}
      </p>
      {/* Where the fingerprint can be compared depends on what the server is: a firewall has no Cisco Unified OS Administration. */}
      <p className="notice warn">{t(all.some((id) => id.sshKey) ? 'trust.compareSsh' : snapshot.purpose === 'firewall' ? 'trust.compareFirewall' : 'trust.compare')}</p>
      {all.map((identity, index) => (
        <Presented key={identity.fingerprint + identity.host + identity.port} identity={identity} index={index} count={all.length} />
      ))}
      <p className="muted">{t(first.sshKey ? 'trust.noRetypeSsh' : 'trust.noRetype')}</p>
      <WizardFooter
        start={
          <button type="button" disabled={pending !== null} onClick={() => command(appStore, 'session.back', () => bridgeClient(appStore).session.back())}>
            {t('trust.reject')}
          </button>
        }
      >
        <button type="button" className="primary" data-decision="" disabled={pending !== null} onClick={() => void accept()}>
          {all.length > 1 ? t('trust.acceptAll', { count: all.length }) : t('trust.accept')}
        </button>
      </WizardFooter>
    </form>
  );
}
