#!/usr/bin/env node
// Bundles the two command lines with esbuild so they start without tsx:
//   dist/cli/       the ctl-client package: ctl-client.cjs (the dispatcher), one file per command
//                   (<name>.cjs, required lazily: inspect and --help never load PKCS#11, TLS or
//                   the session engine), worker-entry.mjs (the token worker, found beside the
//                   command files through import.meta.url), package.json and README.md.
//                   `npm pack dist/cli` packs it.
//   dist/provider/  ctl-provider.cjs: one file, no dependencies, run by Node alone. CommonJS, so
//                   that each module's require() of Node built-ins (node:tls…) runs only when the
//                   command that needs it loads the module (ES module imports would be hoisted).
// Native modules (pkcs11js, usb) stay external: they are loaded with createRequire at run time,
// by the commands that need them only. Each folder also gets build-inputs.json (sources each
// file was made from), which bin/ uses to run the sources instead of an outdated bundle.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(await readFile(join(root, 'package.json'), 'utf8'));
const builtAt = new Date().toISOString();

// CommonJS dependencies bundled into ES modules still call require() for Node built-ins.
const requireShim = "import { createRequire as __ctlCreateRequire } from 'node:module'; const require = __ctlCreateRequire(import.meta.url);";
/**
 * zod's `z` namespace re-exports every locale (270 KB minified, most of the provider file, all
 * compiled at each start). Only English messages are used (zod configures English itself, from
 * locales/en.js), so the locale index keeps English alone.
 */
const zodEnglishOnly = {
  name: 'zod-english-only',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]zod[\\/]v4[\\/]locales[\\/]index\.js$/ }, (args) => ({
      contents: "export { default as en } from './en.js';",
      resolveDir: dirname(args.path),
    }));
  },
};

/**
 * Node built-ins through require() (the banner's), not ESM imports. An ESM import of a
 * built-in builds a facade that reads every export, running its lazy getters (node:fs's
 * promises, node:crypto's webcrypto…). Bundled as CommonJS, a named import becomes a property
 * read where it is used.
 */
const builtinsThroughRequire = {
  name: 'builtins-through-require',
  setup(builder) {
    // The require() inside the stand-in module is Node's own (external).
    builder.onResolve({ filter: /^node:/ }, (args) => (args.namespace === 'builtin-require'
      ? { path: args.path, external: true }
      : { path: args.path, namespace: 'builtin-require' }));
    builder.onLoad({ filter: /.*/, namespace: 'builtin-require' }, (args) => ({
      contents: `module.exports = require(${JSON.stringify(args.path)});`,
      loader: 'js',
    }));
  },
};

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'esm',
  minify: true,
  // ASCII output (the rest escaped): bin/launch.cjs reads the bundles as Latin-1, which is faster.
  charset: 'ascii',
  // Error classes and their names reach users and tests (e instanceof, e.name).
  keepNames: true,
  // Licence notices of bundled dependencies stay in the files that carry their code.
  legalComments: 'eof',
  logLevel: 'warning',
  absWorkingDir: root,
  // ssh2's optional native speed-ups (cpu-features, sshcrypto.node) are tried in try/catch: without
  // them it uses its JavaScript crypto, so the bundle carries neither.
  external: ['pkcs11js', 'usb', 'electron', 'cpu-features', '*.node'],
  metafile: true,
  plugins: [zodEnglishOnly],
  outExtension: { '.js': '.mjs' },
  banner: { js: `#!/usr/bin/env node\n${requireShim}` },
};

/** Repository files (not dependencies, not esbuild's virtual modules) among a bundle's inputs. */
function repositoryFiles(inputs) {
  return Object.keys(inputs).filter((f) => !f.startsWith('node_modules/') && !f.includes(':'));
}

/**
 * build-inputs.json, for bin/'s freshness check: `entry` lists the sources of the entry file
 * (and the package files, whose change means a new dependency), `commands` those of each
 * command file, with the token worker's for a command that starts it. bin/ checks the entry's
 * and the running command's only, the files that run will load: for `inspect` 38 files, not 146.
 */
