#!/usr/bin/env node
// npm start: builds the renderer and the Electron bundles, then launches Electron. Where the
// Electron binary is not installed (this machine, CI) it says so and points to the web preview.
import { spawn, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findElectronBinary } from './electron-binary.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const electron = findElectronBinary();
if ('missing' in electron) {
  console.error(
    [
      'Electron is not installed on this machine (the electron package has no binary;',
      'was it installed with ELECTRON_SKIP_BINARY_DOWNLOAD=1?).',
      'Try the web preview instead:  npm run dev:web',
      'or install the binary:        npm rebuild electron (needs network access).',
    ].join('\n'),
  );
  process.exit(1);
}

// The builds run under this Node directly: spawning `npm` would need a shell on Windows.
const builds = [
  ['build:renderer', [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'renderer/vite.config.ts']],
  ['build:electron', [join(root, 'scripts', 'build-electron.mjs')]],
];
for (const [name, args] of builds) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`npm start: ${name} failed`);
    process.exit(result.status ?? 1);
  }
}

const child = spawn(electron.path, ['.'], { cwd: root, stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(signal ? 1 : (code ?? 0)));
