// The tokens present, listed once for a burst of commands. Listing costs several PKCS#11
// calls per token (through the token worker); choose-mode, preview-token and add-token each
// need the list, usually within milliseconds. A list is reused while it is younger than
// `maxAgeMs` and no hot-plug event (engine.refreshTokens) or failed command came in since;
// a token looked up and not found in a reused list is looked up in a fresh one.
import type { TokenInfo } from '../../shared/tokens/types';
import type { TokenPort } from './ports';

export class TokenList {
  private last: { list: TokenInfo[]; at: number } | null = null;

  constructor(private readonly port: TokenPort, private readonly maxAgeMs: number, private readonly clock: () => number = () => performance.now()) {}

  /** Lists now (a hot-plug event, or a lookup that missed). */
  async fresh(): Promise<TokenInfo[]> {
    this.last = null;
    const list = await this.port.list();
    this.last = { list, at: this.clock() };
    return list;
  }

  /** The last list when it is recent enough, else a fresh one; `reused` says which. */
  async recent(): Promise<{ list: TokenInfo[]; reused: boolean }> {
    const last = this.last;
    if (last && this.maxAgeMs > 0 && this.clock() - last.at <= this.maxAgeMs) return { list: last.list, reused: true };
    return { list: await this.fresh(), reused: false };
  }

  /** Forgets the last list (after a failed command: a token may have been pulled). */
  invalidate(): void {
    this.last = null;
  }
}
