// The SHA-256 of bytes as lowercase hex, for the main process, the command line and the
// provider. Node's synchronous hash: WebCrypto's would cost a promise and a thread-pool job
// per certificate (shared/ctl/hash.ts keeps WebCrypto for code the renderer runs too).
import { createHash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}
