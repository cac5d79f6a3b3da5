// Failed-login throttling per source address: after `maxFailures` failures within
// `windowMs`, the source is refused for `lockoutMs` (doubling on each repeat, capped).

export interface ThrottleSettings {
  maxFailures: number;
  windowMs: number;
  lockoutMs: number;
}

interface SourceState {
  failures: number[];
  totalFailures: number;
  lockedUntil: number;
  lockouts: number;
}

export class LoginThrottle {
  private readonly sources = new Map<string, SourceState>();

  constructor(private readonly settings: ThrottleSettings, private readonly now: () => number = Date.now) {}

  /** Milliseconds the source must still wait, or 0 when it may try. */
  retryAfter(source: string): number {
    const state = this.sources.get(source);
    if (!state) return 0;
    return Math.max(0, state.lockedUntil - this.now());
  }

  /** Records a failure; returns the lockout now in force (0 if none). */
  fail(source: string): number {
    const now = this.now();
    const state = this.sources.get(source) ?? { failures: [], totalFailures: 0, lockedUntil: 0, lockouts: 0 };
    state.totalFailures += 1;
    state.failures = state.failures.filter((t) => now - t < this.settings.windowMs);
    state.failures.push(now);
    if (state.failures.length >= this.settings.maxFailures) {
      const factor = 2 ** Math.min(state.lockouts, 6);
      state.lockedUntil = now + this.settings.lockoutMs * factor;
      state.lockouts += 1;
      state.failures = [];
    }
    this.sources.set(source, state);
    return Math.max(0, state.lockedUntil - now);
  }

  succeed(source: string): void {
    const state = this.sources.get(source);
    if (state) {
      state.failures = [];
      state.lockouts = 0;
    }
  }

  /** Failures counted for a source since the server started (reported in the audit log). */
  failureCount(source: string): number {
    return this.sources.get(source)?.totalFailures ?? 0;
  }
}
