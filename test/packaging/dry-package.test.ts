// A real electron-builder run, as far as it can go without the Electron binary: the committed
// config packages a scratch copy of the app into a Linux `dir` target, with a stand-in Electron
// distribution whose "binary" carries a fuse wire like Electron's, and the native rebuild off
// (it downloads Electron headers). What it proves is what the config decides: what goes into
// app.asar, what is unpacked next to it, that nothing of the sources ships, and that the fuses
// electron-builder flips are the ones the config asks for.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, cp, mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const require = createRequire(import.meta.url);

interface AsarModule {
  listPackage(archive: string, options?: { isPack: boolean }): string[];
  statFile(archive: string, filename: string): { unpacked?: boolean; integrity?: { algorithm: string; hash: string } };
}
// @electron/asar is what electron-builder packs with; load the same copy.
const libDir = dirname(require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] }));
const asar = createRequire(join(libDir, 'package.json'))('@electron/asar') as AsarModule;
const builderCli = join(dirname(require.resolve('electron-builder/package.json')), 'cli.js');

// Electron's fuse wire: a sentinel, version 1, the wire length, then one ASCII '0'/'1' per fuse
// (Electron's own defaults here: RunAsNode, NodeOptions, inspect and file privileges on).
const FUSE_SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
const FUSE_ORDER = [
  'runAsNode', 'enableCookieEncryption', 'enableNodeOptionsEnvironmentVariable', 'enableNodeCliInspectArguments',
  'enableEmbeddedAsarIntegrityValidation', 'onlyLoadAppFromAsar', 'loadBrowserProcessSpecificV8Snapshot', 'grantFileProtocolExtraPrivileges',
];
const ELECTRON_DEFAULT_WIRE = '10110001';

function readFuseWire(binary: Buffer): Record<string, boolean> {
  const at = binary.indexOf(FUSE_SENTINEL);
  if (at < 0) throw new Error('no fuse sentinel in the packaged binary');
  const start = at + FUSE_SENTINEL.length;
  if (binary[start] !== 1) throw new Error(`fuse wire version ${String(binary[start])}`);
  const length = binary[start + 1] ?? 0;
  const wire: Record<string, boolean> = {};
  for (let i = 0; i < length; i += 1) wire[FUSE_ORDER[i] ?? `fuse${i}`] = binary[start + 2 + i] === 0x31;
  return wire;
}

let builderConfig: Record<string, unknown>;

let scratch: string;
let resources: string;
let files: string[];

// electron-builder packages a Linux target on Linux and macOS hosts; the Windows runners build
// the Windows installer instead (release.yml), so this dry run is not attempted there.
const HOST_CAN_PACKAGE_LINUX = process.platform !== 'win32';

async function link(entry: string): Promise<void> {
  const from = join(ROOT, entry);
  if (!existsSync(from)) return;
  if ((await stat(from)).isDirectory()) await symlink(from, join(scratch, entry), 'junction');
  else await cp(from, join(scratch, entry));
}

