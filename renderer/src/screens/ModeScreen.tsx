// Step 2: the cluster as discovered, and the security mode to set (mixed / non-secure /
// update), each with one line on what it does and its consequence, from the guide.
import { wordMessage } from '../components/engine-words';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionMode, SessionSnapshot } from '../../../shared/session/types';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { useApp } from '../hooks';
import { bridgeClient, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { formatDate, shortHash } from '../format';

export function ModeScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t, i18n } = useTranslation();
  const pending = useApp((s) => s.pending);
  const offered = snapshot.modeChoices.filter((c) => c.offered);
  const start = offered.find((c) => c.recommended) ?? offered[0];
  const [mode, setMode] = useState<SessionMode | null>(snapshot.mode ?? start?.mode ?? null);
  const cluster = snapshot.cluster;
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        if (mode) void command(appStore, 'session.chooseMode', () => bridgeClient(appStore).session.chooseMode({ mode }));
      }}
    >
      <StepHeading>{t('mode.title')}</StepHeading>
      {cluster && (
        <section aria-labelledby="cluster-h">
          <h2 id="cluster-h">{cluster.standalone ? t('mode.standalone', { count: cluster.nodes.length }) : t('mode.cluster', { name: cluster.name })}</h2>
          <p>{t('mode.currentMode', { mode: t(`mode.security.${cluster.securityMode}`) })}</p>
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">{t('mode.nodes')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t(cluster.standalone ? 'mode.tftpRoot' : 'mode.node')}</th>
                  {!cluster.standalone && <th scope="col">{t('entries.ip')}</th>}
                  {!cluster.standalone && <th scope="col">{t('mode.services')}</th>}
                  <th scope="col">{t('mode.reachable')}</th>
                </tr>
              </thead>
              <tbody>
                {cluster.nodes.map((n) => (
                  <tr key={n.name}>
                    <td>
                      <span className="nowrap">{n.name}</span>
                      {n.publisher ? <span className="badge info">{t(cluster.standalone ? 'mode.firstRoot' : 'mode.publisher')}</span> : null}
                    </td>
                    {!cluster.standalone && <td className="nowrap">{n.ip ?? '—'}</td>}
                    {!cluster.standalone && <td>{n.roles.join(', ')}</td>}
                    <td>
                      {n.reachable ? <span className="badge ok">{t('common.yes')}</span> : <span className="badge fail">{t('common.no')}</span>}
                      {/* Why, as a sentence that wraps in the cell (a badge does not wrap). */}
                      {!n.reachable && n.problem && <span className="problem"> {wordMessage(t, n.problem)}</span>}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {cluster.currentCtl ? (
            <p>
              {t('mode.currentCtl', {
                date: formatDate(new Date(cluster.currentCtl.timestamp * 1000).toISOString(), i18n.language),
                count: cluster.currentCtl.sastEntries.length,
                hash: shortHash(cluster.currentCtl.sha256),
              })}{' '}
              {cluster.currentCtl.signatureValid ? (
                <span className="badge ok">{t('inspector.valid')}</span>
              ) : (
                <span className="badge fail">{t('inspector.invalid')}</span>
              )}
            </p>
          ) : (
            <p>{t('mode.noCtl')}</p>
          )}
        </section>
      )}
      <fieldset>
        <legend>{t('mode.legend')}</legend>
        {snapshot.modeChoices.map((choice) => {
          const id = `mode-${choice.mode}`;
          return (
            <div className="choice" key={choice.mode}>
              <input
                type="radio"
                id={id}
                name="mode"
                value={choice.mode}
                checked={mode === choice.mode}
                disabled={!choice.offered}
                onChange={() => setMode(choice.mode)}
                aria-describedby={`${id}-desc`}
              />
              <label htmlFor={id}>{t(`mode.choice.${choice.mode}.label`)}</label>
              <span className="desc" id={`${id}-desc`}>
                {t(`mode.choice.${choice.mode}.desc`)}
                {choice.note ? ` — ${t(`mode.note.${choice.note}`)}` : ''}
              </span>
            </div>
          );
        })}
      </fieldset>
      <WizardFooter>
        <button type="submit" className="primary" disabled={!mode || pending !== null}>
          {t('common.next')}
        </button>
      </WizardFooter>
    </form>
  );
}
