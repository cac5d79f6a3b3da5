// The SHA-256 of bytes as lowercase hex, for the main process, the command line and the
// provider. Node's synchronous one-shot hash: WebCrypto's would cost a promise and a thread-pool
// job per certificate (shared/ctl/hash.ts keeps WebCrypto for code the renderer runs too), and a
// Hash object (createHash) per call was half a millisecond of `inspect`'s 64 certificates.
import { hash } from 'node:crypto';

export function sha256Hex(bytes: Uint8Array | string): string {
  return hash('sha256', bytes, 'hex');
}
