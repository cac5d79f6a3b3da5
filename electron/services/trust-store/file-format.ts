// The trust store's file: one JSON document per user, shared by the desktop app and the
// command line. Entries are keyed "host:port" (host lower-cased) and carry a `kind`, so a
// later kind (an SSH host key for an sftp:// target) fits without a new file version; an
// entry of a kind this version does not know is kept as it is and never used.
import { z } from 'zod';

export const TRUST_STORE_VERSION = 2;

const sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'a SHA-256 fingerprint is 64 lower-case hex digits');

export const tlsCertificateEntrySchema = z.strictObject({
  kind: z.literal('tls-certificate'),
  /** SHA-256 of the provider's TLS certificate (DER), lower-case hex without colons. */
  sha256: sha256Hex,
  /** When the administrator accepted it (ISO 8601). */
  acceptedAt: z.string().max(64),
});
export type TlsCertificateEntry = z.infer<typeof tlsCertificateEntrySchema>;

export const sshHostKeyEntrySchema = z.strictObject({
  kind: z.literal('ssh-host-key'),
  /** OpenSSH's `SHA256:<base64 without padding>` of the host key an sftp:// target presented. */
  fingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/, 'an SSH host key fingerprint is SHA256: and 43 base64 characters'),
  /** The key's algorithm, e.g. `ssh-ed25519` (shown beside the fingerprint). */
  algorithm: z.string().min(1).max(64),
  acceptedAt: z.string().max(64),
});
export type SshHostKeyEntry = z.infer<typeof sshHostKeyEntrySchema>;

const KNOWN_KINDS: readonly string[] = ['tls-certificate', 'ssh-host-key'];

/** An entry written by a later version (another `kind`): preserved verbatim on rewrite. */
const otherEntrySchema = z.looseObject({ kind: z.string().min(1).max(64).refine((k) => !KNOWN_KINDS.includes(k)) });

export const trustStoreFileSchema = z.strictObject({
  version: z.literal(TRUST_STORE_VERSION),
  entries: z.record(z.string().min(3).max(300), z.union([tlsCertificateEntrySchema, sshHostKeyEntrySchema, otherEntrySchema])),
});
export type TrustStoreFile = z.infer<typeof trustStoreFileSchema>;

/** The command line's earlier file (provider-pins.json, version 1): read for migration and `--trust-store <old file>`. */
export const legacyPinFileSchema = z.object({
  version: z.literal(1),
  pins: z.record(z.string(), z.object({ sha256: sha256Hex, acceptedAt: z.string() })),
});

export function emptyTrustStore(): TrustStoreFile {
  return { version: TRUST_STORE_VERSION, entries: {} };
}

export function entryKey(host: string, port: number): string {
  return `${host.toLowerCase()}:${port}`;
}

/** "host:port" back into its parts (the host may be an IPv6 literal, so the last colon splits). */
export function splitEntryKey(key: string): { host: string; port: number } | null {
  const colon = key.lastIndexOf(':');
  const port = Number(key.slice(colon + 1));
  if (colon <= 0 || !Number.isInteger(port) || port < 1 || port > 65535) return null;
  return { host: key.slice(0, colon), port };
}

export function tlsEntry(sha256: string, acceptedAt = new Date().toISOString()): TlsCertificateEntry {
  return { kind: 'tls-certificate', sha256, acceptedAt };
}

type Entry = TrustStoreFile['entries'][string];

/** The entry as a TLS certificate, or null for a kind this version does not use. */
export function asTlsCertificate(entry: Entry | undefined): TlsCertificateEntry | null {
  // The schema parsed every 'tls-certificate' entry strictly; other kinds are never this one.
  return entry?.kind === 'tls-certificate' ? (entry as TlsCertificateEntry) : null;
}

export function sshHostKeyEntry(fingerprint: string, algorithm: string, acceptedAt = new Date().toISOString()): SshHostKeyEntry {
  return { kind: 'ssh-host-key', fingerprint, algorithm, acceptedAt };
}

/** The entry as an SSH host key, or null for another kind. */
export function asSshHostKey(entry: Entry | undefined): SshHostKeyEntry | null {
  return entry?.kind === 'ssh-host-key' ? (entry as SshHostKeyEntry) : null;
}
