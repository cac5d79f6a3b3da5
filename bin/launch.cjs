// Shared by bin/ctl-client.cjs and bin/ctl-provider.cjs: run the esbuild bundle
// (npm run build:cli) when it exists and is newer than every source it was made from,
// else the TypeScript sources through tsx, so a fresh clone (or an edited tree) needs no
// build step. `--version` says which one runs. Costs one stat per source file the run loads.
'use strict';

const { readFileSync, renameSync, statSync, writeFileSync } = require('node:fs');
const { Module, createRequire } = require('node:module');
const { dirname } = require('node:path');
const { Script } = require('node:vm');
const { pathToFileURL } = require('node:url');

const root = `${dirname(__dirname)}/`;

/** Whether every listed source (relative to the root) is older than the bundle. */
function olderThan(built, inputs) {
  for (const input of inputs) {
    let changed;
    try {
      changed = statSync(root + input).mtimeMs;
    } catch {
      return false; // a source was removed or renamed: the bundle no longer matches the tree
    }
    if (changed > built) return false;
  }
  return true;
}

/**
 * The bundle's path when it is usable, else null. Only the files this run loads are checked:
 * the entry's sources and, when the first argument names a command file, that command's.
 */
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
  if (!Array.isArray(inputs.entry) || !olderThan(built, inputs.entry)) return null;
  const command = Object.hasOwn(inputs.commands ?? {}, process.argv[2]) ? inputs.commands[process.argv[2]] : null;
  if (command === null) return dir + file;
  try {
    return olderThan(statSync(`${dir}${process.argv[2]}.cjs`).mtimeMs, command) ? dir + file : null;
  } catch {
    return null;
  }
}

/**
 * Runs a one-file CommonJS bundle as require() would, with a V8 code cache kept beside it
 * (<file>.v8-cache): without it, V8 pre-parses the whole 670 KB provider file at each start
 * (~40 ms here), even though `--help` runs only its dispatcher; Node 20 has no module compile
 * cache. The cache is written after the synchronous part of the run, so it holds what that part
 * compiled (the provider's commands compile later, inside their function). V8 checks that the
 * cache matches the source and this V8 version and rejects it otherwise; it is then written
 * again. A read-only install simply runs without it.
 */
function requireWithCodeCache(file) {
  const cacheFile = `${file}.v8-cache`;
  // esbuild writes ASCII only (it escapes the rest), so Latin-1 reads the same text, and
  // faster than UTF-8 decoding (~1.5 ms of the provider's start here).
  const source = readFileSync(file, 'latin1');
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  // `//` makes the shebang line a comment (not removed: stack traces keep their line numbers),
  // without a pass over the whole text to blank it.
  const comment = source.startsWith('#!') ? '//' : '';
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${comment}${source}\n})`, { filename: file, cachedData });
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dirname(file));
  module.loaded = true;
  script.runInThisContext().call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
  if (cachedData === undefined || script.cachedDataRejected) {
    try {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile); // atomic: a concurrent start never reads half a cache
    } catch {
      // read-only folder: run without a cache
    }
  }
}

/**
 * folder/file: the bundle under dist/; source: the TypeScript entry, relative to the root.
 * CTL_FROM_SOURCES=1 runs the sources even when a bundle is current.
 */
async function launch(folder, file, source) {
  const bundle = process.env.CTL_FROM_SOURCES === '1' ? null : currentBundle(folder, file);
  if (bundle) {
    // CommonJS is run as require() would (import() would first scan the whole file for its
    // exports), from the code cache when there is one.
    if (bundle.endsWith('.cjs')) requireWithCodeCache(bundle);
    else await import(pathToFileURL(bundle).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(root + source).href);
}

module.exports = { launch };