describe.skipIf(!HOST_CAN_PACKAGE_LINUX)('electron-builder dry run (Linux dir target, stand-in Electron)', () => {
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'dry-package-'));
    for (const entry of ['node_modules', 'electron', 'shared', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json']) {
      await link(entry);
    }
    await cp(join(ROOT, 'build'), join(scratch, 'build'), { recursive: true });
    await mkdir(join(scratch, 'scripts'));
    await cp(join(ROOT, 'scripts', 'build-electron.mjs'), join(scratch, 'scripts', 'build-electron.mjs'));
    await run(process.execPath, [join(scratch, 'scripts', 'build-electron.mjs')], { cwd: scratch });
    // The renderer's real build is Vite's business; two files stand for it here.
    await mkdir(join(scratch, 'dist', 'renderer', 'assets'), { recursive: true });
    await writeFile(join(scratch, 'dist', 'renderer', 'index.html'), '<!doctype html><script type="module" src="./assets/index-test.js"></script>\n');
    await writeFile(join(scratch, 'dist', 'renderer', 'assets', 'index-test.js'), 'export {};\n');

    const fakeElectron = join(scratch, 'fake-electron');
    await mkdir(fakeElectron);
    const wire = Buffer.concat([Buffer.from(`#!/bin/sh\nexit 0\n# ${FUSE_SENTINEL}`), Buffer.from([1, FUSE_ORDER.length]), Buffer.from(`${ELECTRON_DEFAULT_WIRE}\n`)]);
    await writeFile(join(fakeElectron, 'electron'), wire);
    await chmod(join(fakeElectron, 'electron'), 0o755);
    await writeFile(join(fakeElectron, 'version'), 'v41.7.1');

    builderConfig = load(await readFile(join(ROOT, 'electron-builder.yml'), 'utf8')) as Record<string, unknown>;
    const config = { ...builderConfig };
    config.npmRebuild = false;
    config.electronDist = fakeElectron;
    config.directories = { ...(config.directories as Record<string, unknown>), output: join(scratch, 'out') };
    await writeFile(join(scratch, 'dry.yml'), dump(config));

    await run(process.execPath, [builderCli, '--linux', 'dir', '--x64', '--publish', 'never', '--config', 'dry.yml'], {
      cwd: scratch,
      env: { ...process.env, CSC_IDENTITY_AUTO_DISCOVERY: 'false' },
      maxBuffer: 16 * 1024 * 1024,
    });
    resources = join(scratch, 'out', 'linux-unpacked', 'resources');
    files = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/').replace(/^\//, ''));
  }, 240_000);

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  describe('app.asar from the committed config', () => {
    it('holds the bundles, the page and package.json', () => {
      for (const f of ['package.json', 'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/worker-entry.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-test.js']) {
        expect(files, f).toContain(f);
      }
    });

    it('holds no source, test, script, doc, build resource or source map', () => {
      const leaked = files.filter((f) => /^(electron|renderer|shared|provider|scripts|test|docs|build|bin|fake-electron|out)\//.test(f) || /\.(ts|tsx|map)$/.test(f));
      expect(leaked).toEqual([]);
      expect(files).not.toContain('electron-builder.yml');
      expect(files).not.toContain('dry.yml');
    });

    it('leaves the command-line TypeScript runner and esbuild out', () => {
      expect(files.filter((f) => /^node_modules\/(tsx|esbuild|@esbuild)\//.test(f))).toEqual([]);
    });

    it("package.json main points at a file in the archive", async () => {
      const pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8')) as { main: string };
      expect(files).toContain(pkg.main);
    });
  });

  describe('native modules next to app.asar', () => {
    it('are in the archive index, marked unpacked, and present on disk', () => {
      const natives = files.filter((f) => f.endsWith('.node'));
      expect(natives).toContain('node_modules/pkcs11js/build/Release/pkcs11.node');
      expect(natives).toContain('node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node');
      for (const f of natives) {
        expect(asar.statFile(join(resources, 'app.asar'), f).unpacked, f).toBe(true);
        expect(existsSync(join(resources, 'app.asar.unpacked', f)), f).toBe(true);
      }
    });

    it('keep the JavaScript that loads them unpacked beside them', () => {
      for (const f of ['node_modules/pkcs11js/index.js', 'node_modules/usb/dist/index.js', 'node_modules/usb/package.json']) {
        expect(existsSync(join(resources, 'app.asar.unpacked', f)), f).toBe(true);
      }
    });

    it('are the only unpacked files besides their own packages (the rest is integrity-hashed)', () => {
      const unpacked = files.filter((f) => asar.statFile(join(resources, 'app.asar'), f).unpacked === true);
      expect(unpacked.filter((f) => !/^node_modules\/(pkcs11js|usb)(\/|$)/.test(f))).toEqual([]);
      const main = asar.statFile(join(resources, 'app.asar'), 'dist/electron/main.cjs');
      expect(main.integrity?.algorithm).toBe('SHA256');
    });
  });

  describe('fuses flipped in the packaged binary', () => {
    it('match electronFuses, and the fuses it does not name keep Electron\'s default', async () => {
      const wire = readFuseWire(await readFile(join(scratch, 'out', 'linux-unpacked', 'ctl-client')));
      const wanted = builderConfig.electronFuses as Record<string, boolean>;
      FUSE_ORDER.forEach((name, i) => {
        const expected = name in wanted ? wanted[name] : ELECTRON_DEFAULT_WIRE[i] === '1';
        expect(wire[name], name).toBe(expected);
      });
      expect(wire.runAsNode).toBe(false);
      expect(wire.onlyLoadAppFromAsar).toBe(true);
    });
  });
});
