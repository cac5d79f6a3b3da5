// An expiry date in the UI language with how long is left ("expires in 12 days"), marked when
// close (under 30 days) or past, in words as well as colour.
import { useTranslation } from 'react-i18next';
import { formatDate, relativeTime } from '../format';

/** `relative`: always say how long is left, or only when it is close or past (compact tables). */
export function Expiry({ iso, relative = 'always' }: { iso: string | null; relative?: 'always' | 'warn' }) {
  const { t, i18n } = useTranslation();
  if (!iso) return <>—</>;
  const when = relativeTime(iso, i18n.language);
  const tone = when.past ? 'badge fail' : when.soon ? 'badge warn' : 'muted';
  return (
    <span className="expiry">
      <span className="nowrap">{formatDate(iso, i18n.language)}</span>
      {(relative === 'always' || when.past || when.soon) && <span className={tone}>{t(when.past ? 'cert.expired' : 'cert.expiresIn', { when: when.text })}</span>}
    </span>
  );
}
