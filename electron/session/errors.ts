// How phase code stops a command: it throws a CommandError carrying the typed SessionError
// the caller gets back. Provider and token failures are mapped here, once.
import { msg, type Message, type MessageCode } from '../../shared/session/messages';
import type { Failure, FailureCode, RefusalCode, SessionError } from '../../shared/session/types';
import { isTokenFailure, ProviderFailure } from './ports';
import { refusal } from './rules';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(readonly error: SessionError) {
    // The code, not words: the message is worded where it is shown.
    super(`${error.kind} (${error.code}): ${error.message.code}`);
  }
}

export const refuse = (code: RefusalCode, message: Message) => new CommandError({ kind: 'refused', ...refusal(code, message) });

export const fail = (code: FailureCode, message: Message, extra: Partial<Failure> = {}) =>
  new CommandError({ kind: 'failed', code, message, ...extra });

const PROVIDER_CODES: Partial<Record<ProviderFailure['code'], FailureCode>> = {
  'name-unresolved': 'name-unresolved',
  'connect-failed': 'connect-failed',
  'certificate-mismatch': 'connect-failed',
  'auth-failed': 'auth-failed',
  // Not a wrong password: the provider refuses every login for a while (the message says how long).
  throttled: 'provider-error',
  closed: 'connect-failed',
};

/** A provider's failure worded from its facts where it gave some, else from its own text (`reason`). */
function providerMessage(error: ProviderFailure, where: string, text: string): Message {
  const { retryAfterMs, holder } = error.facts;
  const reason = error.facts.problem ?? text;
  if (error.code === 'throttled' && retryAfterMs !== undefined) return msg('failure.provider.throttled-retry', { where, seconds: Math.ceil(retryAfterMs / 1000) });
  if (error.code === 'busy' && holder) return msg('failure.provider.busy-held', { where, user: holder.username, source: holder.source, since: holder.since });
  if (error.code === 'stale') return msg('failure.provider.stale', { where, current: ctlNamed(error.currentSha256) });
  return msg(`failure.provider.${error.code}`, { where, reason });
}

/** Maps anything thrown by a port to a CommandError (token and provider failures typed). */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof ProviderFailure && error.target) {
    const t = error.target;
    const params = {
      where: error.host, reason: t.problem, change: msg(`target-change.${t.changed}`),
      ...(t.fingerprint ? { fingerprint: t.fingerprint } : {}), ...(t.pinned ? { pinned: t.pinned } : {}), ...(t.algorithm ? { algorithm: t.algorithm } : {}),
    };
    return fail(PROVIDER_CODES[error.code] ?? 'target-error', msg(`failure.target.${t.code}` as MessageCode, params), { host: error.host });
  }
  if (error instanceof ProviderFailure) {
    // The provider client's text names host:port first: that becomes `where`, the rest (its own
    // words about what happened) the `reason`, so the host is named once in either language.
    const named = /^(\S+:\d+): ([\s\S]*)$/.exec(error.message);
    const [where, reason] = named && named[1]!.startsWith(`${error.host}:`) ? [named[1]!, named[2]!] : [error.host, error.message];
    return fail(PROVIDER_CODES[error.code] ?? 'provider-error', providerMessage(error, where, reason), { host: error.host });
  }
  if (error instanceof TargetProblem) return fail('provider-error', error.problem);
  if (isTokenFailure(error)) {
    // `reason` is the service's English sentence; `problem` the same as a message where it sent one.
    const params = { reason: error.message, problem: error.problem ?? error.message };
    if (error.code === 'final-try-needs-confirmation') return refuse('pin-final-try', msg('refusal.pin-final-try', params));
    if (error.code === 'pin-locked') return refuse('pin-locked', msg('refusal.pin-locked', params));
    // A wrong PIN with one try left says so (the PIN state read after the failure).
    const code = error.code === 'pin-incorrect' && error.pin?.finalTry ? 'pin-incorrect-final' : error.code;
    return fail('token-error', msg(`failure.token.${code}`, params), { tokenError: { code: error.code, ...(error.pin ? { pin: error.pin } : {}) } });
  }
  return fail('internal', msg('failure.internal', { reason: error instanceof Error ? error.message : String(error) }));
}

/** Why something could not be reached or used, as a message (the failure's own). */
export const problemOf = (error: unknown): Message => toCommandError(error).error.message;

/**
 * A publish step's own failure on one target (a read-back that differs, a target that holds a
 * stranger CTL…), as a message: per-target progress shows it in the reader's language.
 */
export class TargetProblem extends Error {
  override readonly name = 'TargetProblem';
  constructor(readonly problem: Message, options?: ErrorOptions) {
    super(problem.code, options);
  }
}

/** What failed on a target, as a message (a port's failure worded like any other). */
export const targetProblem = (error: unknown): Message => (error instanceof TargetProblem ? error.problem : problemOf(error));

/** A CTL named by its SHA-256, or "no CTL" / "none" when there is none. */
export const ctlNamed = (sha256: string | null | undefined, absent: 'no-ctl' | 'none' = 'no-ctl'): Message =>
  (sha256 ? msg('target-problem.ctl-sha', { sha256 }) : msg(`target-problem.${absent}`));
