// The wizard: one screen per engine state and the step rail. Each screen ends with the
// WizardFooter (status, error, Back / Cancel, primary action).
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionSnapshot, SessionStateKind } from '../../../shared/session/types';
import { useApp } from '../hooks';
import { loadLaterScreens, useLaterScreens } from './later-screens-loader';
import { ServerScreen } from './ServerScreen';

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

/** The step a certificate screen belongs to: the server's, or the entries' when adding a TFTP server or firewall. */
export function currentStep(kind: SessionStateKind, returnTo: SessionStateKind | null): Step | null {
  return stepOf(returnTo && returnTo !== 'connect' ? returnTo : kind);
}

export function StepRail({ kind }: { kind: SessionStateKind }) {
  const { t } = useTranslation();
  const returnTo = useApp((s) => (s.snapshot?.kind === 'trust' ? s.snapshot.returnTo : null));
  const current = currentStep(kind, returnTo);
  const index = current ? STEPS.indexOf(current) : -1;
  return (
    <nav className="rail" aria-label={t('steps.label')}>
      <ol>
        {STEPS.map((step, i) => (
          <li key={step} aria-current={step === current ? 'step' : undefined} className={i < index ? 'done' : undefined}>
            <span className="step-num" aria-hidden="true">
              {i < index ? '✓' : i + 1}
            </span>
            <span className="step-label">
              {t(`steps.${step}`)}
              {i < index && <span className="visually-hidden"> ({t('steps.done')})</span>}
            </span>
          </li>
        ))}
      </ol>
      {index >= 0 && (
        <span className="rail-position" aria-hidden="true">
          {t('steps.position', { n: index + 1, total: STEPS.length })}
        </span>
      )}
    </nav>
  );
}

function Screen({ snapshot }: { snapshot: SessionSnapshot | null }) {
  if (!snapshot || snapshot.kind === 'connect') return <ServerScreen />;
  return <LaterScreen snapshot={snapshot} />;
}

function LaterScreen({ snapshot }: { snapshot: SessionSnapshot }) {
  const { t } = useTranslation();
  const screens = useLaterScreens();
  // Only when the app opens on a later step (a session already running) or the chunk is slow.
  if (!screens) return <p role="status" className="muted">{t('common.loading')}</p>;
  const { CancelledScreen, EntriesScreen, FinishScreen, ModeScreen, ReviewScreen, TokensScreen, TrustScreen } = screens;
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

/** The current step's screen; `null` before the engine's first snapshot (the connect step). */
export function Wizard({ snapshot }: { snapshot: SessionSnapshot | null }) {
  // The key makes each state a fresh screen: its heading takes focus, its form starts clean. A
  // second certificate to check is a new screen too.
  const key = !snapshot ? 'connect' : snapshot.kind === 'trust' ? `trust-${snapshot.presented.fingerprint}` : snapshot.kind;
  // The first screen is on the page (bench:renderer reads this mark; it costs nothing otherwise).
  useEffect(() => {
    if (performance.getEntriesByName('ctl:first-screen').length === 0) performance.mark('ctl:first-screen');
    // The first screen is up: fetch the others while the administrator fills it in, once the
    // page is idle. Started at once, their chunk's compilation and evaluation (tens of ms) ran
    // before the first frame reached the screen and held it back by over 100 ms.
    const idle = requestIdleCallback(() => void loadLaterScreens(), { timeout: 1000 });
    return () => cancelIdleCallback(idle);
  }, []);
  return <Screen key={key} snapshot={snapshot} />;
}
