// The review's entry diff: the changed entries first, highlighted by kind of change (with the
// change also written out), and the unchanged entries collapsed under one line.
import { useTranslation } from 'react-i18next';
import type { DiffRow } from '../../../shared/session/types';
import { displayDn, shortHash } from '../format';

function DiffTable({ rows, caption }: { rows: DiffRow[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{t('entries.change')}</th>
            <th scope="col">{t('entries.role')}</th>
            <th scope="col">{t('entries.host')}</th>
            <th scope="col">{t('cert.subject')}</th>
            <th scope="col">{t('review.before')}</th>
            <th scope="col">{t('review.after')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((d, i) => (
            <tr key={`${d.role}-${d.subject}-${i}`} className={d.change === 'unchanged' ? undefined : `change-${d.change}`}>
              <td className={d.change === 'unchanged' ? 'nowrap' : 'change-mark nowrap'}>{t(`review.changes.${d.change}`)}</td>
              <td className="nowrap">{d.role}</td>
              <td className="nowrap">{d.host || '—'}</td>
              <td className="subject">{displayDn(d.subject)}</td>
              <td className="mono nowrap">{shortHash(d.before)}</td>
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
          <DiffTable rows={unchanged} caption={t('review.unchanged', { count: unchanged.length })} />
        </details>
      )}
    </section>
  );
}
