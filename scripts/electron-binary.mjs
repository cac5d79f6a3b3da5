// Finds the Electron executable installed by the `electron` package, or explains why there is
// none (npm ci with ELECTRON_SKIP_BINARY_DOWNLOAD=1 installs the package without its binary).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/** @returns {{ path: string } | { missing: string }} */
export function findElectronBinary() {
  const require = createRequire(import.meta.url);
  let path;
  try {
    path = require('electron');
  } catch (error) {
    return { missing: error instanceof Error ? error.message : String(error) };
  }
  if (typeof path !== 'string' || !existsSync(path)) return { missing: `no executable at ${String(path)}` };
  return { path };
}
