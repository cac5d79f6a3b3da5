// Certificate pins per host and port: the SHA-256 fingerprint (lowercase hex) the
// administrator accepted on first contact. A changed certificate is refused until re-accepted.
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../../../shared/node/atomic-write';

export interface PinStore {
  get(host: string, port: number): Promise<string | null>;
  set(host: string, port: number, fingerprint: string): Promise<void>;
  delete(host: string, port: number): Promise<void>;
}

const key = (host: string, port: number) => `${host.toLowerCase()}:${port}`;

export class MemoryPinStore implements PinStore {
  private readonly pins = new Map<string, string>();
  async get(host: string, port: number) { return this.pins.get(key(host, port)) ?? null; }
  async set(host: string, port: number, fingerprint: string) { this.pins.set(key(host, port), fingerprint); }
  async delete(host: string, port: number) { this.pins.delete(key(host, port)); }
}

const fileSchema = z.object({
  version: z.literal(1),
  pins: z.record(z.string(), z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), acceptedAt: z.string() })),
});
type PinFile = z.infer<typeof fileSchema>;

/** JSON file of pins, rewritten atomically (temp file, fsync, rename, directory fsync) on every change. */
export class FilePinStore implements PinStore {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  private async load(): Promise<PinFile> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, pins: {} };
      throw err;
    }
    const parsed = fileSchema.safeParse(JSON.parse(text));
    if (!parsed.success) throw new Error(`pin file ${this.file} is damaged: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    return parsed.data;
  }

  private async save(data: PinFile): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    // The app's one atomic writer: a failed write leaves the old pins and no temporary file.
    await writeFileAtomic(this.file, JSON.stringify(data, null, 2) + '\n', { mode: 0o600 });
  }

  private update(fn: (data: PinFile) => void): Promise<void> {
    const next = this.chain.then(async () => {
      const data = await this.load();
      fn(data);
      await this.save(data);
    });
    this.chain = next.catch(() => undefined);
    return next;
  }

  async get(host: string, port: number): Promise<string | null> {
    await this.chain;
    return (await this.load()).pins[key(host, port)]?.sha256 ?? null;
  }

  set(host: string, port: number, fingerprint: string): Promise<void> {
    return this.update((d) => { d.pins[key(host, port)] = { sha256: fingerprint, acceptedAt: new Date().toISOString() }; });
  }

  delete(host: string, port: number): Promise<void> {
    return this.update((d) => { delete d.pins[key(host, port)]; });
  }
}
