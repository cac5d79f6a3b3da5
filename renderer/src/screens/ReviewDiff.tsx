// The review's entry diff: the changed entries first, highlighted by kind of change (with the
// change also written out), and the unchanged entries collapsed under one line.
import { useTranslation } from 'react-i18next';
import type { DiffRow } from '../../../shared/session/types';
import { shortHash } from '../format';
import { Dn } from '../components/Dn';

/** `same`: unchanged rows, whose one fingerprint is shown once (no change, before or after). */
function DiffTable({ rows, caption, same = false }: { rows: DiffRow[]; caption: string; same?: boolean }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {!same && <th scope="col">{t('entries.change')}</th>}
            <th scope="col">{t('entries.role')}</th>
            <th scope="col">{t('entries.host')}</th>
            <th scope="col">{t('cert.subject')}</th>
            {same ? (
              <th scope="col">SHA-256</th>
            ) : (
              <>
                <th scope="col">{t('review.before')}</th>
                <th scope="col">{t('review.after')}</th>
              </>
            )}
          </tr>
        </thead>
        <tbody>
          {rows.map((d, i) => (
            <tr key={`${d.role}-${d.subject}-${i}`} className={d.change === 'unchanged' ? undefined : `change-${d.change}`}>
              {!same && <td className="change-mark nowrap">{t(`review.changes.${d.change}`)}</td>}
              <td className="nowrap">{d.role}</td>
              <td className="nowrap">{d.host || '—'}</td>
              <td className="subject"><Dn name={d.subject} /></td>
              {!same && <td className="mono nowrap">{shortHash(d.before)}</td>}
              <td className="mono nowrap">{shortHash(d.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function ReviewDiff({ diff }: { diff: DiffRow[] }) {
  const { t } = useTranslation();
  const changed = diff.filter((d) => d.change !== 'unchanged');
  const unchanged = diff.filter((d) => d.change === 'unchanged');
  return (
    <section aria-labelledby="diff-h">
      <h2 id="diff-h">{t('review.diff')}</h2>
      {changed.length > 0 ? <DiffTable rows={changed} caption={t('review.changedCaption', { count: changed.length })} /> : <p>{t('review.noChanges')}</p>}
      {unchanged.length > 0 && (
        <details>
          <summary>{t('review.unchanged', { count: unchanged.length })}</summary>
          <DiffTable rows={unchanged} caption={t('review.unchanged', { count: unchanged.length })} same />
        </details>
      )}
    </section>
  );
}
