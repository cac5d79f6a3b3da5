// The PIN state to show: the one the engine reported after a failed login (fresher), else the
// token's. Also whether the engine refused because the next try is the final one.
import type { PinState } from '../../../shared/tokens/types';
import type { UiError } from '../store/app-store';

export function pinStateAfter(error: UiError | null, fallback: PinState): { pin: PinState; finalTryRefused: boolean } {
  if (error?.source !== 'session') return { pin: fallback, finalTryRefused: false };
  const e = error.error;
  if (e.kind === 'refused') {
    if (e.code === 'pin-final-try') return { pin: { ...fallback, finalTry: true }, finalTryRefused: true };
    if (e.code === 'pin-locked') return { pin: { ...fallback, locked: true }, finalTryRefused: false };
    return { pin: fallback, finalTryRefused: false };
  }
  const pin = e.tokenError?.pin;
  return { pin: pin ?? fallback, finalTryRefused: e.tokenError?.code === 'final-try-needs-confirmation' };
}
