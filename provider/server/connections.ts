// Bounds on open connections, counted from the TCP accept (so silent sockets and TLS
// handshakes count): at most `maxPerSource` per source address and `maxTotal` in all. At
// the global cap a new connection makes room by dropping the oldest idle unauthenticated
// connection (no request being handled, idle at least `minIdleMs`) of the source that holds
// the most connections; when there is none, the new one is refused. Logged-in sessions are
// never dropped for room. Taking from the busiest source first matters under a flood: the
// oldest connection overall may be an administrator's, still in its TLS handshake, while a
// few sources reconnect in a loop. New connections per source are also rate-limited (a
// token bucket), which bounds that churn and the handshakes it costs.

export interface ConnectionCaps {
  maxTotal: number;
  maxPerSource: number;
  /** Idle time after which an unauthenticated connection may be dropped for room. */
  minIdleMs: number;
  /** New connections per second one source may open (bursts of twice that). */
  newPerSourcePerSecond: number;
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

export type Refusal = 'source-cap' | 'source-rate' | 'global-cap';

export interface ConnectionStats {
  open: number;
  refused: Record<Refusal, number>;
  evicted: number;
}

const BUCKETS_SWEEP_ABOVE = 4_096;

interface Entry extends TrackedConnection {
  drop(): void;
}

export class ConnectionTable {
  private readonly entries = new Set<Entry>();
  private readonly perSource = new Map<string, number>();
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly counts: ConnectionStats = { open: 0, refused: { 'source-cap': 0, 'source-rate': 0, 'global-cap': 0 }, evicted: 0 };

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
    if (!this.takeToken(source)) return this.refuse('source-rate');
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

  private takeToken(source: string): boolean {
    const rate = this.caps.newPerSourcePerSecond;
    const now = this.now();
    if (this.buckets.size >= BUCKETS_SWEEP_ABOVE) {
      // Full buckets hold no information: forget them.
      for (const [s, b] of this.buckets) if (b.tokens + ((now - b.at) / 1000) * rate >= 2 * rate) this.buckets.delete(s);
    }
    const bucket = this.buckets.get(source) ?? { tokens: 2 * rate, at: now };
    bucket.tokens = Math.min(2 * rate, bucket.tokens + ((now - bucket.at) / 1000) * rate);
    bucket.at = now;
    this.buckets.set(source, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }

  private refuse(reason: Refusal): Refusal {
    this.counts.refused[reason] += 1;
    return reason;
  }

  private oldestIdleUnauthenticated(): Entry | null {
    let victim: Entry | null = null;
    let victimLoad = 0;
    const idleSince = this.now() - this.caps.minIdleMs;
    for (const e of this.entries) {
      if (e.authenticated || e.busy > 0 || e.lastActive > idleSince) continue;
      const load = this.perSource.get(e.source) ?? 0;
      if (!victim || load > victimLoad || (load === victimLoad && e.lastActive < victim.lastActive)) {
        victim = e;
        victimLoad = load;
      }
    }
    return victim;
  }
}
