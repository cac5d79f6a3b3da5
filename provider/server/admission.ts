// Configuration admission and the write lock: at most `maxSessions` logged-in sessions
// configure at once; one of them may hold the write lock (seed requirement 31).
import type { LockHolder } from '../../shared/provider-protocol';

export interface SessionRef {
  readonly sessionId: string;
  readonly username: string;
  readonly source: string;
}

export class Admission {
  private readonly sessions = new Map<string, SessionRef>();
  private holder: { session: SessionRef; since: Date } | null = null;

  constructor(private readonly maxSessions: number) {}

  get count(): number {
    return this.sessions.size;
  }

  /** Admits a logged-in session, or returns false when the cluster is full. */
  admit(session: SessionRef): boolean {
    if (this.sessions.has(session.sessionId)) return true;
    if (this.sessions.size >= this.maxSessions) return false;
    this.sessions.set(session.sessionId, session);
    return true;
  }

  /** Takes the write lock; returns the current holder when someone else has it. */
  acquire(session: SessionRef): { ok: true; since: Date } | { ok: false; holder: LockHolder } {
    if (this.holder && this.holder.session.sessionId !== session.sessionId) {
      return { ok: false, holder: this.describeHolder()! };
    }
    this.holder ??= { session, since: new Date() };
    return { ok: true, since: this.holder.since };
  }

  holds(session: SessionRef): boolean {
    return this.holder?.session.sessionId === session.sessionId;
  }

  release(session: SessionRef): void {
    if (this.holds(session)) this.holder = null;
  }

  describeHolder(): LockHolder | null {
    if (!this.holder) return null;
    const { session, since } = this.holder;
    return { username: session.username, source: session.source, since: since.toISOString() };
  }

  /** A closed connection leaves the cluster and drops the lock it held. */
  leave(session: SessionRef): void {
    this.release(session);
    this.sessions.delete(session.sessionId);
  }
}
