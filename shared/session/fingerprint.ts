// The two kinds of fingerprint an administrator compares and pastes: a provider's TLS
// certificate (SHA-256 in hex, with or without colons) and an SSH server's host key
// (OpenSSH's `SHA256:<base64>`). One canonical form each, so a fingerprint typed with
// colons, spaces or base64 padding matches the one presented. Base64 is case-sensitive:
// only hex is lower-cased.

const SSH = /^SHA256:([A-Za-z0-9+/]{43})=?$/i;

/** The canonical form of a pasted fingerprint: lower-case hex, or `SHA256:<43 base64>`; null when neither. */
export function canonicalFingerprint(text: string): string | null {
  const trimmed = text.trim();
  const ssh = SSH.exec(trimmed.replace(/\s/g, ''));
  if (ssh) return `SHA256:${ssh[1]}`;
  const hex = trimmed.replace(/[\s:]/g, '').toLowerCase();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : null;
}

/** True when the fingerprint is an SSH host key's (`SHA256:…`). */
export const isSshFingerprint = (fingerprint: string): boolean => fingerprint.startsWith('SHA256:');
