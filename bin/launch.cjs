// Shared by bin/ctl-client.cjs and bin/ctl-provider.cjs: run the esbuild bundle
// (npm run build:cli) when it exists and is newer than every source it was made from,
// else the TypeScript sources through tsx, so a fresh clone (or an edited tree) needs no
// build step. `--version` says which one runs. Costs one stat per source file the run loads.
'use strict';

const { closeSync, fstatSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } = require('node:fs');
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
 * The bundle to run ({ file, tail }) when it is usable, else null. Only the files this run
 * loads are checked: the entry's sources and, when the first argument names a command file,
 * that command's. `tail` is the build's note of a function declaration that ends the file
 * ({ offset, name }), or null.
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
  const bundle = { file: dir + file, tail: validTail(inputs.tail) };
  const command = Object.hasOwn(inputs.commands ?? {}, process.argv[2]) ? inputs.commands[process.argv[2]] : null;
  if (command === null) return bundle;
  try {
    return olderThan(statSync(`${dir}${process.argv[2]}.cjs`).mtimeMs, command) ? bundle : null;
  } catch {
    return null;
  }
}

function validTail(tail) {
  return tail && Number.isSafeInteger(tail.offset) && tail.offset > 0 && /^[A-Za-z_$][\w$]*$/.test(tail.name ?? '') ? tail : null;
}

/** Bytes [start, end) of an open file (end null: to its end) as Latin-1 text. */
function readText(fd, start, end) {
  const buffer = Buffer.allocUnsafe(Math.max(0, (end ?? fstatSync(fd).size) - start));
  let done = 0;
  for (let n = -1; done < buffer.length && n !== 0; done += n) n = readSync(fd, buffer, done, buffer.length - done, start + done);
  return buffer.latin1Slice(0, done);
}

function readFileText(file, start, end) {
  const fd = openSync(file, 'r');
  try {
    return readText(fd, start, end);
  } finally {
    closeSync(fd);
  }
}

/** Caches to write when the process exits: [script, cache file]. */
const cachesToWrite = [];

/**
 * Writes the code caches that were missing or rejected, at exit: the cache then holds every
 * function the run compiled (a command's too, which run after its file loaded), not only
 * the file's top level. Written atomically (a concurrent start never reads half a cache);
 * a read-only install simply runs without them.
 */
function writeCaches() {
  for (const [script, cacheFile] of cachesToWrite) {
    try {
      const temporary = `${cacheFile}.${process.pid}.tmp`;
      writeFileSync(temporary, script.createCachedData());
      renameSync(temporary, cacheFile);
    } catch {
      // read-only folder
    }
  }
}

/**
 * Compiles source text with the V8 code cache kept in cacheFile and runs it. Without a
 * cache, V8 pre-parses the whole text at each start, and Node 20 has no module compile cache.
 * V8 checks that the cache matches the source and this V8 version and rejects it otherwise;
 * it is then written again.
 */
function runCached(text, options, cacheFile) {
  let cachedData;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(text, { ...options, cachedData });
  if (cachedData === undefined || script.cachedDataRejected) {
    if (cachesToWrite.length === 0) process.once('exit', writeCaches);
    cachesToWrite.push([script, cacheFile]);
  }
  return script.runInThisContext();
}

/**
 * The function that stands in for the tail's declaration: on its first call it reads and
 * compiles the file from the tail's offset on (with its own code cache), then calls it.
 * `head` is the text before the tail: its line count keeps stack traces on the file's numbering.
 */
function tailLoader(file, tail, head) {
  let compiled = null;
  return function loadTail(...args) {
    if (compiled === null) {
      const text = readFileText(file, tail.offset, null);
      if (!text.startsWith(`function ${tail.name}(`)) throw new Error(`${file} changed while it was starting; run the command again`);
      compiled = runCached(`(${text}\n)`, { filename: file, lineOffset: head.split('\n').length - 1 }, `${file}.tail.v8-cache`);
    }
    return compiled.apply(this, args);
  };
}

/**
 * The require() a bundle runs with: Node's, except for the command files the dispatcher loads
 * lazily (`./<name>.cjs` beside it), which run from code caches too.
 */
function bundleRequire(file) {
  const nodeRequire = createRequire(file);
  const dir = dirname(file);
  const bundled = (id) => {
    if (!/^\.\/[\w-]+\.cjs$/.test(id)) return nodeRequire(id);
    const path = `${dir}/${id.slice(2)}`;
    return Module._cache[path]?.exports ?? requireBundle(path, null);
  };
  return Object.assign(bundled, { resolve: nodeRequire.resolve, cache: nodeRequire.cache, main: nodeRequire.main });
}

/**
 * Runs a one-file CommonJS bundle as require() would (it is in require.cache while and after
 * it runs) and returns its exports, from code caches kept beside it (<file>.v8-cache,
 * <file>.tail.v8-cache). When the build noted a tail (the provider's commands, 680 KB of its
 * 690 KB, appended as one function declaration), only the text before it is read and compiled
 * at start, and the declaration's name is bound to a loader of the rest: `ctl-provider --help`
 * reads 9 KB, not the whole file (reading and compiling the rest cost about 10 ms here). Run
 * by Node directly, the same file declares the function itself.
 */
function requireBundle(file, tail) {
  const marker = tail === null ? '' : `function ${tail.name}(`;
  let source = tail === null ? null : readFileText(file, 0, tail.offset + marker.length);
  // A note that does not match this file (edited by hand): run the file whole.
  if (source !== null && source.endsWith(marker)) source = source.slice(0, tail.offset);
  else [source, tail] = [readFileText(file, 0, null), null];
  const dir = dirname(file);
  const params = ['exports', 'require', 'module', '__filename', '__dirname'];
  const extra = [];
  const module = new Module(file);
  module.filename = file;
  module.paths = Module._nodeModulePaths(dir);
  if (tail !== null) {
    params.push(tail.name);
    extra.push(tailLoader(file, tail, source));
  }
  // `//` makes the shebang line a comment (not removed: stack traces keep their line numbers),
  // without a pass over the whole text to blank it.
  const comment = source.startsWith('#!') ? '//' : '';
  const run = runCached(`(function (${params.join(', ')}) {${comment}${source}\n})`, { filename: file }, `${file}.v8-cache`);
  Module._cache[file] = module;
  try {
    run.call(module.exports, module.exports, bundleRequire(file), module, file, dir, ...extra);
  } catch (error) {
    delete Module._cache[file];
    throw error;
  }
  module.loaded = true;
  return module.exports;
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
    if (bundle.file.endsWith('.cjs')) requireBundle(bundle.file, bundle.tail);
    else await import(pathToFileURL(bundle.file).href);
    return;
  }
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(root + source).href);
}

module.exports = { launch };
