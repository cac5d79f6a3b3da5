// SSH host keys as administrators compare them: OpenSSH's `SHA256:<base64, no padding>`
// fingerprint (what `ssh-keygen -lf` and the ssh client print). The target asks the caller
// whether a presented key is trusted; the caller owns the trust store.
import { createHash } from 'node:crypto';

export interface HostKeyInfo {
  host: string;
  port: number;
  /** Key algorithm from the key blob, e.g. `ssh-ed25519`, `ecdsa-sha2-nistp256`, `ssh-rsa`. */
  algorithm: string;
  /** `SHA256:…` as OpenSSH prints it. */
  fingerprint: string;
}

/**
 * The caller's verdict on a presented host key: `trusted` lets the login proceed;
 * `unknown` (first contact) and `changed` (differs from `pinned`) end the connection before
 * any credential is sent, with a host-key-untrusted / host-key-changed error.
 */
export type HostKeyVerdict = { trust: 'trusted' } | { trust: 'unknown' } | { trust: 'changed'; pinned: string };

export type HostKeyCheck = (key: HostKeyInfo) => HostKeyVerdict | Promise<HostKeyVerdict>;

/** OpenSSH-style fingerprint of a public key blob (RFC 4253 §6.6 encoding). */
export function sshFingerprint(keyBlob: Uint8Array): string {
  return `SHA256:${createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** The algorithm name that starts a key blob (uint32 length, then the name), or `unknown`. */
export function keyAlgorithm(keyBlob: Uint8Array): string {
  if (keyBlob.length < 4) return 'unknown';
  const length = new DataView(keyBlob.buffer, keyBlob.byteOffset, keyBlob.byteLength).getUint32(0);
  if (length === 0 || length > 64 || 4 + length > keyBlob.length) return 'unknown';
  return new TextDecoder().decode(keyBlob.subarray(4, 4 + length));
}

/**
 * `SHA256:…` with or without the prefix and padding, as pasted by an administrator, to the
 * canonical form; null when it is not a SHA-256 fingerprint.
 */
export function normalizeSshFingerprint(text: string): string | null {
  const body = text.trim().replace(/^SHA256:/i, '').replace(/=+$/, '');
  if (!/^[A-Za-z0-9+/]{43}$/.test(body)) return null;
  return Buffer.from(body, 'base64').length === 32 ? `SHA256:${body}` : null;
}

/** A check that trusts exactly the pinned fingerprint (the CLI's `--host-key`, tests). */
export function pinnedHostKey(pinned: string | null): HostKeyCheck {
  const canonical = pinned === null ? null : normalizeSshFingerprint(pinned);
  if (pinned !== null && canonical === null) throw new Error(`"${pinned}" is not an SSH SHA256 fingerprint`);
  return ({ fingerprint }) => {
    if (canonical === null) return { trust: 'unknown' };
    return fingerprint === canonical ? { trust: 'trusted' } : { trust: 'changed', pinned: canonical };
  };
}
