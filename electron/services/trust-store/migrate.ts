// One-time migration of the two earlier stores into the shared trust store: the desktop
// app's `pinnedFingerprints` in settings.json and the command line's provider-pins.json.
// It runs under the store's lock, only while the new file does not exist. A host:port the
// two sources name with different certificates is kept by neither: the administrator
// confirms it again on the next connection. Afterwards the field leaves settings.json and
// the pin file is renamed *.migrated (kept, not deleted).
import { access, mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { normalizeFingerprint } from '../../../shared/provider-protocol';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import { emptyTrustStore, entryKey, legacyPinFileSchema, splitEntryKey, tlsEntry } from './file-format';
import { withLock } from './lock';
import { FileTrustStore, lockFileOf, TrustStoreError, writeTrustStore } from './store';

/** The settings.json field that held the app's accepted certificates ("host:port" -> SHA-256). */
export const LEGACY_SETTINGS_FIELD = 'pinnedFingerprints';

const EARLIER_PIN_FILE = 'the earlier pin file';

export interface LegacyTrustSources {
  /** The desktop app's settings.json. */
  settingsFile?: string;
  /** The command line's provider-pins.json. */
  pinFile?: string;
}

export interface MigrationReport {
  /** Certificates written to the new store. */
  imported: number;
  /** Hosts both sources named with different certificates: dropped, to be confirmed again. */
  conflicts: { host: string; port: number }[];
  /** What else the administrator should know (a source that could not be used, a leftover). */
  notes: string[];
}

const exists = (file: string) => access(file).then(() => true, () => false);

type Found = Map<string, { sha256: string; acceptedAt?: string }>;

/** The app's accepted certificates, or null when settings.json has none to migrate. */
async function readSettingsPins(file: string, notes: string[]): Promise<{ json: Record<string, unknown>; pins: Found } | null> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') notes.push(`${file} could not be read as JSON; the app's accepted certificates were not imported from it`);
    return null;
  }
  if (typeof json !== 'object' || json === null || !(LEGACY_SETTINGS_FIELD in json)) return null;
  const record = json as Record<string, unknown>;
  const pins: Found = new Map();
  const field = record[LEGACY_SETTINGS_FIELD];
  for (const [key, value] of Object.entries(typeof field === 'object' && field !== null ? field : {})) {
    const sha256 = typeof value === 'string' ? normalizeFingerprint(value) : null;
    if (sha256 && splitEntryKey(key)) pins.set(key.toLowerCase(), { sha256 });
    else notes.push(`${file}: the entry for ${splitEntryKey(key) ? key : 'an unnamed host'} is not a fingerprint and was not imported`);
  }
  return { json: record, pins };
}

/** The command line's pins; a damaged file stops the migration (nothing is written or renamed). */
async function readPinFile(file: string): Promise<Found | null> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new TrustStoreError(file, `cannot be read for migration (${(error as Error).message})`, EARLIER_PIN_FILE);
  }
  let parsed;
  try {
    parsed = legacyPinFileSchema.safeParse(JSON.parse(text));
  } catch {
    parsed = null;
  }
  if (!parsed?.success) throw new TrustStoreError(file, 'is damaged and was not migrated to the trust store; fix or remove it', EARLIER_PIN_FILE);
  return new Map(Object.entries(parsed.data.pins).map(([key, pin]) => [key.toLowerCase(), pin]));
}

export async function migrateLegacyTrust(file: string, sources: LegacyTrustSources): Promise<MigrationReport | null> {
  if (await exists(file)) return null;
  await mkdir(path.dirname(file), { recursive: true });
  return withLock(lockFileOf(file), async () => {
    // Another process may have migrated while this one waited for the lock.
    if (await exists(file)) return null;
    const notes: string[] = [];
    const settings = sources.settingsFile ? await readSettingsPins(sources.settingsFile, notes) : null;
    const cli = sources.pinFile ? await readPinFile(sources.pinFile) : null;
    const data = emptyTrustStore();
    const conflicts: MigrationReport['conflicts'] = [];
    const keys = new Set([...(settings?.pins.keys() ?? []), ...(cli?.keys() ?? [])]);
    for (const key of keys) {
      const a = settings?.pins.get(key);
      const b = cli?.get(key);
      if (a && b && a.sha256 !== b.sha256) {
        conflicts.push(splitEntryKey(key)!);
        continue;
      }
      const pin = (b ?? a)!;
      data.entries[key] = tlsEntry(pin.sha256, pin.acceptedAt);
    }
    await writeTrustStore(file, data);
    // The new file exists from here on, so a failed clean-up is reported, never retried.
    if (cli && sources.pinFile) {
      await rename(sources.pinFile, `${sources.pinFile}.migrated`).catch((error: Error) => notes.push(`${sources.pinFile} could not be renamed (${error.message}); it is no longer used`));
    }
    if (settings && sources.settingsFile) {
      const rest = { ...settings.json };
      delete rest[LEGACY_SETTINGS_FIELD];
      await writeFileAtomic(sources.settingsFile, `${JSON.stringify(rest, null, 2)}\n`, { mode: 0o600 })
        .catch((error: Error) => notes.push(`${sources.settingsFile} could not be rewritten (${error.message}); its ${LEGACY_SETTINGS_FIELD} are no longer used`));
    }
    return { imported: Object.keys(data.entries).length, conflicts, notes };
  });
}

/** One log line per fact of a migration: host names and counts only. */
export function describeMigration(file: string, report: MigrationReport): string[] {
  const lines = [`trust store: ${report.imported} accepted provider certificate(s) moved to ${file}`];
  for (const c of report.conflicts) {
    lines.push(`trust store: ${entryKey(c.host, c.port)} had different certificates in the app and the command line; neither was kept, confirm its certificate again on the next connection`);
  }
  return [...lines, ...report.notes.map((n) => `trust store: ${n}`)];
}

/** The store at `file`, after migrating the earlier stores into it if it does not exist yet. */
export async function openTrustStore(file: string, sources: LegacyTrustSources, log: (line: string) => void = console.warn): Promise<FileTrustStore> {
  const report = await migrateLegacyTrust(file, sources);
  if (report && (report.imported > 0 || report.conflicts.length > 0 || report.notes.length > 0)) describeMigration(file, report).forEach((line) => log(line));
  return new FileTrustStore(file);
}
