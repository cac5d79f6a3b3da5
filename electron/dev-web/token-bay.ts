// Demo-only token "insertion" for the web preview. SoftHSM keeps every demo token in one
// token directory and has no hot-plug, so the bay moves a token's directory between the
// store and a pocket beside it, then asks the token service to rescan with a
// re-initialization: SoftHSM sees a token arrive or leave only then, even while another
// token had a session open (as in the guide's update: prove with a listed token, remove it,
// insert the next). The re-initialization also ends the logins of tokens left inserted,
// which a real reader keeps; the session engine asks for such a token's PIN again when it
// next needs it.
import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir, rename } from 'node:fs/promises';
import { join } from 'node:path';

export interface BayToken {
  serial: string;
  label: string;
  inserted: boolean;
}

export interface Rescanner {
  rescan(options: { reinitialize: 'always' }): Promise<unknown>;
}

export class TokenBay {
  private readonly dirs = new Map<string, string>();
  private chain: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly tokendir: string,
    private readonly pocket: string,
    private readonly tokens: { serial: string; label: string }[],
  ) {}

  /** Finds each demo token's directory (its token.object names the serial) and pockets them all. */
  static async open(tokendir: string, tokens: { serial: string; label: string }[]): Promise<TokenBay> {
    const pocket = `${tokendir}.removed`;
    await mkdir(pocket, { recursive: true, mode: 0o700 });
    const bay = new TokenBay(tokendir, pocket, tokens);
    for (const base of [tokendir, pocket]) {
      for (const name of await readdir(base)) {
        const object = join(base, name, 'token.object');
        if (!existsSync(object)) continue;
        const text = (await readFile(object)).toString('latin1');
        const token = tokens.find((t) => text.includes(t.serial));
        if (token) bay.dirs.set(token.serial, name);
      }
    }
    const missing = tokens.filter((t) => !bay.dirs.has(t.serial));
    if (missing.length > 0) throw new Error(`demo token store: no directory for ${missing.map((t) => t.label).join(', ')}`);
    for (const token of tokens) await bay.move(token.serial, false);
    return bay;
  }

  list(): BayToken[] {
    return this.tokens.map((t) => ({ ...t, inserted: existsSync(join(this.tokendir, this.dirs.get(t.serial)!)) }));
  }

  /** Inserts or removes one token, then rescans; calls are serialized. */
  setInserted(serial: string, inserted: boolean, service: Rescanner): Promise<BayToken[]> {
    if (!this.dirs.has(serial)) return Promise.reject(new Error(`unknown demo token ${serial}`));
    const next = this.chain.then(async () => {
      await this.move(serial, inserted);
      await service.rescan({ reinitialize: 'always' });
      return this.list();
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async move(serial: string, inserted: boolean): Promise<void> {
    const name = this.dirs.get(serial)!;
    const from = join(inserted ? this.pocket : this.tokendir, name);
    const to = join(inserted ? this.tokendir : this.pocket, name);
    if (existsSync(from) && !existsSync(to)) await rename(from, to);
  }
}
