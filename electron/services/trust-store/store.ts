// Trusted provider certificates: per host and port, the SHA-256 fingerprint of the TLS
// certificate the administrator accepted. A changed certificate is refused until accepted
// again. FileTrustStore is the one store the desktop app and the command line share.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { normalizeFingerprint } from '../../../shared/provider-protocol';
import { PRIVATE_FILE, writeFileAtomic } from '../../../shared/node/atomic-write';
import { canonicalFingerprint, isSshFingerprint } from '../../../shared/session/fingerprint';
import { asSshHostKey, asTlsCertificate, sshHostKeyEntry, emptyTrustStore, entryKey, legacyPinFileSchema, splitEntryKey, tlsEntry, trustStoreFileSchema, TRUST_STORE_VERSION, type TrustStoreFile } from './file-format';
import { withLock } from './lock';

export interface TrustedCertificate {
  host: string;
  port: number;
  /** Lower-case hex, no colons. */
  sha256: string;
  acceptedAt: string;
}

export interface TrustedCertificateStore {
  get(host: string, port: number): Promise<string | null>;
  set(host: string, port: number, fingerprint: string): Promise<void>;
  delete(host: string, port: number): Promise<void>;
  list(): Promise<TrustedCertificate[]>;
}

/** A pinned SSH host key (sftp:// targets), as `ssh-keygen -lf` prints its fingerprint. */
export interface TrustedHostKey {
  fingerprint: string;
  algorithm: string;
}

/** SSH host keys of sftp:// targets, in the same store and file as the provider certificates. */
export interface HostKeyStore {
  getHostKey(host: string, port: number): Promise<TrustedHostKey | null>;
  setHostKey(host: string, port: number, key: TrustedHostKey): Promise<void>;
}

function canonicalHostKey(key: TrustedHostKey): TrustedHostKey {
  const fingerprint = canonicalFingerprint(key.fingerprint);
  if (!fingerprint || !isSshFingerprint(fingerprint)) throw new Error('an SSH host key fingerprint is SHA256: and 43 base64 characters');
  return { fingerprint, algorithm: key.algorithm };
}

const hostKeyOf = (entry: TrustStoreFile['entries'][string] | undefined): TrustedHostKey | null => {
  const key = asSshHostKey(entry);
  return key ? { fingerprint: key.fingerprint, algorithm: key.algorithm } : null;
};

export class TrustStoreError extends Error {
  /** `what`: which file, in words (the store itself, or an earlier store being migrated). */
  constructor(readonly file: string, reason: string, what = 'the trust store') {
    super(`${what} ${file} ${reason}`);
  }
}

function canonical(fingerprint: string): string {
  const hex = normalizeFingerprint(fingerprint);
  if (!hex) throw new Error('a trusted certificate fingerprint is 64 hex digits (SHA-256)');
  return hex;
}

/** The TLS certificates of a file's entries, sorted by host and port. */
export function listCertificates(data: TrustStoreFile): TrustedCertificate[] {
  const out: TrustedCertificate[] = [];
  for (const [key, entry] of Object.entries(data.entries)) {
    const at = splitEntryKey(key);
    const tls = asTlsCertificate(entry);
    if (at && tls) out.push({ ...at, sha256: tls.sha256, acceptedAt: tls.acceptedAt });
  }
  return out.sort((a, b) => a.host.localeCompare(b.host) || a.port - b.port);
}

/** For tests and one-off sessions: nothing persists. */
export class MemoryTrustStore implements TrustedCertificateStore, HostKeyStore {
  private readonly data = emptyTrustStore();
  async get(host: string, port: number) {
    return asTlsCertificate(this.data.entries[entryKey(host, port)])?.sha256 ?? null;
  }
  async set(host: string, port: number, fingerprint: string) { this.data.entries[entryKey(host, port)] = tlsEntry(canonical(fingerprint)); }
  async delete(host: string, port: number) { delete this.data.entries[entryKey(host, port)]; }
  async list() { return listCertificates(this.data); }
  async getHostKey(host: string, port: number) { return hostKeyOf(this.data.entries[entryKey(host, port)]); }
  async setHostKey(host: string, port: number, key: TrustedHostKey) {
    const k = canonicalHostKey(key);
    this.data.entries[entryKey(host, port)] = sshHostKeyEntry(k.fingerprint, k.algorithm);
  }
}

/**
 * Reads the store file; a missing file is an empty store. A damaged file is an error naming
 * it, never an empty store: resetting would silently drop every accepted certificate.
 */
export async function readTrustStore(file: string): Promise<TrustStoreFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return emptyTrustStore();
    throw new TrustStoreError(file, `cannot be read (${(error as Error).message})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new TrustStoreError(file, 'is damaged (not JSON); fix or remove it — it was left unchanged');
  }
  const version = (json as { version?: unknown } | null)?.version;
  if (typeof version === 'number' && version > TRUST_STORE_VERSION) {
    throw new TrustStoreError(file, `was written by a later version of CTL Client (file version ${version}); update this one`);
  }
  // An earlier command line's pin file given as --trust-store: read it, rewrite it as version 2.
  const legacy = legacyPinFileSchema.safeParse(json);
  if (legacy.success) {
    const data = emptyTrustStore();
    for (const [key, pin] of Object.entries(legacy.data.pins)) data.entries[key.toLowerCase()] = tlsEntry(pin.sha256, pin.acceptedAt);
    return data;
  }
  const parsed = trustStoreFileSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TrustStoreError(file, `is damaged (${issue?.path.join('.') || 'file'}: ${issue?.message ?? 'invalid'}); fix or remove it — it was left unchanged`);
  }
  return parsed.data;
}

export async function writeTrustStore(file: string, data: TrustStoreFile): Promise<void> {
  // The one atomic writer (temp file, fsync, rename, directory fsync): readers never see half a file.
  await writeFileAtomic(file, `${JSON.stringify(data, null, 2)}\n`, PRIVATE_FILE);
}

export const lockFileOf = (file: string) => `${file}.lock`;

/**
 * The JSON file, re-read on every call so a certificate accepted by another process counts at
 * once; every change is a read-modify-write under the lock file, written atomically.
 */
export class FileTrustStore implements TrustedCertificateStore, HostKeyStore {
  constructor(readonly file: string) {}

  async update(change: (data: TrustStoreFile) => void): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await withLock(lockFileOf(this.file), async () => {
      const data = await readTrustStore(this.file);
      change(data);
      await writeTrustStore(this.file, data);
    });
  }

  async get(host: string, port: number): Promise<string | null> {
    return asTlsCertificate((await readTrustStore(this.file)).entries[entryKey(host, port)])?.sha256 ?? null;
  }

  async set(host: string, port: number, fingerprint: string): Promise<void> {
    const sha256 = canonical(fingerprint);
    await this.update((d) => { d.entries[entryKey(host, port)] = tlsEntry(sha256); });
  }

  delete(host: string, port: number): Promise<void> {
    return this.update((d) => { delete d.entries[entryKey(host, port)]; });
  }

  async list(): Promise<TrustedCertificate[]> {
    return listCertificates(await readTrustStore(this.file));
  }

  async getHostKey(host: string, port: number): Promise<TrustedHostKey | null> {
    return hostKeyOf((await readTrustStore(this.file)).entries[entryKey(host, port)]);
  }

  async setHostKey(host: string, port: number, key: TrustedHostKey): Promise<void> {
    const k = canonicalHostKey(key);
    await this.update((d) => { d.entries[entryKey(host, port)] = sshHostKeyEntry(k.fingerprint, k.algorithm); });
  }
}
