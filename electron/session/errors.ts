// How phase code stops a command: it throws a CommandError carrying the typed SessionError
// the caller gets back. Provider and token failures are mapped here, once.
import type { Failure, FailureCode, RefusalCode, SessionError } from '../../shared/session/types';
import { isTokenFailure, ProviderFailure } from './ports';
import { refusal } from './rules';

export class CommandError extends Error {
  override readonly name = 'CommandError';
  constructor(readonly error: SessionError) {
    super(error.message);
  }
}

export const refuse = (code: RefusalCode, message: string) => new CommandError({ kind: 'refused', ...refusal(code, message) });

export const fail = (code: FailureCode, message: string, extra: Partial<Failure> = {}) =>
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

/** Maps anything thrown by a port to a CommandError (token and provider failures typed). */
export function toCommandError(error: unknown): CommandError {
  if (error instanceof CommandError) return error;
  if (error instanceof ProviderFailure) {
    // The client's messages already start with "host:port:"; naming the host again reads as a stutter.
    const named = error.message.startsWith(`${error.host}:`) ? error.message : `${error.host}: ${error.message}`;
    return fail(PROVIDER_CODES[error.code] ?? 'provider-error', named, { host: error.host });
  }
  if (isTokenFailure(error)) {
    if (error.code === 'final-try-needs-confirmation') return refuse('pin-final-try', error.message);
    if (error.code === 'pin-locked') return refuse('pin-locked', error.message);
    return fail('token-error', error.message, { tokenError: { code: error.code, ...(error.pin ? { pin: error.pin } : {}) } });
  }
  return fail('internal', error instanceof Error ? error.message : String(error));
}

/** One line naming what failed, for per-target progress. */
export function describeError(error: unknown): string {
  if (error instanceof ProviderFailure) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}
