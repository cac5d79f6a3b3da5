// Bounds on open connections, counted from the TCP accept (so silent sockets and TLS
// handshakes count): at most `maxPerSource` per source address and `maxTotal` in all. At
// the global cap a new connection makes room by dropping the unauthenticated connection
// that has been idle longest (no request being handled); when every connection is
// logged in or busy, the new one is refused. Logged-in sessions are never dropped for room.

export interface ConnectionCaps {
  maxTotal: number;
  maxPerSource: number;
}

export interface TrackedConnection {
  readonly source: string;
  readonly acceptedAt: number;
  /** Last time a request arrived or a reply was finished. */
  lastActive: number;
  authenticated: boolean;
  /** Requests received and not answered yet; a busy connection is not idle. */
  busy: number;
}

export type Refusal = 'source-cap' | 'global-cap';

export interface ConnectionStats {
  open: number;
  refused: Record<Refusal, number>;
  evicted: number;
}

interface Entry extends TrackedConnection {
  drop(): void;
}

export class ConnectionTable {
  private readonly entries = new Set<Entry>();
  private readonly perSource = new Map<string, number>();
  private readonly counts: ConnectionStats = { open: 0, refused: { 'source-cap': 0, 'global-cap': 0 }, evicted: 0 };

  constructor(private readonly caps: ConnectionCaps, private readonly now: () => number = Date.now) {}

  get stats(): ConnectionStats {
    return { open: this.entries.size, refused: { ...this.counts.refused }, evicted: this.counts.evicted };
  }

  /**
   * Admits a new connection from `source`, dropping an idle unauthenticated one at the global
   * cap; returns the refusal when it cannot. `drop` ends the connection (it must call
   * release() once closed, as for any other connection).
   */
  admit(source: string, drop: () => void): TrackedConnection | Refusal {
    if ((this.perSource.get(source) ?? 0) >= this.caps.maxPerSource) return this.refuse('source-cap');
    if (this.entries.size >= this.caps.maxTotal) {
      const victim = this.oldestIdleUnauthenticated();
      if (!victim) return this.refuse('global-cap');
      this.counts.evicted += 1;
      // Released at once: the victim's close comes later, and its place is the newcomer's now.
      this.release(victim);
      victim.drop();
    }
    const now = this.now();
    const entry: Entry = { source, acceptedAt: now, lastActive: now, authenticated: false, busy: 0, drop };
    this.entries.add(entry);
    this.perSource.set(source, (this.perSource.get(source) ?? 0) + 1);
    return entry;
  }

  /** Forgets a closed connection; harmless when it was already released. */
  release(connection: TrackedConnection): void {
    const entry = connection as Entry;
    if (!this.entries.delete(entry)) return;
    const left = (this.perSource.get(entry.source) ?? 1) - 1;
    if (left > 0) this.perSource.set(entry.source, left);
    else this.perSource.delete(entry.source);
  }

  private refuse(reason: Refusal): Refusal {
    this.counts.refused[reason] += 1;
    return reason;
  }

  private oldestIdleUnauthenticated(): Entry | null {
    let victim: Entry | null = null;
    for (const e of this.entries) {
      if (e.authenticated || e.busy > 0) continue;
      if (!victim || e.lastActive < victim.lastActive) victim = e;
    }
    return victim;
  }
}
