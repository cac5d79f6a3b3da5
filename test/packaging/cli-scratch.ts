// A scratch copy of the repository (sources linked, bin/ and the build script copied) in
// which scripts/build-cli.mjs builds the ctl-client and ctl-provider bundles, so the tests of
// the bundles never touch the repository's own dist/.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

export const run = promisify(execFile);
export const ROOT = resolve(import.meta.dirname, '../..');

export interface CliScratch {
  dir: string;
  /** dist/cli: the ctl-client package folder. */
  clientDir: string;
  providerBundle: string;
  remove(): Promise<void>;
}

export async function buildCliScratch(): Promise<CliScratch> {
  const dir = await mkdtemp(join(tmpdir(), 'cli-bundles-'));
  await mkdir(join(dir, 'scripts'));
  await cp(join(ROOT, 'scripts', 'build-cli.mjs'), join(dir, 'scripts', 'build-cli.mjs'));
  await cp(join(ROOT, 'bin'), join(dir, 'bin'), { recursive: true });
  for (const entry of ['electron', 'shared', 'provider', 'node_modules', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json']) {
    const from = join(ROOT, entry);
    if (!existsSync(from)) continue;
    // Folders by junction (no privilege needed on Windows), small files by copy.
    if ((await stat(from)).isDirectory()) await symlink(from, join(dir, entry), 'junction');
    else await cp(from, join(dir, entry));
  }
  await run(process.execPath, [join(dir, 'scripts', 'build-cli.mjs')], { cwd: dir });
  return {
    dir,
    clientDir: join(dir, 'dist', 'cli'),
    providerBundle: join(dir, 'dist', 'provider', 'ctl-provider.cjs'),
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}
