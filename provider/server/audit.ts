// Append-only audit log: one JSON line per event (who, when, from where, what, hashes).
// Callers pass only non-secret fields; passwords and keys never reach this file.
import { open } from 'node:fs/promises';

export interface AuditEvent {
  event: 'login' | 'login-failed' | 'login-throttled' | 'proof' | 'proof-failed' | 'lock' | 'unlock'
    | 'stage' | 'stage-rejected' | 'commit' | 'abort' | 'rollback' | 'put-capf' | 'path-refused' | 'start' | 'logout';
  username?: string;
  source?: string;
  oldSha256?: string | null;
  newSha256?: string | null;
  securityMode?: number;
  detail?: string;
  failures?: number;
}

export class AuditLog {
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly file: string) {}

  /** Appends in order; each line is fsynced so a crash cannot lose a recorded change. */
  record(event: AuditEvent): Promise<void> {
    const line = JSON.stringify({ time: new Date().toISOString(), ...event }) + '\n';
    const next = this.chain.then(async () => {
      const handle = await open(this.file, 'a', 0o600);
      try {
        await handle.appendFile(line);
        await handle.sync();
      } finally {
        await handle.close();
      }
    });
    this.chain = next.catch(() => undefined);
    return next;
  }
}
