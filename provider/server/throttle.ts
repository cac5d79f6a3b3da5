// Failed-login throttling per source address, enforced under concurrency: an attempt is
// reserved before its password is hashed (so parallel attempts cannot all pass the check
// and be counted afterwards), one password check runs per source at a time, and a few
// more may wait for it; after `maxFailures` failures within `windowMs` the source is
// refused for `lockoutMs` (doubling on each repeat, capped at 64x). A global cap bounds
// the password checks running at once: each scrypt check holds 16 MiB.

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
  /** Attempts of one source that may wait while its one check runs; more are refused at once. */
  maxQueuedPerSource: number;
  /** Password checks running at once over all sources. */
  maxConcurrentChecks: number;
}

interface SourceState {
  failures: number[];
  totalFailures: number;
  lockedUntil: number;
  lockouts: number;
  /** A reserved attempt: its password check is running or about to. */
  reserved: boolean;
  waiting: (() => void)[];
}

/** The right to check one password; exactly one of succeed() or fail() must be called. */
export interface CheckTicket {
  succeed(): void;
  /** Records the failure; returns the lockout now in force (0 if none). */
  fail(): number;
}

export type AttemptAdmission =
  | { ok: true; ticket: CheckTicket }
  | { ok: false; reason: 'locked' | 'busy'; retryAfterMs: number };

/** What a refused attempt that found the source's queue full is told to wait. */
const BUSY_RETRY_MS = 1_000;
const MAX_LOCKOUT_DOUBLINGS = 6;
/** Above this many remembered sources, states that hold nothing are forgotten. */
const SWEEP_ABOVE = 4_096;

export class LoginThrottle {
  private readonly sources = new Map<string, SourceState>();
  private running = 0;
  private readonly slotWaiters: (() => void)[] = [];
  private started = 0;

  constructor(private readonly settings: ThrottleSettings, private readonly now: () => number = Date.now) {}

  /** Password checks started since the server started. */
  get checksStarted(): number {
    return this.started;
  }

  /** Milliseconds the source must still wait, or 0 when it may try. */
  retryAfter(source: string): number {
    const state = this.sources.get(source);
    return state ? Math.max(0, state.lockedUntil - this.now()) : 0;
  }

  /**
   * Reserves one attempt for `source`, waiting (bounded) for the attempt before it; resolves
   * with a ticket once a password check may run, or with the reason it may not.
   */
  async admit(source: string): Promise<AttemptAdmission> {
    const state = this.stateOf(source);
    for (;;) {
      const wait = Math.max(0, state.lockedUntil - this.now());
      if (wait > 0) return { ok: false, reason: 'locked', retryAfterMs: wait };
      if (!state.reserved) break;
      if (state.waiting.length >= this.settings.maxQueuedPerSource) return { ok: false, reason: 'busy', retryAfterMs: BUSY_RETRY_MS };
      await new Promise<void>((resolve) => state.waiting.push(resolve));
    }
    // Reserved before anything is awaited again: a parallel attempt now waits or is refused.
    state.reserved = true;
    await this.takeSlot();
    this.started += 1;
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) throw new Error('a login ticket was settled twice');
      settled = true;
      state.reserved = false;
      this.releaseSlot();
      outcome();
      // The next waiting attempt runs; under a lockout every waiting attempt is refused now.
      const wake = state.lockedUntil > this.now() ? state.waiting.splice(0) : state.waiting.splice(0, 1);
      for (const resolve of wake) resolve();
    };
    return { ok: true, ticket: {
      succeed: () => settle(() => {
        state.failures = [];
        state.lockouts = 0;
      }),
      fail: () => {
        settle(() => this.recordFailure(state));
        return Math.max(0, state.lockedUntil - this.now());
      },
    } };
  }

  /** Failures counted for a source since the server started (reported in the audit log). */
  failureCount(source: string): number {
    return this.sources.get(source)?.totalFailures ?? 0;
  }

  private recordFailure(state: SourceState): void {
    const now = this.now();
    state.totalFailures += 1;
    state.failures = state.failures.filter((t) => now - t < this.settings.windowMs);
    state.failures.push(now);
    if (state.failures.length >= this.settings.maxFailures) {
      state.lockedUntil = now + this.settings.lockoutMs * 2 ** Math.min(state.lockouts, MAX_LOCKOUT_DOUBLINGS);
      state.lockouts += 1;
      state.failures = [];
    }
  }

  private stateOf(source: string): SourceState {
    let state = this.sources.get(source);
    if (!state) {
      if (this.sources.size >= SWEEP_ABOVE) this.sweep();
      state = { failures: [], totalFailures: 0, lockedUntil: 0, lockouts: 0, reserved: false, waiting: [] };
      this.sources.set(source, state);
    }
    return state;
  }

  /** Forgets sources with nothing in force: no lockout, no recent failure, nothing running. */
  private sweep(): void {
    const now = this.now();
    for (const [source, s] of this.sources) {
      const recent = s.failures.some((t) => now - t < this.settings.windowMs);
      // A source that was locked out keeps its doubling until a full window passed since.
      const cooling = s.lockouts > 0 && now - s.lockedUntil < this.settings.windowMs;
      if (!s.reserved && s.waiting.length === 0 && s.lockedUntil <= now && !recent && !cooling) this.sources.delete(source);
    }
  }

  private async takeSlot(): Promise<void> {
    if (this.running < this.settings.maxConcurrentChecks) {
      this.running += 1;
      return;
    }
    // releaseSlot hands its slot over directly, so the count stays exact.
    await new Promise<void>((resolve) => this.slotWaiters.push(resolve));
  }

  private releaseSlot(): void {
    const next = this.slotWaiters.shift();
    if (next) next();
    else this.running -= 1;
  }
}
