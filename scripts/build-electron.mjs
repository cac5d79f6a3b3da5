#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild:
//   dist/electron/main.cjs     (package.json "main")
//   dist/electron/preload.cjs  (sandboxed preload: one self-contained file)
//   dist/electron/worker-entry.mjs  (the token service's worker thread, bundled from TypeScript)
// Native modules (pkcs11js, usb) and electron stay external.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');
const external = ['electron', 'pkcs11js', 'usb'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, external };

await rm(out, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: join(out, 'main.cjs'),
    format: 'cjs',
    // The services use import.meta.url (worker and native module paths); in CommonJS it is
    // this file's URL, so the worker resolves to dist/electron/worker-entry.mjs.
    define: { 'import.meta.url': '__ctlImportMetaUrl' },
    banner: { js: "const __ctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: join(out, 'preload.cjs'), format: 'cjs', platform: 'browser', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/services/tokens/token-worker.ts'],
    outfile: join(out, 'worker-entry.mjs'),
    format: 'esm',
    // pkcs11js is loaded with createRequire at run time; give the ESM bundle a require too.
    banner: { js: "import { createRequire as __ctlCreateRequire } from 'node:module'; const require = __ctlCreateRequire(import.meta.url);" },
  }),
]);
console.log(`built ${out}/main.cjs, preload.cjs, worker-entry.mjs`);
