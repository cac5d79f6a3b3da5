// The wizard: one screen per engine state, the step list, what the engine is busy with
// (with Cancel), and the last error with what to do next.
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot, SessionStateKind } from '../../../shared/session/types';
import { ErrorBanner } from '../components/ErrorBanner';
import { useApp } from '../hooks';
import { bridgeClient, clearError, command } from '../store/actions';
import { appStore } from '../store/app-store';
import { EntriesScreen } from './EntriesScreen';
import { CancelledScreen, FinishScreen } from './FinishScreen';
import { ModeScreen } from './ModeScreen';
import { ReviewScreen } from './ReviewScreen';
import { ServerScreen } from './ServerScreen';
import { TokensScreen } from './TokensScreen';
import { TrustScreen } from './TrustScreen';

export const STEPS = ['server', 'mode', 'tokens', 'entries', 'review', 'finish'] as const;
export type Step = (typeof STEPS)[number];

export function stepOf(kind: SessionStateKind): Step | null {
  switch (kind) {
    case 'connect':
    case 'trust':
      return 'server';
    case 'mode':
      return 'mode';
    case 'tokens':
      return 'tokens';
    case 'entries':
      return 'entries';
    case 'review':
      return 'review';
    case 'publishing':
    case 'publish-failed':
    case 'done':
      return 'finish';
    case 'cancelled':
      return null;
  }
}

export function StepList({ kind }: { kind: SessionStateKind }) {
  const { t } = useTranslation();
  // A certificate met while adding a TFTP server or firewall belongs to the entries step.
  const returnTo = useApp((s) => (s.snapshot?.kind === 'trust' ? s.snapshot.returnTo : null));
  const current = stepOf(returnTo && returnTo !== 'connect' ? returnTo : kind);
  const index = current ? STEPS.indexOf(current) : -1;
  return (
    <nav className="steps" aria-label={t('steps.label')}>
      <ol>
        {STEPS.map((step, i) => (
          <li key={step} aria-current={step === current ? 'step' : undefined} className={i < index ? 'done' : undefined}>
            {t(`steps.${step}`)}
          </li>
        ))}
      </ol>
    </nav>
  );
}

function Screen({ snapshot }: { snapshot: SessionSnapshot }) {
  switch (snapshot.kind) {
    case 'connect':
      return <ServerScreen />;
    case 'trust':
      return <TrustScreen snapshot={snapshot} />;
    case 'mode':
      return <ModeScreen snapshot={snapshot} />;
    case 'tokens':
      return <TokensScreen snapshot={snapshot} />;
    case 'entries':
      return <EntriesScreen snapshot={snapshot} />;
    case 'review':
      return <ReviewScreen snapshot={snapshot} />;
    case 'publishing':
    case 'publish-failed':
    case 'done':
      return <FinishScreen snapshot={snapshot} />;
    case 'cancelled':
      return <CancelledScreen snapshot={snapshot} />;
  }
}

export function Wizard({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const error = useApp((s) => s.error);
  const canCancel = snapshot.allowed.includes('cancel') && !['connect', 'done', 'cancelled'].includes(snapshot.kind);
  return (
    <>
      {/* The key makes each state a fresh screen: its heading takes focus, its form starts clean. */}
      <Screen key={snapshot.kind} snapshot={snapshot} />
      {snapshot.busy && (
        <p className="notice info" role="status">
          {t('busy', { action: snapshot.busy.action })}
          {snapshot.busy.detail ? ` — ${snapshot.busy.detail}` : ''}
        </p>
      )}
      {snapshot.notices.map((notice) => (
        <p key={notice} className="notice warn">
          {notice}
        </p>
      ))}
      {error && <ErrorBanner error={error} onDismiss={() => clearError(appStore)} />}
      {canCancel && (
        <div className="actions">
          <button type="button" onClick={() => command(appStore, 'session.cancel', () => bridgeClient(appStore).session.cancel())}>
            {t('common.cancelRun')}
          </button>
        </div>
      )}
    </>
  );
}
