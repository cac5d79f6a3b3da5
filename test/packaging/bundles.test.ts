// The bundler must keep pkcs11js and usb external: they are rebuilt for Electron's ABI and
// unpacked from the asar, which only works if the bundle loads them from node_modules. This
// builds the real main/preload/worker bundles with the app's own build script, in a scratch
// folder so the repository's dist/ is left alone.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleProblems, devOnlySources, fileOpenNotes, inlinedNative, runtimeModules } from '../../scripts/packaging/bundle-rules';
import { TokenService } from '../../electron/services/tokens';
import { createDemoTokens } from '../helpers/softhsm';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');
const BUILD_SCRIPT = join(ROOT, 'scripts', 'build-electron.mjs');

describe('the app bundles built by scripts/build-electron.mjs', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'bundles-'));
    await mkdir(join(scratch, 'scripts'));
    await cp(BUILD_SCRIPT, join(scratch, 'scripts', 'build-electron.mjs'));
    for (const entry of ['electron', 'shared', 'node_modules', 'package.json', 'tsconfig.json', 'tsconfig.base.json', 'tsconfig.node.json']) {
      const from = join(ROOT, entry);
      if (!existsSync(from)) continue;
      // Folders by junction (no privilege needed on Windows), small files by copy.
      if ((await stat(from)).isDirectory()) await symlink(from, join(scratch, entry), 'junction');
      else await cp(from, join(scratch, entry));
    }
    await run(process.execPath, [join(scratch, 'scripts', 'build-electron.mjs')], { cwd: scratch });
  }, 120_000);
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('produce main, preload and worker bundles that pass the bundle rules', async () => {
    const report = await bundleProblems(scratch);
    expect(report.checked.sort()).toEqual(['main.cjs', 'preload.cjs', 'worker-entry.cjs']);
    expect(report.problems).toEqual([]);
    // main handles files opened through the .tlv association (argv and macOS open-file).
    expect(report.notes).toEqual([]);
  });

  it('the CommonJS token worker runs a real token service (SoftHSM demo tokens)', async () => {
    const tokens = await createDemoTokens();
    const saved = { ...process.env };
    try {
      // The worker thread starts with a copy of this environment.
      tokens.useInThisProcess();
      const service = await TokenService.start({ workerUrl: join(scratch, 'dist', 'electron', 'worker-entry.cjs') });
      try {
        expect(service.module.threadId).toBeGreaterThan(0);
        expect((await service.list()).map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);
      } finally {
        await service.close();
      }
    } finally {
      process.env = saved;
      await tokens.cleanup();
    }
  }, 120_000);
});

describe('bundle rules on hand-made bundles', () => {
  let fake: string;
  beforeAll(async () => {
    fake = await mkdtemp(join(tmpdir(), 'fake-bundles-'));
    await mkdir(join(fake, 'dist', 'electron'), { recursive: true });
  });
  afterAll(async () => {
    await rm(fake, { recursive: true, force: true });
  });

  it('flag an inlined native module and a dependency loaded at run time', async () => {
    const main = [
      'var import_electron = require("electron");',
      '// node_modules/pkcs11js/index.js',
      'var binding = require("./build/Release/pkcs11.node");',
      'var z = require("zod");',
      'throw new Error("cannot read from \'alg\' argument");',
    ].join('\n');
    await writeFile(join(fake, 'dist', 'electron', 'main.cjs'), main);
    await writeFile(join(fake, 'dist', 'electron', 'preload.cjs'), 'const { ipcRenderer } = require("electron");\nconst fs = require("fs");\nrequire("usb");\n');
    const report = await bundleProblems(fake);
    expect(report.problems).toEqual([
      'dist/electron/main.cjs bundles pkcs11js: keep it external (it must be rebuilt for Electron and unpacked)',
      'dist/electron/main.cjs loads zod at run time; bundle it or keep it in the allowed list with a reason',
      'dist/electron/preload.cjs loads usb at run time; bundle it or keep it in the allowed list with a reason',
    ]);
  });

  it('read require, dynamic import and static ESM imports, not strings', () => {
    const code = 'import { a } from "@scope/pkg/sub";\nimport "side-effect";\nconst m = await import("dyn");\nconst r = require2("pkcs11js");\nlog("import from \'nope\'");\nimport { x } from "node:fs";\n';
    expect(runtimeModules(code)).toEqual(['@scope/pkg', 'dyn', 'pkcs11js', 'side-effect']);
    expect(inlinedNative('// node_modules/usb/dist/index.js\n')).toEqual(['usb']);
  });

  it('flag development-only code pulled into a bundle', () => {
    const code = '// electron/main/main.ts\nstart();\n// electron/dev-web/server.ts\nserve();\n// test/doubles/fake-pkcs11.ts\n';
    expect(devOnlySources(code)).toEqual(['electron/dev-web/', 'test/']);
    expect(devOnlySources('// shared/provider-protocol/framing.ts\n// electron/services/provider-client/client.ts\n')).toEqual([]);
  });

  it('note a main bundle that ignores files opened through the .tlv association', () => {
    expect(fileOpenNotes('app.on("ready", start);')).toHaveLength(2);
    expect(fileOpenNotes('app.on("open-file", open); app.on("second-instance", (_e, argv) => open(argv));')).toEqual([]);
  });
});
