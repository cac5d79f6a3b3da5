// Shared by bin/ctl-client.mjs and bin/ctl-provider.mjs: run the esbuild bundle
// (npm run build:cli) when it exists and is newer than every source it was made from,
// else the TypeScript sources through tsx, so a fresh clone (or an edited tree) needs no
// build step. `--version` says which one runs. Costs one stat per source file (~2 ms).
import { readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** The bundle's path when it is usable, else null. */
function currentBundle(folder, file) {
  const dir = `${root}dist/${folder}/`;
  let built;
  let inputs;
  try {
    built = statSync(dir + file).mtimeMs;
    inputs = JSON.parse(readFileSync(`${dir}build-inputs.json`, 'utf8'));
  } catch {
    return null;
  }
  for (const input of inputs) {
    let changed;
    try {
      changed = statSync(root + input).mtimeMs;
    } catch {
      return null; // a source was removed or renamed: the bundle no longer matches the tree
    }
    if (changed > built) return null;
  }
  return dir + file;
}

/**
 * folder/file: the bundle under dist/; source: the TypeScript entry, relative to the root.
 * CTL_FROM_SOURCES=1 runs the sources even when a bundle is current.
 */
export async function launch(folder, file, source) {
  const bundle = process.env.CTL_FROM_SOURCES === '1' ? null : currentBundle(folder, file);
  if (bundle) {
    // require() for CommonJS: import() would first scan the whole file for its exports.
    if (bundle.endsWith('.cjs')) createRequire(import.meta.url)(bundle);
    else await import(pathToFileURL(bundle).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(root + source).href);
}
