// The cells a CTL entry shows in every table (the wizard's entries, the inspector): role, host
// with its IP address below, subject, expiry. One rendering, so both tables read the same.
import { useTranslation } from 'react-i18next';
import type { CtlRole } from '../../../shared/ctl/model';
import { Dn } from './Dn';
import { Expiry } from './Expiry';

export function EntryCells({ role, host, ip, subject, notAfter, tokenLabel = null }: { role: CtlRole; host: string; ip: string | null; subject: string; notAfter: string | null; tokenLabel?: string | null }) {
  return (
    <>
      <td className="nowrap">{role}</td>
      <td>
        {/* A token entry is named by its token's label, the name on the physical token. */}
        <span className="nowrap">{host || tokenLabel || '—'}</span>
        {ip && <span className="nowrap muted cell-sub">{ip}</span>}
      </td>
      <td className="subject">
        <Dn name={subject} />
      </td>
      <td>
        <Expiry iso={notAfter} relative="warn" />
      </td>
    </>
  );
}

/** The column headers of EntryCells. */
export function EntryHeaders() {
  const { t } = useTranslation();
  return (
    <>
      <th scope="col">{t('entries.role')}</th>
      <th scope="col">{t('entries.hostIp')}</th>
      <th scope="col">{t('cert.subject')}</th>
      <th scope="col">{t('cert.expires')}</th>
    </>
  );
}

/** The cell that opens an entry's certificate, named for the entry. */
export function ViewCell({ entry, onView }: { entry: string; onView: () => void }) {
  const { t } = useTranslation();
  return (
    <td>
      <button type="button" className="small" onClick={onView} aria-label={t('entries.viewFor', { entry })}>
        {t('entries.view')}
      </button>
    </td>
  );
}
