// The tokens present, listed once for a burst of commands. Listing costs several PKCS#11
// calls per token (through the token worker; on a USB token each is a device round trip);
// connect starts a list while the providers answer, and choose-mode, preview-token and a
// proving add-token take it. A list is reused while it is younger than `maxAgeMs` and no
// hot-plug event (engine.refreshTokens) or failed command came in since; a list still being
// read is waited for; a token looked up and not found in a reused list is looked up afresh.
import type { TokenInfo } from '../../shared/tokens/types';
import type { TokenPort } from './ports';

export class TokenList {
  private last: { list: TokenInfo[]; at: number } | null = null;
  private pending: Promise<TokenInfo[]> | null = null;

  constructor(private readonly port: TokenPort, private readonly maxAgeMs: number, private readonly clock: () => number = () => performance.now()) {}

  /** Lists now (a hot-plug event, or a lookup that missed). */
  fresh(): Promise<TokenInfo[]> {
    this.last = null;
    const reading: Promise<TokenInfo[]> = this.port.list().then((list) => {
      if (this.pending === reading) {
        this.pending = null;
        this.last = { list, at: this.clock() };
      }
      return list;
    }, (err: unknown) => {
      if (this.pending === reading) this.pending = null;
      throw err;
    });
    this.pending = reading;
    return reading;
  }

  /** The list being read or the last one when recent enough, else a fresh one; `reused` says which. */
  async recent(): Promise<{ list: TokenInfo[]; reused: boolean }> {
    if (this.maxAgeMs > 0 && this.pending) {
      const list = await this.pending.catch(() => null);
      if (list) return { list, reused: true };
    }
    const last = this.last;
    if (last && this.maxAgeMs > 0 && this.clock() - last.at <= this.maxAgeMs) return { list: last.list, reused: true };
    return { list: await this.fresh(), reused: false };
  }

  /** Forgets the last list and any being read (after a failed command: a token may have been pulled). */
  invalidate(): void {
    this.last = null;
    this.pending = null;
  }
}