async function buildInputs(metafile, entryFile, commandFiles = {}, workerFile = null) {
  const output = (file) => metafile.outputs[relative(root, file).split(sep).join('/')];
  const worker = workerFile ? repositoryFiles(output(workerFile).inputs) : [];
  const commands = {};
  for (const [name, file] of Object.entries(commandFiles)) {
    const startsWorker = workerFile !== null && (await readFile(file, 'utf8')).includes(basename(workerFile));
    commands[name] = [...new Set([...repositoryFiles(output(file).inputs), ...(startsWorker ? worker : [])])].sort();
  }
  const entry = [...new Set([...repositoryFiles(output(entryFile).inputs), 'package.json', 'package-lock.json'])].sort();
  return { entry, commands };
}

async function writeJson(file, value) {
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`);
}

/** The command modules main.ts loads lazily (`import('./commands/<name>')`). */
const COMMANDS = ['inspect', 'build', 'tokens', 'cluster', 'run', 'fetch'];

/**
 * main.ts's `import('./commands/<name>')` becomes a require() of `<name>.cjs` beside the
 * bundle, made when the command runs: the dispatcher's file holds no command code, and
 * `--help` compiles only it.
 */
const lazyCommands = {
  name: 'lazy-commands',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/commands\/[a-z]+$/ }, (args) => (args.importer.endsWith(join('electron', 'cli', 'main.ts'))
      ? { path: args.path.slice('./commands/'.length), namespace: 'lazy-command' }
      : undefined));
    builder.onResolve({ filter: /^\.\/[a-z]+\.cjs$/, namespace: 'lazy-command' }, (args) => ({ path: args.path, external: true }));
    builder.onLoad({ filter: /.*/, namespace: 'lazy-command' }, (args) => ({ contents: `module.exports = require('./${args.path}.cjs');`, loader: 'js' }));
  },
};

/** CommonJS, like the provider: the launcher runs the entry from a V8 code cache (bin/launch.cjs). */
const commonJs = {
  format: 'cjs',
  outExtension: { '.js': '.cjs' },
  define: { __CTL_BUILD__: JSON.stringify({ version: pkg.version, builtAt }), 'import.meta.url': '__ctlImportMetaUrl' },
  banner: { js: "#!/usr/bin/env node\nconst __ctlImportMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
};

async function buildClient() {
  const out = join(root, 'dist', 'cli');
  await rm(out, { recursive: true, force: true });
  // One file per command, each whole (shared code is repeated, not split into chunks): a
  // command then costs one read and one compile, and CommonJS keeps each built-in's require()
  // where it is used.
  const commands = Object.fromEntries(COMMANDS.map((name) => [name, `electron/cli/commands/${name}.ts`]));
  const [client, worker] = await Promise.all([
    build({
      ...common,
      ...commonJs,
      entryPoints: { 'ctl-client': 'electron/cli/main.ts', ...commands },
      plugins: [...common.plugins, lazyCommands],
      outdir: out,
    }),
    // The token service starts its worker from worker-entry.mjs beside the command's file.
    build({
      ...common,
      entryPoints: { 'worker-entry': 'electron/services/tokens/token-worker.ts' },
      plugins: [...common.plugins, builtinsThroughRequire],
      outdir: out,
    }),
  ]);
  const inputs = { ...client.metafile.inputs, ...worker.metafile.inputs };
  const metafile = { inputs, outputs: { ...client.metafile.outputs, ...worker.metafile.outputs } };
  const commandFiles = Object.fromEntries(COMMANDS.map((name) => [name, join(out, `${name}.cjs`)]));
  await writeJson(join(out, 'build-inputs.json'), await buildInputs(metafile, join(out, 'ctl-client.cjs'), commandFiles, join(out, 'worker-entry.mjs')));
  await writeJson(join(out, 'metafile.json'), metafile);
  // The installable package. pkcs11js is optional: it needs a C++ toolchain at install time,
  // and only the token commands use it (they say so when it is missing).
  await writeJson(join(out, 'package.json'), {
    name: 'ctl-client',
    version: pkg.version,
    description: pkg.description,
    license: pkg.license,
    type: 'commonjs',
    engines: pkg.engines,
    bin: { 'ctl-client': 'ctl-client.cjs' },
    files: ['*.cjs', '*.mjs'],
    optionalDependencies: { pkcs11js: pkg.dependencies.pkcs11js },
  });
  await writeFile(join(out, 'README.md'), cliPackageReadme());
  return out;
}

/**
 * The provider's one file: the dispatcher (provider/cli/main.ts) with its `import('./commands')`
 * turned into a call of __ctlProviderCommands(), and the commands' bundle (provider/cli/commands.ts)
 * appended as the body of a function declaration, the file's tail. Its only free names are its
 * parameters (and globals): bin/launch.cjs reads and compiles the text before the tail alone
 * and binds the declaration's name to a loader of the rest (build-inputs.json notes where the
 * tail starts), so `ctl-provider --help` neither reads nor compiles the server. Run by Node
 * directly, V8 compiles the declaration only when it is first called.
 */
const providerCommandsCall = {
  name: 'provider-commands-call',
  setup(builder) {
    builder.onResolve({ filter: /^\.\/commands$/ }, (args) => (args.importer.endsWith(join('provider', 'cli', 'main.ts'))
      ? { path: 'commands', namespace: 'provider-commands' }
      : undefined));
    builder.onLoad({ filter: /.*/, namespace: 'provider-commands' }, () => ({ contents: 'module.exports = __ctlProviderCommands();', loader: 'js' }));
  },
};

const PROVIDER_TAIL = '__ctlProviderCommandsBody';

/** The glue and the tail: the text after the dispatcher. */
function providerCommandsFunction(body) {
  const glue = `
var __ctlProviderCommandsExports;
function __ctlProviderCommands() {
  if (__ctlProviderCommandsExports === undefined) {
    const module = { exports: {} };
    ${PROVIDER_TAIL}(module, module.exports, require, __ctlImportMetaUrl);
    __ctlProviderCommandsExports = module.exports;
  }
  return __ctlProviderCommandsExports;
}
`;
  return { glue, tail: `function ${PROVIDER_TAIL}(module, exports, require, __ctlImportMetaUrl) {\n${body}\n}\n` };
}

async function buildProvider() {
  const out = join(root, 'dist', 'provider');
  await rm(out, { recursive: true, force: true });
  await mkdir(out, { recursive: true });
  const file = join(out, 'ctl-provider.cjs');
  // One file: no native module, no package to install on the TFTP host.
  const [dispatcher, commands] = await Promise.all([
    build({ ...common, ...commonJs, entryPoints: ['provider/cli/main.ts'], outfile: file, external: [], plugins: [...common.plugins, providerCommandsCall], write: false }),
    // No banner: the body runs inside the dispatcher's file, under its require and import.meta.url.
    build({ ...common, ...commonJs, banner: {}, entryPoints: ['provider/cli/commands.ts'], outfile: join(out, 'commands.cjs'), external: [], write: false }),
  ]);
  const { glue, tail } = providerCommandsFunction(commands.outputFiles[0].text);
  const head = dispatcher.outputFiles[0].text + glue;
  await writeFile(file, head + tail);
  const metafile = {
    inputs: { ...dispatcher.metafile.inputs, ...commands.metafile.inputs },
    outputs: { ...dispatcher.metafile.outputs, ...commands.metafile.outputs },
  };
  const inputs = await buildInputs(metafile, file);
  inputs.entry = [...new Set([...inputs.entry, ...repositoryFiles(commands.metafile.inputs)])].sort();
  // Where bin/launch.cjs finds the tail: a byte offset (the file is ASCII).
  inputs.tail = { offset: Buffer.byteLength(head), name: PROVIDER_TAIL };
  await writeJson(join(out, 'build-inputs.json'), inputs);
  await writeJson(join(out, 'metafile.json'), metafile);
  return out;
}

function cliPackageReadme() {
  return `# ctl-client ${pkg.version}

Command line of the open CTL Client: inspect, build and sign Cisco Certificate Trust Lists
(CTLFile.tlv) and publish them through a cluster's CTL Provider.

    npm install -g ./ctl-client-${pkg.version}.tgz
    ctl-client --help

Requires Node.js ${pkg.engines.node}. The token commands (\`tokens\`, \`build --token\`, \`run\`)
need the optional native module pkcs11js, built at install time (python3, make, g++); the
other commands work without it.
`;
}

const [client, provider] = await Promise.all([buildClient(), buildProvider()]);
console.log(`built ${client} (ctl-client package) and ${provider}/ctl-provider.cjs`);
