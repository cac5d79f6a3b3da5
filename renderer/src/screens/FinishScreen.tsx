// Step 6: per-target progress while the signed CTL is staged and committed; on a partial
// failure, retry or roll back; when done, the status table (server, file location, status,
// hash), the after-care checklist, Save report… and Show in folder.
import { wordChecklist, wordMessage } from '../components/engine-words';
import { useTranslation } from 'react-i18next';
import type { PhoneCheckResult, SessionSnapshot, TargetPhase, TargetProgress } from '../../../shared/session/types';
import { StepHeading } from '../components/StepHeading';
import { WizardFooter } from '../components/WizardFooter';
import { ReportActions } from './ReportActions';
import { shortHash } from '../format';
import { useApp } from '../hooks';
import { bridgeClient, command, restartSession } from '../store/actions';
import { appStore } from '../store/app-store';

const PHASE_STEP: Record<TargetPhase, number> = {
  waiting: 0,
  staging: 1,
  staged: 2,
  committing: 3,
  committed: 4,
  verifying: 5,
  verified: 6,
  aborting: 1,
  aborted: 6,
  'rolling-back': 3,
  'rolled-back': 6,
};

function TargetBar({ target, standalone }: { target: TargetProgress; standalone: boolean }) {
  const { t } = useTranslation();
  const id = `target-${target.id.replace(/[^A-Za-z0-9_-]/g, '_')}`;
  return (
    <li className="target-progress">
      <span id={`${id}-label`} className="target-name">
        <span className="nowrap">{target.host}</span> <span className="muted">{t(`review.targetKind.${standalone && target.kind === 'node' ? 'tftp-root' : target.kind}`)}</span>
      </span>
      <progress aria-labelledby={`${id}-label`} aria-describedby={`${id}-phase`} max={6} value={PHASE_STEP[target.phase]} />
      <span id={`${id}-phase`} className={`badge ${target.status === 'failed' ? 'failed' : target.status === 'ok' ? 'ok' : ''}`}>
        {t(`finish.phase.${target.phase}`)}
        {target.error ? ` — ${wordMessage(t, target.error)}` : ''}
      </span>
    </li>
  );
}

/** The published file downloaded over TFTP from each TFTP server, as phones get it. */
function PhoneCheck({ results }: { results: PhoneCheckResult[] }) {
  const { t } = useTranslation();
  return (
    <div className="table-wrap">
      <table data-testid="phone-check">
        <caption>{t('finish.phoneCheck')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('finish.tftpServer')}</th>
            <th scope="col">{t('finish.status')}</th>
            <th scope="col">{t('finish.detail')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr key={r.server}>
              <td className="nowrap">{r.server}</td>
              <td>
                <span className={`badge ${r.outcome === 'matches' ? 'ok' : r.outcome === 'unreachable' ? 'warn' : 'failed'}`}>{t(`finish.phone.${r.outcome}`)}</span>
              </td>
              <td>
                {r.outcome === 'matches' && t('finish.phoneDetail.matches', { size: r.bytes })}
                {r.outcome === 'differs' && t('finish.phoneDetail.differs', { offset: r.firstDifference ?? 0, hash: shortHash(r.sha256 ?? null) })}
                {(r.outcome === 'unreachable' || r.outcome === 'refused') && t(`finish.phoneDetail.${r.outcome}`, { code: r.error?.code ?? '' })}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export function FinishScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const pending = useApp((s) => s.pending);
  const client = () => bridgeClient(appStore);
  const publish = snapshot.publish;
  const done = snapshot.kind === 'done' ? snapshot.done : null;

  return (
    <div>
      <StepHeading>{done ? t(`finish.outcome.${done.outcome}`) : t('finish.title')}</StepHeading>
      {publish && !done && (
        <section aria-labelledby="progress-h">
          <h2 id="progress-h">{t(`finish.stage.${publish.stage}`)}</h2>
          <p className="muted">
            {t('finish.newCtl', { hash: shortHash(publish.sha256), size: publish.size })}
          </p>
          <ol className="targets" aria-label={t('finish.perTarget')}>
            {publish.targets.map((target) => (
              <TargetBar key={target.id} target={target} standalone={snapshot.cluster?.standalone === true} />
            ))}
          </ol>
        </section>
      )}
      {snapshot.kind === 'publish-failed' && (
        <section className="notice error" role="alert">
          <p className="notice-title">{t('finish.failedTitle', { count: snapshot.failed.length })}</p>
          <p>{snapshot.failed.join(', ')}</p>
          <p>{t('finish.failedNext')}</p>
          <div className="actions">
            {snapshot.offered.includes('retry') && (
              <button type="button" className="primary" disabled={pending !== null} onClick={() => command(appStore, 'session.retry', () => client().session.retry())}>
                {t('finish.retry')}
              </button>
            )}
            {snapshot.offered.includes('rollback') && (
              <button type="button" className="danger" disabled={pending !== null} onClick={() => command(appStore, 'session.rollback', () => client().session.rollback())}>
                {t('finish.rollback')}
              </button>
            )}
          </div>
        </section>
      )}
      {done && (
        <>
          {done.report.securityModeAfter && (done.outcome === 'committed' || done.outcome === 'partial') && (
            <p data-testid="mode-after">{t('finish.modeAfter', { mode: t(`mode.security.${done.report.securityModeAfter}`) })}</p>
          )}
          <div className="table-wrap">
            <table>
              <caption>{t('finish.results')}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('finish.server')}</th>
                  <th scope="col">{t('finish.location')}</th>
                  <th scope="col">{t('finish.status')}</th>
                  <th scope="col">{t('finish.hash')}</th>
                </tr>
              </thead>
              <tbody>
                {done.results.map((r) => (
                  <tr key={r.target.id}>
                    <td>{r.server}</td>
                    <td className="mono">{r.fileLocation ?? '—'}</td>
                    <td>
                      <span className={`badge ${r.status === 'failed' || r.status === 'mismatch' ? 'failed' : 'ok'}`}>{t(`finish.result.${r.status}`)}</span>
                      {r.error ? ` ${wordMessage(t, r.error)}` : ''}
                    </td>
                    <td className="mono">{shortHash(r.sha256)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {done.phoneCheck.length > 0 && <PhoneCheck results={done.phoneCheck} />}
          <h2>{t('finish.checklist')}</h2>
          <ul className="checklist">
            {done.checklist.map((item) => (
              <li key={item.id}>
                {wordChecklist(t, item)}
                {item.nodes.length > 0 ? ` (${item.nodes.join(', ')})` : ''}
              </li>
            ))}
          </ul>
          <ReportActions />
        </>
      )}
      <WizardFooter back={false}>
        {done && (
          <button type="button" className="primary" disabled={pending !== null} onClick={() => restartSession(appStore)}>
            {t('finish.again')}
          </button>
        )}
      </WizardFooter>
    </div>
  );
}

export function CancelledScreen({ snapshot }: { snapshot: Extract<SessionSnapshot, { kind: 'cancelled' }> }) {
  const { t } = useTranslation();
  return (
    <div>
      <StepHeading>{t('cancelled.title')}</StepHeading>
      <p>{wordMessage(t, snapshot.reason)}</p>
      <p>{t('cancelled.nothingChanged')}</p>
      <WizardFooter back={false}>
        <button type="button" className="primary" onClick={() => restartSession(appStore)}>
          {t('finish.again')}
        </button>
      </WizardFooter>
    </div>
  );
}
