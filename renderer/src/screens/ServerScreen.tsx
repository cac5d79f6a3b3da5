// Step 1: where the CTL goes. A CUCM cluster: the first node's CTL Provider (host, port 2444,
// user, password; the password stays in this form's state only until it is sent). TFTP
// servers without a provider: TargetsForm.
import { useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { DEFAULT_PROVIDER_PORT } from '../../../shared/session/types';
import type { RecentCluster } from '../../../shared/ipc/settings';
import { Field } from '../components/Field';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { none, useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { TargetsForm } from './TargetsForm';

/** The first choice: a CUCM cluster through its CTL Provider, or TFTP servers written directly. */
export function ServerScreen() {
  const { t } = useTranslation();
  const [kind, setKind] = useState<'provider' | 'standalone'>('provider');
  return (
    <div>
      <StepHeading>{t('server.title')}</StepHeading>
      <fieldset className="choices" aria-describedby="kind-hint">
        <legend>{t('server.kind')}</legend>
        {(['provider', 'standalone'] as const).map((k) => (
          <label key={k} className="choice">
            <input type="radio" name="cluster-kind" value={k} checked={kind === k} onChange={() => setKind(k)} />
            <span>
              <strong>{t(`server.kinds.${k}`)}</strong>
              <span className="muted"> — {t(`server.kindHints.${k}`)}</span>
            </span>
          </label>
        ))}
      </fieldset>
      {kind === 'provider' ? <ProviderForm /> : <TargetsForm />}
    </div>
  );
}

function ProviderForm() {
  const { t } = useTranslation();
  const recents = useApp((s) => s.settings?.recentClusters ?? none<RecentCluster>());
  const pending = useApp((s) => s.pending);
  // Connecting: this screen's own request, or the login the engine goes on with once the
  // certificates are trusted (with the password already given; nothing is to be typed).
  const engineConnecting = useApp((s) => s.snapshot?.busy?.action === 'connecting');
  const connecting = pending === 'session.connect' || pending === 'session.trustProvider' || engineConnecting;
  // Until the engine's first snapshot (the prerendered page, while the app starts) there is
  // nothing to connect with yet.
  const ready = useApp((s) => s.snapshot !== null);
  const server = useApp((s) => s.snapshot?.server ?? null);
  const known = server ?? recents[0] ?? null;
  const [host, setHost] = useState(known?.host ?? '');
  const [port, setPort] = useState(String(known?.port ?? DEFAULT_PROVIDER_PORT));
  const [username, setUsername] = useState(known?.username ?? '');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  // The settings and the engine answer after the screen is first drawn: the server they name
  // fills the form then, once, unless the administrator has started typing.
  const [filled, setFilled] = useState(known !== null);
  if (!filled && known) {
    setFilled(true);
    if (!host && !username) {
      setHost(known.host);
      setPort(String(known.port));
      setUsername(known.username);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const portNumber = Number(port);
    if (!host.trim()) return setProblem(t('server.needHost'));
    if (!Number.isInteger(portNumber) || portNumber < 1 || portNumber > 65535) return setProblem(t('server.badPort'));
    if (!username.trim() || !password) return setProblem(t('server.needCredentials'));
    setProblem(null);
    const secret = password;
    setPassword('');
    await command(appStore, 'session.connect', () =>
      bridgeClient(appStore).session.connect({ host: host.trim(), port: portNumber, username: username.trim(), password: secret }),
    );
  }

  return (
    <form onSubmit={submit} noValidate aria-describedby="server-intro">
      <p id="server-intro" className="muted">
        {t('server.intro')}
      </p>
      {recents.length > 0 && (
        <div className="field">
          <label htmlFor="recent">{t('server.recent')}</label>
          <select
            id="recent"
            value=""
            onChange={(e) => {
              const r = recents[Number(e.target.value)];
              if (r) {
                setHost(r.host);
                setPort(String(r.port));
                setUsername(r.username);
              }
            }}
          >
            <option value="">{t('server.recentPick')}</option>
            {recents.map((r, i) => (
              <option key={`${r.host}:${r.port}`} value={i}>
                {r.username}@{r.host}:{r.port}
              </option>
            ))}
          </select>
        </div>
      )}
      <div className="field-row">
        <Field label={t('server.host')} hint={t('server.hostHint')} value={host} onChange={(e) => setHost(e.target.value)} autoComplete="off" spellCheck={false} required />
        <Field label={t('server.port')} hint={t('server.portHint')} value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" required />
      </div>
      <div className="field-row">
        <Field label={t('server.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="username" required />
        <Field
          label={t('server.password')}
          type="password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          autoComplete="current-password"
          required
        />
      </div>
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      <WizardFooter back={false}>
        <button type="submit" className="primary" disabled={connecting || !ready}>
          {connecting ? t('server.connecting') : t('server.connect')}
        </button>
      </WizardFooter>
    </form>
  );
}
