// Append-only audit log: one JSON line per event (who, when, from where, what, hashes).
// Callers pass only non-secret fields; passwords and keys never reach this file.
import { open, type FileHandle } from 'node:fs/promises';

export interface AuditEvent {
  event: 'login' | 'login-failed' | 'login-throttled' | 'proof' | 'proof-failed' | 'lock' | 'unlock'
    | 'stage' | 'stage-rejected' | 'commit' | 'abort' | 'rollback' | 'put-capf' | 'path-refused' | 'start' | 'logout';
  username?: string;
  /** An unknown user name, as a salted hash (login-audit.ts): it may be a mistyped password. */
  usernameHash?: string;
  source?: string;
  oldSha256?: string | null;
  newSha256?: string | null;
  securityMode?: number;
  detail?: string;
  failures?: number;
  /** Attempts one aggregated line stands for (login-throttled). */
  count?: number;
}

/**
 * Events that change what the provider serves (or start it), and refusals: record()
 * resolves only once their line is fsynced. Other events (logins, proofs, locks, staged CTLs,
 * which a restart discards) resolve once written; the next fsync, at the latest the next
 * change's, makes them durable too.
 */
const DURABLE_EVENTS: ReadonlySet<AuditEvent['event']> = new Set([
  'commit', 'rollback', 'put-capf', 'start',
  // Refusals are rare and worth keeping through a power loss.
  'login-failed', 'login-throttled', 'proof-failed', 'stage-rejected', 'path-refused',
]);

interface Pending {
  line: string;
  durable: boolean;
  resolve(): void;
  reject(err: unknown): void;
}

export class AuditLog {
  private queue: Pending[] = [];
  private writing: Promise<void> | null = null;
  /** Kept open between events: an open and a close per line cost more than the line. */
  private handle: FileHandle | null = null;
  /** Lines written but not yet fsynced. */
  private unsynced = false;
  /** After close(): a late event (a connection closing after stop) opens the file for its own write only. */
  private closed = false;

  constructor(private readonly file: string) {}

  /**
   * Appends in order. A change resolves once its line is on disk (fsynced), so a crash cannot
   * lose a recorded change; other events once written (DURABLE_EVENTS; `durable` overrides it
   * for an event that changed nothing this time). Lines recorded while a
   * write is under way go out together, with at most one fsync for all of them.
   */
  record(event: AuditEvent, durable = DURABLE_EVENTS.has(event.event)): Promise<void> {
    const line = JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n';
    return new Promise<void>((resolve, reject) => {
      this.queue.push({ line, durable, resolve, reject });
      this.writing ??= this.drain();
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        const handle = this.handle ?? await open(this.file, 'a', 0o600);
        this.handle = handle;
        await handle.appendFile(batch.map((p) => p.line).join(''));
        this.unsynced = true;
        if (this.closed || batch.some((p) => p.durable)) {
          await handle.sync();
          this.unsynced = false;
        }
        if (this.closed) {
          this.handle = null;
          await handle.close();
        }
        for (const p of batch) p.resolve();
      } catch (err) {
        // Reported to every caller of the batch; the next event opens the file afresh.
        for (const p of batch) p.reject(err);
        await this.handle?.close().catch(() => undefined);
        this.handle = null;
      }
    }
    this.writing = null;
  }

  /** Waits for the lines recorded so far, makes them durable, then closes the file. */
  async close(): Promise<void> {
    this.closed = true;
    while (this.writing) await this.writing;
    const handle = this.handle;
    this.handle = null;
    if (!handle) return;
    if (this.unsynced) await handle.sync().catch(() => undefined);
    this.unsynced = false;
    await handle.close();
  }
}
