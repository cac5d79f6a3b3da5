// Settings persisted as settings.json in the user data folder. A missing or unreadable file
// falls back to defaults (and says why once, on stderr) rather than blocking the app; every
// change is validated with the shared schema and written atomically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DEFAULT_SETTINGS, SETTINGS_FILE, settingsSchema } from '../../shared/ipc/settings';
import type { RecentCluster, Settings, SettingsPatch } from '../../shared/ipc/settings';
import { PRIVATE_FILE, writeFileAtomic } from '../../shared/node/atomic-write';
import { LEGACY_SETTINGS_FIELD } from '../services/trust-store';

export { SETTINGS_FILE };
const MAX_RECENTS = 10;
const MAX_CONFIRMED_MODULES = 20;

export class SettingsStore {
  private current: Settings = structuredClone(DEFAULT_SETTINGS);
  private writing: Promise<void> = Promise.resolve();
  private readonly listeners = new Set<(settings: Settings) => void>();

  private constructor(readonly path: string) {}

  static async open(userDataDir: string): Promise<SettingsStore> {
    const store = new SettingsStore(join(userDataDir, SETTINGS_FILE));
    await store.load();
    return store;
  }

  private async load(): Promise<void> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        console.warn(`settings: cannot read ${this.path} (${(error as Error).message}); using defaults`);
      }
      return;
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      console.warn(`settings: ${this.path} is not valid JSON; using defaults`);
      return;
    }
    // Accepted certificates moved to the trust store (its migration imports them and removes
    // the field); an older file still holding them is otherwise valid.
    if (typeof json === 'object' && json !== null) delete (json as Record<string, unknown>)[LEGACY_SETTINGS_FIELD];
    const parsed = settingsSchema.safeParse(json);
    if (parsed.success) this.current = parsed.data;
    else console.warn(`settings: ${this.path} does not match the schema (${parsed.error.issues[0]?.message ?? 'invalid'}); using defaults`);
  }

  get(): Settings {
    return structuredClone(this.current);
  }

  /** Calls `listener` with the settings after every change; returns unsubscribe. */
  onChange(listener: (settings: Settings) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async update(patch: SettingsPatch): Promise<Settings> {
    const next: Settings = { ...this.current };
    if (patch.language !== undefined) next.language = patch.language;
    if (patch.theme !== undefined) next.theme = patch.theme;
    if (patch.hashAlgorithm !== undefined) next.hashAlgorithm = patch.hashAlgorithm;
    return this.replace(next);
  }

  /**
   * Main process only: the PKCS#11 module to load at the next start (null: the first known
   * module found). `confirmed`: the administrator confirmed this path in a main-process
   * dialog, so it joins the paths allowed besides the known vendor locations.
   */
  async setPkcs11Module(path: string | null, confirmed = false): Promise<Settings> {
    const list = this.current.confirmedPkcs11Modules;
    const confirmedPkcs11Modules = confirmed && path && !list.includes(path) ? [path, ...list].slice(0, MAX_CONFIRMED_MODULES) : list;
    return this.replace({ ...this.current, pkcs11Module: path, confirmedPkcs11Modules });
  }

  /** Moves a cluster to the front of the recent list (no password is ever stored). */
  async rememberCluster(cluster: RecentCluster): Promise<Settings> {
    const others = this.current.recentClusters.filter((c) => !(c.host === cluster.host && c.port === cluster.port));
    return this.replace({ ...this.current, recentClusters: [cluster, ...others].slice(0, MAX_RECENTS) });
  }

  private async replace(next: Settings): Promise<Settings> {
    const valid = settingsSchema.parse(next);
    this.current = valid;
    for (const listener of this.listeners) listener(this.get());
    // Serialize writes so a slow disk cannot reorder them.
    const write = this.writing.then(() => writeFileAtomic(this.path, `${JSON.stringify(valid, null, 2)}\n`, PRIVATE_FILE));
    this.writing = write.catch(() => undefined);
    await write;
    return this.get();
  }
}
