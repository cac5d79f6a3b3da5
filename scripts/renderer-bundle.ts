// What the first screen of the built wizard loads (index.html's scripts, preloads and
// styles) and its gzip size: shared by `npm run bench:renderer` and the budget test.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/** The initial renderer bundle must stay under this many bytes, gzip (issue 6). */
export const INITIAL_BUNDLE_BUDGET = 200 * 1024;

export interface BundleFiles {
  initial: string[];
  lazy: string[];
}

export async function bundleFiles(dist: string): Promise<BundleFiles> {
  const html = await readFile(join(dist, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
  const all = (await readdir(join(dist, 'assets'))).map((f) => `assets/${f}`);
  return { initial, lazy: all.filter((f) => !initial.includes(f)) };
}

export async function gzipSize(dist: string, file: string): Promise<number> {
  return gzipSync(await readFile(join(dist, file)), { level: 9 }).length;
}
