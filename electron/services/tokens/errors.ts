// Typed token errors. Every PKCS#11 failure becomes a TokenError with a stable code, the
// CKR name and a sentence an administrator can act on; a bare return value never escapes.
import { msg, type Message } from '../../../shared/session/messages';
import type { PinState, TokenErrorCode, TokenErrorData } from '../../../shared/tokens/types';
import { CISCO_DEFAULT_PIN_HINT } from '../../../shared/tokens/types';
import { CKR, ckrName } from './constants';

export class TokenError extends Error {
  override readonly name = 'TokenError';
  readonly code: TokenErrorCode;
  readonly ckr: string | null;
  readonly pin: PinState | undefined;
  /** What went wrong as a message, for the reader's language; `message` is its English for logs. */
  readonly problem: Message | undefined;

  constructor(code: TokenErrorCode, message: string, options: { ckr?: string | null; pin?: PinState; problem?: Message; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = code;
    this.ckr = options.ckr ?? null;
    this.pin = options.pin;
    this.problem = options.problem;
  }

  toData(): TokenErrorData {
    return { code: this.code, ckr: this.ckr, message: this.message, ...(this.pin ? { pin: this.pin } : {}), ...(this.problem ? { problem: this.problem } : {}) };
  }

  static fromData(data: TokenErrorData): TokenError {
    return new TokenError(data.code, data.message, { ckr: data.ckr, ...(data.pin ? { pin: data.pin } : {}), ...(data.problem ? { problem: data.problem } : {}) });
  }
}

const byCkr: Record<number, { code: TokenErrorCode; message: string }> = {
  [CKR.CKR_PIN_INCORRECT]: { code: 'pin-incorrect', message: `The PIN is incorrect. ${CISCO_DEFAULT_PIN_HINT}` },
  [CKR.CKR_PIN_LOCKED]: {
    code: 'pin-locked',
    message: 'The token PIN is locked after too many wrong PINs. It cannot be used until its security officer unlocks it.',
  },
  [CKR.CKR_PIN_LEN_RANGE]: { code: 'pin-len-range', message: 'The PIN is too short or too long for this token.' },
  [CKR.CKR_PIN_INVALID]: { code: 'pin-invalid', message: 'The PIN contains characters this token does not accept.' },
  [CKR.CKR_PIN_EXPIRED]: { code: 'pin-expired', message: 'The token PIN has expired; change it before signing.' },
  [CKR.CKR_TOKEN_NOT_PRESENT]: { code: 'token-not-present', message: 'The token is not inserted (no token in the slot).' },
  [CKR.CKR_TOKEN_NOT_RECOGNIZED]: { code: 'token-not-present', message: 'The inserted device is not a token this PKCS#11 module recognises.' },
  [CKR.CKR_DEVICE_REMOVED]: { code: 'device-removed', message: 'The token was removed during the operation. Insert it again and retry.' },
  [CKR.CKR_DEVICE_ERROR]: { code: 'device-error', message: 'The token reported a device error. Re-insert it and retry.' },
  [CKR.CKR_DEVICE_MEMORY]: { code: 'device-error', message: 'The token ran out of memory.' },
  [CKR.CKR_SESSION_HANDLE_INVALID]: { code: 'session-invalid', message: 'The token session is no longer valid (was the token removed?). Log in again.' },
  [CKR.CKR_SESSION_CLOSED]: { code: 'session-invalid', message: 'The token session was closed. Log in again.' },
  [CKR.CKR_USER_NOT_LOGGED_IN]: { code: 'not-logged-in', message: 'Log in to the token before signing.' },
  [CKR.CKR_FUNCTION_FAILED]: { code: 'function-failed', message: 'The token could not complete the operation (function failed).' },
  [CKR.CKR_GENERAL_ERROR]: { code: 'function-failed', message: 'The PKCS#11 module reported a general error.' },
  [CKR.CKR_MECHANISM_INVALID]: { code: 'mechanism-invalid', message: 'The token does not support this signature algorithm.' },
  [CKR.CKR_KEY_HANDLE_INVALID]: { code: 'key-invalid', message: 'The signing key is no longer available on the token.' },
  [CKR.CKR_KEY_FUNCTION_NOT_PERMITTED]: { code: 'key-invalid', message: 'The key on the token is not allowed to sign.' },
  [CKR.CKR_SLOT_ID_INVALID]: { code: 'token-not-present', message: 'The token slot disappeared (token removed or module re-initialized).' },
  [CKR.CKR_CRYPTOKI_NOT_INITIALIZED]: { code: 'session-invalid', message: 'The PKCS#11 module is not initialized.' },
};

/** The numeric CKR code of a pkcs11js Pkcs11Error (or our fake's), if the value is one. */
export function ckrCodeOf(error: unknown): number | null {
  if (typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'number') {
    const message = error instanceof Error ? error.message : '';
    // pkcs11js NativeError also has code 0 when no CKR was parsed; only trust CKR_ messages.
    if (message.startsWith('CKR_') || error.code !== 0) return error.code;
  }
  return null;
}

/** Maps any error from a PKCS#11 call to a TokenError; `operation` says what was attempted. */
export function toTokenError(error: unknown, operation: string): TokenError {
  if (error instanceof TokenError) return error;
  const code = ckrCodeOf(error);
  if (code === null) {
    const text = error instanceof Error ? error.message : String(error);
    return new TokenError('unknown', `${operation} failed: ${text}`, { problem: msg('token-problem.library-error', { detail: text }), cause: error });
  }
  const name = ckrName(code);
  const known = byCkr[code];
  const problem = msg('token-problem.ckr', { ckr: name });
  if (known) return new TokenError(known.code, `${operation}: ${known.message} (${name})`, { ckr: name, problem, cause: error });
  return new TokenError('function-failed', `${operation} failed: the token returned ${name}.`, { ckr: name, problem, cause: error });
}
