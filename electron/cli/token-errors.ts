// One mapping from token-service failures to CLI errors, for `tokens` and `build --token`:
// a typed token error exits 2 with its code in brackets; a PIN file that cannot be used is
// an I/O error (exit 1); a PIN entry problem (cancelled, stdin ended) exits 2.
import { TokenError } from '../services/tokens/errors';
import { PinInputError } from '../services/tokens/pin-input';
import { CliError } from './args';

export function tokenCliError(error: unknown): unknown {
  if (error instanceof TokenError) return new CliError(`${error.message} [${error.code}]`, 2);
  if (error instanceof PinInputError) return new CliError(error.message, error.source === 'file' ? 1 : 2);
  return error;
}
