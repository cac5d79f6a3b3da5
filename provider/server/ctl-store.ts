// The provider's files: the current CTL in the TFTP root, its backup, staged CTLs and
// the security mode, all under the state directory. Every write is atomic; a crash at
// any point leaves the TFTP root with either the old or the new CTL, never a mix.
// The CTL file on disk is the only truth: it is read for every decision (anything else may
// have replaced it), and a commit checks it still is what the client expects (compare-and-swap).
import { Buffer } from 'node:buffer';
import { lstat, mkdir, readFile, readdir, unlink, rm, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { z } from 'zod';
import { CTL_FILE_NAME, securityModeSchema, type SecurityMode } from '../../shared/provider-protocol';
import { writeFileAtomic, writeFilesAtomic } from '../../shared/node/atomic-write';
import { sha256Hex } from '../../shared/node/hash';
import { PROVIDER_WRITE, removeStaleTemps, resolveInRoot } from './fs-atomic';
import { decodeCtl } from '../../shared/ctl';
import type { CtlFile } from '../../shared/ctl/model';


const stateSchema = z.object({ securityMode: securityModeSchema, ctlSha256: z.string().nullable() });
const backupMetaSchema = z.object({
  previous: z.object({ present: z.boolean(), sha256: z.string().nullable(), securityMode: securityModeSchema }),
  /** What the commit was installing, so a crash before the state update can be finished on restart. */
  next: z.object({ sha256: z.string().nullable(), securityMode: securityModeSchema }),
});
type BackupMeta = z.infer<typeof backupMetaSchema>;

/** The CTL on disk is not the one the client expects (another writer, or a file changed behind the provider). */
export class StaleCtlError extends Error {
  constructor(readonly expectedSha256: string | null, readonly currentSha256: string | null) {
    super(`the CTL changed: expected ${expectedSha256 ?? 'no CTL'}, this target holds ${currentSha256 ?? 'no CTL'}`);
    this.name = 'StaleCtlError';
  }
}

export interface StagedCtl {
  stageId: string;
  sha256: string;
  securityMode: SecurityMode;
  owner: string;
  file: string;
  /** The CTL as validation decoded it, if the caller passed it. */
  decoded: CtlFile | null;
}

export interface CurrentCtl {
  /** Shared with the store's cache: read only. */
  bytes: Uint8Array | null;
  sha256: string | null;
  securityMode: SecurityMode;
  /** The decoded CTL (null when there is none), decoded once per installed file; throws what decodeCtl throws. */
  file(): CtlFile | null;
}

/** The installed CTL as read from disk, with its hash and (lazily) its decoded form. */
class LoadedCtl {
  readonly sha256: string | null;
  private decoded: { ok: true; file: CtlFile | null } | { ok: false; error: unknown } | null = null;
  /** `known`: a decoded CTL to use when these bytes hash to its SHA-256 (decoding is deterministic). */
  constructor(readonly bytes: Uint8Array | null, known: { sha256: string; file: CtlFile } | null = null) {
    this.sha256 = bytes ? sha256Hex(bytes) : null;
    if (known && known.sha256 === this.sha256) this.decoded = { ok: true, file: known.file };
  }

  file(): CtlFile | null {
    if (!this.decoded) {
      try {
        this.decoded = { ok: true, file: this.bytes ? decodeCtl(this.bytes) : null };
      } catch (error) {
        this.decoded = { ok: false, error };
      }
    }
    if (!this.decoded.ok) throw this.decoded.error;
    return this.decoded.file;
  }
}

async function readOptional(file: string): Promise<Uint8Array | null> {
  try {
    return new Uint8Array(await readFile(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** True when `file` is a regular file (not a link) with the mode a write gives it and content `bytes`. */
async function holdsBytes(file: string, bytes: Uint8Array): Promise<boolean> {
  try {
    const info = await lstat(file);
    if (!info.isFile() || info.size !== bytes.length || (info.mode & 0o777) !== 0o644) return false;
    return Buffer.compare(await readFile(file), bytes) === 0;
  } catch {
    return false; // absent or unreadable: write it
  }
}

export class CtlStore {
  private readonly staged = new Map<string, StagedCtl>();
  private chain: Promise<unknown> = Promise.resolve();
  private mode: SecurityMode;
  /**
   * The installed CTL as last read, kept only for its decoded form: every read of the file
   * that hashes the same reuses it (decoding is deterministic), any other content is decoded anew.
   */
  private loaded: LoadedCtl | null = null;
  /**
   * The decoded form of the CTL last committed (validation decoded it at stage): the file is
   * read from disk again after a commit, and when it hashes the same it need not be decoded again.
   */
  private committedDecoded: { sha256: string; file: CtlFile } | null = null;

  private constructor(readonly tftpRoot: string, readonly stateDir: string, mode: SecurityMode) {
    this.mode = mode;
  }

  private get ctlPath() { return path.join(this.tftpRoot, CTL_FILE_NAME); }
  private get stagedDir() { return path.join(this.stateDir, 'staged'); }
  private get backupDir() { return path.join(this.stateDir, 'backup'); }
  private get statePath() { return path.join(this.stateDir, 'state.json'); }
  private get backupMetaPath() { return path.join(this.backupDir, 'meta.json'); }
  private get backupCtlPath() { return path.join(this.backupDir, CTL_FILE_NAME); }

  /** Opens the store, removing temp files and staged CTLs a previous run left behind. */
  static async open(tftpRoot: string, stateDir: string, initialMode: SecurityMode): Promise<CtlStore> {
    const store = new CtlStore(tftpRoot, stateDir, initialMode);
    await mkdir(tftpRoot, { recursive: true });
    await mkdir(store.backupDir, { recursive: true, mode: 0o700 });
    await rm(store.stagedDir, { recursive: true, force: true });
    await mkdir(store.stagedDir, { recursive: true, mode: 0o700 });
    await removeStaleTemps(tftpRoot);
    await removeStaleTemps(stateDir);
    await removeStaleTemps(store.backupDir);
    await store.recoverMode();
    // Read and decode the installed CTL now rather than on the first client's request: its
    // proofs and stages need it decoded. A CTL that does not decode is reported then, as before.
    const current = await store.current();
    try {
      current.file();
    } catch {
      // kept in the cache; the request that needs it gets the error
    }
    return store;
  }

  private async recoverMode(): Promise<void> {
    const stateBytes = await readOptional(this.statePath);
    const state = stateBytes ? stateSchema.safeParse(JSON.parse(Buffer.from(stateBytes).toString('utf8'))) : null;
    if (state?.success) this.mode = state.data.securityMode;
    const metaBytes = await readOptional(this.backupMetaPath);
    const meta = metaBytes ? backupMetaSchema.safeParse(JSON.parse(Buffer.from(metaBytes).toString('utf8'))) : null;
    const current = await readOptional(this.ctlPath);
    const currentSha = current ? sha256Hex(current) : null;
    if (!meta?.success || (state?.success && state.data.ctlSha256 === currentSha)) return;
    // state.json does not describe the CTL on disk (or there is none yet: a first commit):
    // a crash after a commit's rename, before state.json (the commit reply does not wait for
    // it), leaves the new CTL; a crash in a rollback after the restore leaves the previous one.
    if (meta.data.next.sha256 === currentSha) this.mode = meta.data.next.securityMode;
    else if (meta.data.previous.sha256 === currentSha) this.mode = meta.data.previous.securityMode;
    else return;
    await this.saveState(currentSha);
  }

  private saveState(ctlSha256: string | null): Promise<void> {
    const json = JSON.stringify({ securityMode: this.mode, ctlSha256, updatedAt: new Date().toISOString() }, null, 2);
    return writeFileAtomic(this.statePath, json, { ...PROVIDER_WRITE, mode: 0o600 });
  }

  /** Runs mutations one at a time (the write lock already serializes clients; this guards the files). */
  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.chain.then(fn, fn);
    this.chain = next.catch(() => undefined);
    return next;
  }

  /** The CTL on disk now (read for every call: a CTL of a few KiB costs less than trusting a stale copy). */
  async current(): Promise<CurrentCtl> {
    const bytes = await readOptional(this.ctlPath);
    const previous = this.loaded;
    const fresh = new LoadedCtl(bytes, this.committedDecoded);
    const entry = previous && previous.sha256 === fresh.sha256 ? previous : fresh;
    this.loaded = entry;
    return { bytes: entry.bytes, sha256: entry.sha256, securityMode: this.mode, file: () => entry.file() };
  }


  get securityMode(): SecurityMode {
    return this.mode;
  }

  getStaged(stageId: string): StagedCtl | undefined {
    return this.staged.get(stageId);
  }

  stage(bytes: Uint8Array, securityMode: SecurityMode, owner: string, decoded: CtlFile | null = null): Promise<StagedCtl> {
    return this.serial(async () => {
      const stageId = randomBytes(16).toString('hex');
      const file = path.join(this.stagedDir, `${stageId}.tlv`);
      // No fsync: a staged CTL does not outlive the process (open() wipes the staged
      // directory) and commit re-checks its hash; it is registered only once fully written.
      await writeFile(file, bytes, { mode: 0o600, flag: 'wx' });
      const staged = { stageId, sha256: sha256Hex(bytes), securityMode, owner, file, decoded };
      this.staged.set(stageId, staged);
      return staged;
    });
  }

  abort(stageId: string): Promise<void> {
    return this.serial(async () => {
      const staged = this.staged.get(stageId);
      this.staged.delete(stageId);
      if (staged) await unlink(staged.file).catch(() => undefined);
    });
  }

  /** Drops every staged CTL of a session (its connection closed). */
  async dropStagedOf(owner: string): Promise<void> {
    const ids = [...this.staged.values()].filter((s) => s.owner === owner).map((s) => s.stageId);
    for (const id of ids) await this.abort(id);
  }

  /** Installs a staged CTL when the file on disk is still `expectedSha256` (StaleCtlError otherwise). */
  commit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; previousSha256: string | null; securityMode: SecurityMode }> {
    const committed = this.serialCommit(stageId, expectedSha256);
    // state.json (the mode, for a restart) trails the reply: the CTL and the backup
    // description are durable by then, and a crash before state.json is written is exactly
    // what recoverMode() repairs. The store's next change waits for it.
    void this.serial(async () => {
      const result = await committed.catch(() => null);
      // A failed write leaves state.json stale, which the next commit rewrites and a restart
      // repairs from the backup description (recoverMode).
      if (result) await this.saveState(result.sha256).catch(() => undefined);
    });
    return committed;
  }

  private serialCommit(stageId: string, expectedSha256: string | null): Promise<{ sha256: string; previousSha256: string | null; securityMode: SecurityMode }> {
    return this.serial(async () => {
      const staged = this.staged.get(stageId);
      if (!staged) throw new Error(`no staged CTL ${stageId}`);
      const bytes = new Uint8Array(await readFile(staged.file));
      if (sha256Hex(bytes) !== staged.sha256) throw new Error('staged CTL changed on disk');
      // Read now, under the store's lock: the file that is replaced is the one on disk, whoever wrote it.
      const old = await this.current();
      if (old.sha256 !== expectedSha256) throw new StaleCtlError(expectedSha256, old.sha256);
      const meta: BackupMeta = {
        previous: { present: old.bytes !== null, sha256: old.sha256, securityMode: old.securityMode },
        next: { sha256: staged.sha256, securityMode: staged.securityMode },
      };
      await this.writeBackup(old.bytes, meta);
      await writeFileAtomic(this.ctlPath, bytes, PROVIDER_WRITE);
      this.committedDecoded = staged.decoded ? { sha256: staged.sha256, file: staged.decoded } : null;
      this.mode = staged.securityMode;
      this.staged.delete(stageId);
      await unlink(staged.file).catch(() => undefined);
      return { sha256: staged.sha256, previousSha256: old.sha256, securityMode: this.mode };
    });
  }

  /** Restores the CTL (or its absence) and mode from before the last commit; the replaced one becomes the backup. */
  rollback(expectedSha256: string | null): Promise<{ sha256: string | null; securityMode: SecurityMode } | null> {
    return this.serial(async () => {
      const now = await this.current();
      if (now.sha256 !== expectedSha256) throw new StaleCtlError(expectedSha256, now.sha256);
      const metaBytes = await readOptional(this.backupMetaPath);
      if (!metaBytes) return null;
      const meta = backupMetaSchema.parse(JSON.parse(Buffer.from(metaBytes).toString('utf8')));
      const backupBytes = meta.previous.present ? await readOptional(this.backupCtlPath) : null;
      if (meta.previous.present && (!backupBytes || sha256Hex(backupBytes) !== meta.previous.sha256)) {
        throw new Error('backup CTL is missing or damaged');
      }
      const old = now;
      if (backupBytes) await writeFileAtomic(this.ctlPath, backupBytes, PROVIDER_WRITE);
      else await unlink(this.ctlPath).catch(() => undefined);
      this.mode = meta.previous.securityMode;
      await this.saveState(meta.previous.sha256);
      const swapped: BackupMeta = {
        previous: { present: old.bytes !== null, sha256: old.sha256, securityMode: old.securityMode },
        next: { sha256: meta.previous.sha256, securityMode: meta.previous.securityMode },
      };
      await this.writeBackup(old.bytes, swapped);
      return { sha256: meta.previous.sha256, securityMode: this.mode };
    });
  }

  /** The backup CTL (when there is one) and then its description, written side by side. */
  private writeBackup(ctl: Uint8Array | null, meta: BackupMeta): Promise<void> {
    const metaFile = { target: this.backupMetaPath, data: new TextEncoder().encode(JSON.stringify(meta)), mode: 0o600 };
    return writeFilesAtomic(ctl ? [{ target: this.backupCtlPath, data: ctl, mode: 0o600 }, metaFile] : [metaFile], PROVIDER_WRITE);
  }

  /**
   * Writes files the protocol names (CAPF files) inside the TFTP root, each atomically. A
   * regular file that already holds the same bytes is left as it is: every run of the client
   * sends the CAPF certificate again, and rewriting it would only cost fsyncs.
   */
  putFiles(files: readonly { name: string; bytes: Uint8Array }[]): Promise<{ targets: string[]; written: number }> {
    return this.serial(async () => {
      const targets = await Promise.all(files.map((f) => resolveInRoot(this.tftpRoot, f.name)));
      const same = await Promise.all(files.map((f, i) => holdsBytes(targets[i]!, f.bytes)));
      const changed = files.flatMap((f, i) => (same[i] ? [] : [{ target: targets[i]!, data: f.bytes }]));
      if (changed.length > 0) await writeFilesAtomic(changed, PROVIDER_WRITE);
      return { targets, written: changed.length };
    });
  }

  /** Names of files currently in the staged directory (tests check crash cleanup). */
  async stagedFiles(): Promise<string[]> {
    return readdir(this.stagedDir);
  }
}
