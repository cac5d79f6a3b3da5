// The PIN guard: read the token's PIN flags before every login and refuse attempts that
// could lock it unless the caller explicitly confirmed. Real eTokens lock after a
// vendor-set count of wrong PINs, and a locked token needs its security officer.
import type { PinState } from '../../../shared/tokens/types';
import { CISCO_DEFAULT_PIN_HINT } from '../../../shared/tokens/types';
import { CKF_USER_PIN_COUNT_LOW, CKF_USER_PIN_FINAL_TRY, CKF_USER_PIN_LOCKED, CKF_USER_PIN_TO_BE_CHANGED } from './constants';
import { TokenError } from './errors';

export function pinStateFromFlags(flags: number): PinState {
  return {
    countLow: (flags & CKF_USER_PIN_COUNT_LOW) !== 0,
    finalTry: (flags & CKF_USER_PIN_FINAL_TRY) !== 0,
    locked: (flags & CKF_USER_PIN_LOCKED) !== 0,
    toBeChanged: (flags & CKF_USER_PIN_TO_BE_CHANGED) !== 0,
  };
}

/** One sentence on how the token stands, for messages after a wrong PIN. */
export function describePinState(pin: PinState): string {
  if (pin.locked) return 'The token is now locked; its security officer must unlock it.';
  if (pin.finalTry) return 'One more wrong PIN will lock the token.';
  if (pin.countLow) return 'The token has counted wrong PINs; few tries remain before it locks.';
  return 'The token does not report a reduced number of tries.';
}

export interface GuardOptions {
  /** The caller (administrator) accepted that a wrong PIN now locks the token. */
  confirmFinalTry?: boolean;
}

/** Throws instead of letting a PIN attempt proceed when the token is locked or on its final try. */
export function guardPinAttempt(label: string, pin: PinState, options: GuardOptions): void {
  if (pin.locked) {
    throw new TokenError('pin-locked', `Token "${label}" is locked after too many wrong PINs and will not be tried. Its security officer must unlock it (or use another token).`, { pin });
  }
  if (pin.finalTry && !options.confirmFinalTry) {
    throw new TokenError(
      'final-try-needs-confirmation',
      `Token "${label}" is on its final try: one more wrong PIN locks it. Confirm explicitly to try anyway. ${CISCO_DEFAULT_PIN_HINT}`,
      { pin },
    );
  }
}

/** Extends a wrong-PIN error with the state the token reports after the failure. */
export function wrongPinError(label: string, error: TokenError, after: PinState | null): TokenError {
  if (!after) return error;
  const code = after.locked ? 'pin-locked' : error.code;
  const prefix = error.code === 'pin-incorrect' ? `Wrong PIN for token "${label}".` : error.message;
  const hint = error.code === 'pin-incorrect' && !after.locked ? ` ${CISCO_DEFAULT_PIN_HINT}` : '';
  return new TokenError(code, `${prefix} ${describePinState(after)}${hint}`, { ckr: error.ckr, pin: after });
}
