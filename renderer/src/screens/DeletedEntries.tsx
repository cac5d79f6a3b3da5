// The entries deleted on this step, each with Restore: a deletion is undone here until the
// step is left (then it is final). The list also marks what is gone, so nothing vanishes silently.
import { useTranslation } from 'react-i18next';
import type { EntryRow } from '../../../shared/session/types';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';

/** How a deleted row is named: the token's label, else its host, else its subject. */
const nameOf = (row: EntryRow) => row.tokenLabel ?? (row.host || row.subject);

export function DeletedEntries({ rows, canRestore }: { rows: EntryRow[]; canRestore: boolean }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  if (rows.length === 0) return null;
  const restore = (ids: string[]) => command(appStore, 'session.restoreEntries', () => bridgeClient(appStore).session.restoreEntries({ ids }));
  return (
    <section className="notice info" aria-labelledby="deleted-h" data-testid="deleted-entries">
      <h3 id="deleted-h">{t('entries.deleted.title', { count: rows.length })}</h3>
      <p className="muted">{t('entries.deleted.hint')}</p>
      <ul className="plain-list">
        {rows.map((row) => (
          <li key={row.id}>
            <span>
              {row.role} — {nameOf(row)}
            </span>
            <button type="button" disabled={pending !== null || !canRestore} onClick={() => void restore([row.id])} aria-label={t('entries.deleted.restoreOne', { name: nameOf(row) })}>
              {t('entries.deleted.restore')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
