#!/usr/bin/env node
// Bundles the Electron main process and the preload with esbuild:
//   dist/electron/main.cjs     (package.json "main")
//   dist/electron/preload.cjs  (sandboxed preload: one self-contained file)
//   dist/electron/worker-entry.cjs  (the token service's worker thread, bundled from TypeScript;
//                                    CommonJS: ES module workers loaded from inside app.asar have
//                                    broken in Electron releases, CommonJS ones go through the asar
//                                    require path, so it stays inside the archive and its integrity)
// Native modules (pkcs11js, usb) and electron stay external.
import { build } from 'esbuild';
import { rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'dist', 'electron');
// ssh2's optional native speed-ups are loaded in try/catch; it falls back to JavaScript without them.
const external = ['electron', 'pkcs11js', 'usb', 'cpu-features', '*.node'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: 'linked', logLevel: 'warning', absWorkingDir: root, external };
// The services use import.meta.url (worker and native module paths); in CommonJS it becomes the
// bundle's own file URL.
const importMetaUrl = {
  define: { 'import.meta.url': '__ctlImportMetaUrl' },
  banner: { js: "const __ctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

await rm(out, { recursive: true, force: true });
await Promise.all([
  build({
    ...common,
    entryPoints: ['electron/main/main.ts'],
    outfile: join(out, 'main.cjs'),
    format: 'cjs',
    // main.ts passes the worker's path (dist/electron/worker-entry.cjs) to the token service.
    ...importMetaUrl,
  }),
  build({ ...common, entryPoints: ['electron/preload/preload.ts'], outfile: join(out, 'preload.cjs'), format: 'cjs', platform: 'browser', external: ['electron'] }),
  build({
    ...common,
    entryPoints: ['electron/services/tokens/token-worker.ts'],
    outfile: join(out, 'worker-entry.cjs'),
    format: 'cjs',
    // pkcs11js is loaded with createRequire(import.meta.url) at run time.
    ...importMetaUrl,
  }),
]);
console.log(`built ${out}/main.cjs, preload.cjs, worker-entry.cjs`);
