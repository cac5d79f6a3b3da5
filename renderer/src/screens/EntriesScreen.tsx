// Step 4: the CTL entries (role, host, IP, subject, expiry) with Add Tokens, Add TFTP Server,
// Add Firewall and Delete Selected. Delete is disabled with the rule's reason when the rules
// forbid it; every entry opens in the certificate viewer.
import type { TFunction } from 'i18next';
import { wordRule } from '../components/engine-words';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EntryRow, SessionSnapshot } from '../../../shared/session/types';
import { DEFAULT_PROVIDER_PORT, FIREWALL_PORT } from '../../../shared/session/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { Field } from '../components/Field';
import { Modal } from '../components/Modal';
import { StepHeading } from '../components/StepHeading';
import { EntryCells, EntryHeaders, ViewCell } from '../components/EntryCells';
import { WizardFooter } from '../components/WizardFooter';
import { useApp } from '../hooks';
import { bridgeClient, clearError, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { DeletedEntries } from './DeletedEntries';
import { TokenPanel } from './TokenPanel';

const CertificateViewer = lazy(() => import('../tools/CertificateViewer'));

/** The id of a row's "why it cannot be deleted" text (entry ids hold ':' and other characters ids should not). */
const whyId = (rowId: string) => `why-${rowId.replace(/[^A-Za-z0-9_-]/g, '_')}`;

type Dialog = { kind: 'tftp' } | { kind: 'firewall' } | { kind: 'tokens' } | { kind: 'cert'; entry: EntryRow } | null;

/** Why Delete Selected is disabled, or null when it is allowed. */
export function deleteBlocker(rows: EntryRow[], selected: Set<string>, t: TFunction): string | null {
  const chosen = rows.filter((r) => selected.has(r.id));
  if (chosen.length === 0) return t('entries.selectFirst');
  const blocked = chosen.find((r) => !r.deletable);
  if (blocked) return t('entries.cannotDelete', { entry: blocked.host || blocked.subject, rule: blocked.refusal ? wordRule(t, blocked.refusal.code) : '' });
  const tokensLeft = rows.filter((r) => r.role === 'SAST' && !selected.has(r.id)).length;
  if (chosen.some((r) => r.role === 'SAST') && tokensLeft < 2) return t('entries.keepTwoTokens');
  return null;
}

export function EntriesScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const clusterUser = useApp((s) => s.snapshot?.server?.username ?? '');
  const [dialog, setDialog] = useState<Dialog>(null);
  const [host, setHost] = useState('');
  const [port, setPort] = useState(String(DEFAULT_PROVIDER_PORT));
  const [username, setUsername] = useState(clusterUser);
  const [password, setPassword] = useState('');
  const firewallPort = useApp((s) => s.about?.firewallPort ?? FIREWALL_PORT);
  const rows = snapshot.entries;
  const blocker = deleteBlocker(rows, selected, t);
  const client = () => bridgeClient(appStore);

  const toggle = (id: string) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    setSelected(next);
  };
  // A password is needed unless the cluster's user name is kept: then the cluster's login is used.
  const canAdd = host.trim() !== '' && username.trim() !== '' && (password !== '' || username.trim() === clusterUser);
  const closeDialog = () => {
    setDialog(null);
    setHost('');
    setPort(String(DEFAULT_PROVIDER_PORT));
    setUsername(clusterUser);
    setPassword('');
    clearError(appStore);
  };
  const addServer = async (kind: 'tftp' | 'firewall') => {
    const target = host.trim();
    // No password of its own: the engine uses the cluster's login (same user name) from connect.
    const login = { username: username.trim(), ...(password ? { password } : {}) };
    setPassword('');
    const ok =
      kind === 'tftp'
        ? await command(appStore, 'session.addTftpServer', () => client().session.addTftpServer({ host: target, port: Number(port), ...login }))
        : await command(appStore, 'session.addFirewall', () => client().session.addFirewall({ host: target, ...login }));
    // Refused: the dialog stays open with the reason. Otherwise the server is added, or its
    // certificate is shown for trust first, after which the engine adds it without asking again.
    if (ok) closeDialog();
  };

  return (
    <div>
      <StepHeading>{t('entries.title')}</StepHeading>
      <p className="muted">{t('entries.intro')}</p>
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">{t('entries.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">
                <span className="visually-hidden">{t('entries.select')}</span>
              </th>
              <EntryHeaders />
              <th scope="col">{t('entries.change')}</th>
              <th scope="col">{t('entries.certificate')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr key={row.id} className={selected.has(row.id) ? 'selected' : row.change !== 'unchanged' ? `change-${row.change}` : undefined}>
                <td>
                  <input
                    type="checkbox"
                    checked={selected.has(row.id)}
                    // A row the rules protect cannot be ticked; the reason is announced with it and shown on hover.
                    disabled={!row.deletable}
                    title={row.refusal ? wordRule(t, row.refusal.code) : undefined}
                    aria-describedby={row.refusal ? whyId(row.id) : undefined}
                    onChange={() => toggle(row.id)}
                    aria-label={t('entries.selectRow', { entry: row.host || row.tokenLabel || row.subject })}
                  />
                  {row.refusal && (
                    <span id={whyId(row.id)} className="visually-hidden">
                      {wordRule(t, row.refusal.code)}
                    </span>
                  )}
                </td>
                <EntryCells role={row.role} host={row.host} ip={row.ip} subject={row.subject} notAfter={row.notAfter} tokenLabel={row.tokenLabel} />
                <td className={row.change !== 'unchanged' ? 'change-mark' : undefined}>{t(`entries.changes.${row.change}`)}</td>
                <ViewCell entry={row.host || row.subject} onView={() => setDialog({ kind: 'cert', entry: row })} />
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions">
        <button type="button" disabled={pending !== null || !snapshot.allowed.includes('preview-token')} onClick={() => setDialog({ kind: 'tokens' })}>
          {t('entries.addTokens')}
        </button>
        <button type="button" disabled={pending !== null || !snapshot.allowed.includes('add-tftp-server')} onClick={() => setDialog({ kind: 'tftp' })}>
          {t('entries.addTftp')}
        </button>
        <button type="button" disabled={pending !== null || !snapshot.allowed.includes('add-firewall')} onClick={() => setDialog({ kind: 'firewall' })}>
          {t('entries.addFirewall')}
        </button>
        <button
          type="button"
          className="danger"
          disabled={pending !== null || blocker !== null}
          aria-describedby="delete-why"
          onClick={async () => {
            if (await command(appStore, 'session.deleteEntries', () => client().session.deleteEntries({ ids: [...selected] }))) setSelected(new Set());
          }}
        >
          {t('entries.delete')}
        </button>
        <span id="delete-why" className="muted">
          {blocker ?? ''}
        </span>
      </div>
      <DeletedEntries rows={snapshot.deleted ?? []} canRestore={snapshot.allowed.includes('restore-entries')} />
      <WizardFooter>
        <button
          type="button"
          className="primary"
          disabled={pending !== null || !snapshot.allowed.includes('go-to-review')}
          onClick={() => command(appStore, 'session.goToReview', () => client().session.goToReview())}
        >
          {t('entries.review')}
        </button>
      </WizardFooter>
      {(dialog?.kind === 'tftp' || dialog?.kind === 'firewall') && (
        <Modal title={t(dialog.kind === 'tftp' ? 'entries.addTftp' : 'entries.addFirewall')} onClose={closeDialog}>
          <form
            onSubmit={(e) => {
              e.preventDefault();
              if (canAdd && Number.isInteger(Number(port))) void addServer(dialog.kind);
            }}
          >
            <p className="muted">{t(dialog.kind === 'tftp' ? 'entries.tftpHelp' : 'entries.firewallHelp')}</p>
            <Field label={t('server.host')} value={host} onChange={(e) => setHost(e.target.value)} data-autofocus="" spellCheck={false} />
            {dialog.kind === 'tftp' && (
              <Field label={t('server.port')} value={port} onChange={(e) => setPort(e.target.value)} inputMode="numeric" hint={t('entries.tftpPort')} />
            )}
            {dialog.kind === 'firewall' && (
              <Field
                label={t('server.port')}
                value={String(firewallPort)}
                readOnly
                hint={firewallPort === FIREWALL_PORT ? t('entries.firewallPort', { port: FIREWALL_PORT }) : t('entries.firewallPortDemo', { port: firewallPort, fixed: FIREWALL_PORT })}
              />
            )}
            <Field label={t('server.username')} value={username} onChange={(e) => setUsername(e.target.value)} autoComplete="off" />
            <Field
              label={t('server.password')}
              type="password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
              autoComplete="off"
              hint={t(dialog.kind === 'tftp' ? 'entries.tftpLogin' : 'entries.firewallLogin')}
            />
            <DialogError />
            <div className="actions">
              <button type="submit" className="primary" disabled={!canAdd || pending !== null}>
                {t('common.add')}
              </button>
              <button type="button" onClick={closeDialog}>
                {t('common.cancel')}
              </button>
            </div>
          </form>
        </Modal>
      )}
      {dialog?.kind === 'tokens' && snapshot.tokens && (
        <Modal title={t('entries.addTokens')} onClose={closeDialog}>
          <TokenPanel tokens={snapshot.tokens} />
          <div className="actions">
            <button type="button" onClick={closeDialog}>
              {t('common.close')}
            </button>
          </div>
        </Modal>
      )}
      {dialog?.kind === 'cert' && (
        <Suspense fallback={<p role="status">{t('common.loading')}</p>}>
          <CertificateViewer entry={dialog.entry} onClose={closeDialog} />
        </Suspense>
      )}
    </div>
  );
}

function DialogError() {
  const error = useApp((s) => s.error);
  return error ? <ErrorBanner error={error} /> : null;
}
