// Small byte helpers without Node APIs (shared code must run in the renderer too).
import { concatBytes } from '../ctl/bytes';
import { PROOF_BATCH_CONTEXT, PROOF_CONTEXT } from './messages';

// One concatenation and one hex rendering for the codec and the protocol.
export { concatBytes };
export { toHex } from '../ctl/hash';

export function toBase64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) {
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(s);
}

export function fromBase64(text: string): Uint8Array {
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** Colon-separated upper-case hex, the way administrators compare fingerprints. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/../g) ?? []).join(':');
}

/** Accepts `AB:CD…`, `abcd…` or with spaces; returns 64 lowercase hex digits or null. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** The exact bytes a token signs to prove possession (docs/provider-protocol.md, "prove"). */
export function proofMessage(context: string, challenge: Uint8Array, exporter: Uint8Array): Uint8Array {
  return concatBytes(new TextEncoder().encode(context), challenge, exporter);
}

/**
 * One connection's entry in a batch proof: SHA-256 of its single proof message. Hashing
 * keeps each entry 32 bytes and tells a provider nothing it could use on a connection of its own.
 */
export async function proofBinding(challenge: Uint8Array, exporter: Uint8Array): Promise<Uint8Array> {
  const message = proofMessage(PROOF_CONTEXT, challenge, exporter);
  return new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', message as Uint8Array<ArrayBuffer>));
}

/** The exact bytes a token signs once for several connections: the batch context, then each binding. */
export function proofBatchMessage(bindings: readonly Uint8Array[]): Uint8Array {
  return concatBytes(new TextEncoder().encode(PROOF_BATCH_CONTEXT), ...bindings);
}
