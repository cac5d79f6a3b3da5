// Step 1 for TFTP servers that run no CTL Provider: the TFTP roots (sftp:// addresses or
// folders), one SSH login for every sftp:// root, and the servers' certificate files (the
// entries a provider would report). The SSH password stays in this form's state only until
// it is sent; a key file is named by its path and read by the main process, never here.
import { useRef, useState } from 'react';
import type { FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionCommandOf } from '../../../shared/session/types';
import { Field } from '../components/Field';
import { WizardFooter } from '../components/WizardFooter';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { certificateBase64 } from './certificate-file';

type Payload = Omit<SessionCommandOf<'connect-targets'>, 'type'>;
type Role = Payload['entries'][number]['role'];
const ROLES: readonly Role[] = ['CCM+TFTP', 'CCM', 'TFTP', 'CAPF'];
type Login = 'key-file' | 'agent' | 'password';

interface CertRow {
  file: string;
  certificate: string;
  role: Role;
  dnsName: string;
  ip: string;
}

const HOST_PORT = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/;

export function TargetsForm() {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const busy = pending === 'session.connectTargets' || pending === 'session.trustProvider';
  const [addresses, setAddresses] = useState<string[]>(['']);
  const [login, setLogin] = useState<Login>('key-file');
  const [keyPath, setKeyPath] = useState('');
  const [password, setPassword] = useState('');
  const [certs, setCerts] = useState<CertRow[]>([]);
  const [tftpCheck, setTftpCheck] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);

  const setAddress = (i: number, value: string) => setAddresses((all) => all.map((a, j) => (j === i ? value : a)));
  const setCert = (i: number, patch: Partial<CertRow>) => setCerts((all) => all.map((c, j) => (j === i ? { ...c, ...patch } : c)));

  async function addFiles(files: FileList | null) {
    for (const file of Array.from(files ?? [])) {
      const certificate = certificateBase64(new Uint8Array(await file.arrayBuffer()));
      if (!certificate) {
        setProblem(t('targets.notCertificate', { file: file.name }));
        continue;
      }
      setCerts((all) => [...all, { file: file.name, certificate, role: 'CCM+TFTP', dnsName: '', ip: '' }]);
    }
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const targets = addresses.map((a) => a.trim()).filter(Boolean);
    if (targets.length === 0) return setProblem(t('targets.needTarget'));
    const sftp = targets.some((a) => /^sftp:\/\//i.test(a));
    if (sftp && login === 'key-file' && !keyPath.trim()) return setProblem(t('targets.needKey'));
    if (sftp && login === 'password' && !password) return setProblem(t('targets.needPassword'));
    const checks = tftpCheck.split(/[\s,]+/).filter(Boolean);
    const bad = checks.find((c) => !HOST_PORT.test(c));
    if (bad) return setProblem(t('targets.badCheck', { value: bad }));
    setProblem(null);
    const auth: Payload['targets'][number]['auth'] = login === 'key-file' ? { kind: 'key-file', path: keyPath.trim() }
      : login === 'agent' ? { kind: 'agent' } : { kind: 'password', password };
    setPassword('');
    const payload: Payload = {
      targets: targets.map((address) => (/^sftp:\/\//i.test(address) ? { address, auth } : { address })),
      entries: certs.map((c) => ({ role: c.role, certificate: c.certificate, ...(c.dnsName.trim() ? { dnsName: c.dnsName.trim() } : {}), ...(c.ip.trim() ? { ip: c.ip.trim() } : {}) })),
      ...(checks.length ? {
        tftpCheck: checks.map((c) => {
          const m = HOST_PORT.exec(c)!;
          return { host: m[1]!.replace(/^\[|\]$/g, ''), port: m[2] ? Number(m[2]) : 69 };
        }),
      } : {}),
    };
    await command(appStore, 'session.connectTargets', () => bridgeClient(appStore).session.connectTargets(payload));
  }

  return (
    <form onSubmit={submit} noValidate aria-describedby="targets-intro">
      <p id="targets-intro" className="muted">{t('targets.intro')}</p>
      <fieldset>
        <legend>{t('targets.roots')}</legend>
        {addresses.map((address, i) => (
          <div className="edit-row" key={i}>
            <Field
              wide
              label={t('targets.address', { n: i + 1 })}
              hint={i === 0 ? t('targets.addressHint') : undefined}
              value={address}
              onChange={(e) => setAddress(i, e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
            {addresses.length > 1 && (
              <button type="button" onClick={() => setAddresses((all) => all.filter((_, j) => j !== i))}>
                {t('targets.remove')}
              </button>
            )}
          </div>
        ))}
        <button type="button" onClick={() => setAddresses((all) => [...all, ''])}>{t('targets.add')}</button>
      </fieldset>
      <fieldset>
        <legend>{t('targets.login')}</legend>
        <p className="muted">{t('targets.loginHint')}</p>
        {(['key-file', 'agent', 'password'] as const).map((kind) => (
          <label key={kind} className="choice">
            <input type="radio" name="ssh-login" value={kind} checked={login === kind} onChange={() => setLogin(kind)} />
            {t(`targets.loginKind.${kind}`)}
          </label>
        ))}
        {login === 'key-file' && (
          <Field wide label={t('targets.keyPath')} hint={t('targets.keyPathHint')} value={keyPath} onChange={(e) => setKeyPath(e.target.value)} autoComplete="off" spellCheck={false} />
        )}
        {login === 'password' && (
          <Field label={t('targets.password')} type="password" value={password} onChange={(e) => setPassword(e.target.value)} autoComplete="current-password" />
        )}
      </fieldset>
      <fieldset>
        <legend>{t('targets.certificates')}</legend>
        <p className="muted">{t('targets.certificatesHint')}</p>
        {certs.map((c, i) => (
          <div className="edit-row" key={`${c.file}-${i}`} role="group" aria-label={c.file}>
            <span className="file-name mono">{c.file}</span>
            <div className="field">
              <label htmlFor={`cert-role-${i}`}>{t('targets.role')}</label>
              <select id={`cert-role-${i}`} value={c.role} onChange={(e) => setCert(i, { role: e.target.value as Role })}>
                {ROLES.map((r) => <option key={r} value={r}>{r}</option>)}
              </select>
            </div>
            <Field label={t('targets.dnsName')} hint={t('targets.dnsNameHint')} value={c.dnsName} onChange={(e) => setCert(i, { dnsName: e.target.value })} spellCheck={false} />
            <Field label={t('targets.ip')} value={c.ip} onChange={(e) => setCert(i, { ip: e.target.value })} inputMode="decimal" />
            <button type="button" onClick={() => setCerts((all) => all.filter((_, j) => j !== i))}>{t('targets.remove')}</button>
          </div>
        ))}
        <button type="button" onClick={() => picker.current?.click()}>{t('targets.addCertificates')}</button>
        <input
          ref={picker}
          id="cert-files"
          className="visually-hidden"
          type="file"
          multiple
          accept=".pem,.crt,.cer,.der"
          tabIndex={-1}
          aria-label={t('targets.addCertificates')}
          onChange={(e) => {
            void addFiles(e.target.files);
            e.target.value = '';
          }}
        />
      </fieldset>
      <Field label={t('targets.tftpCheck')} hint={t('targets.tftpCheckHint')} value={tftpCheck} onChange={(e) => setTftpCheck(e.target.value)} spellCheck={false} autoComplete="off" />
      {problem && (
        <p className="notice error" role="alert">
          {problem}
        </p>
      )}
      <WizardFooter back={false}>
        <button type="submit" className="primary" disabled={busy}>
          {busy ? t('server.connecting') : t('targets.open')}
        </button>
      </WizardFooter>
    </form>
  );
}
