// What the audit log says about logins that did not get in, without letting an attacker
// write to it at will: unknown user names (often a password typed into the wrong field)
// appear only as a salted hash, and throttled attempts become one line per source per
// window with a count instead of one line each.
import { createHmac, randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditLog } from './audit';
import { writeFileAtomic } from '../../shared/node/atomic-write';
import { PROVIDER_WRITE } from './fs-atomic';

const SALT_FILE = 'audit-name-salt';
const SALT_BYTES = 32;

/**
 * Loads the state directory's salt for user-name hashes, creating it once. It survives
 * restarts, so the same unknown name hashes the same in every line of the log; it never
 * leaves the state directory, so the log alone does not allow guessing names offline.
 */
export async function loadNameSalt(stateDir: string): Promise<Uint8Array> {
  const file = path.join(stateDir, SALT_FILE);
  try {
    const salt = await readFile(file);
    if (salt.length === SALT_BYTES) return new Uint8Array(salt);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  const salt = randomBytes(SALT_BYTES);
  // Written atomically, so a crash cannot leave a short salt; any other size is replaced.
  await writeFileAtomic(file, new Uint8Array(salt), { ...PROVIDER_WRITE, mode: 0o600 });
  return new Uint8Array(salt);
}

/** `hmac-sha256:` and the first 32 hex digits of HMAC-SHA-256(salt, name). */
export function hashUserName(salt: Uint8Array, name: string): string {
  return `hmac-sha256:${createHmac('sha256', salt).update(name, 'utf8').digest('hex').slice(0, 32)}`;
}

interface Window {
  count: number;
  first: Date;
  last: Date;
  timer: NodeJS.Timeout;
}

/** Collects throttled login attempts per source; one `login-throttled` line per window. */
export class ThrottledAttempts {
  private readonly windows = new Map<string, Window>();
  private readonly writes = new Set<Promise<void>>();

  constructor(private readonly audit: AuditLog, private readonly windowMs: number,
    private readonly onError: (err: unknown) => void) {}

  /** Counts one refused attempt; the source's line is written when its window ends. */
  note(source: string): void {
    const now = new Date();
    const open = this.windows.get(source);
    if (open) {
      open.count += 1;
      open.last = now;
      return;
    }
    const timer = setTimeout(() => this.write(source), this.windowMs);
    timer.unref();
    this.windows.set(source, { count: 1, first: now, last: now, timer });
  }

  /** Writes every open window now (server stop) and waits for the lines. */
  async flush(): Promise<void> {
    for (const [source, w] of [...this.windows]) {
      clearTimeout(w.timer);
      this.write(source);
    }
    await Promise.all([...this.writes]);
  }

  private write(source: string): void {
    const w = this.windows.get(source);
    if (!w) return;
    this.windows.delete(source);
    const written = this.audit.record({
      event: 'login-throttled', source, count: w.count,
      detail: `${w.count} login attempt(s) refused from ${w.first.toISOString()} to ${w.last.toISOString()}`,
    }).catch(this.onError);
    this.writes.add(written);
    void written.finally(() => this.writes.delete(written));
  }
}
