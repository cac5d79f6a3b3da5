// Chooses and loads the PKCS#11 module. Precedence: an explicit path (CLI --module), the
// CTL_PKCS11_MODULE environment variable, the settings value, then the known-module table.
// An explicit choice that fails is an error (silently using another vendor's module would
// hide a misconfiguration); table entries fall back in order.
import { isNetworkPath } from './module-policy';
import { existsSync, realpathSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename } from 'node:path';
import { CKF_TOKEN_INITIALIZED } from './constants';
import { TokenError } from './errors';
import { knownModules, type ModuleCandidate } from './module-table';
import type { LoadedModule, Pkcs11Api } from './pkcs11-api';
import { msg } from '../../../shared/session/messages';

export interface ModuleChoice {
  /** --module or a caller's explicit path. */
  explicitPath?: string | undefined;
  /** Path saved in the application settings. */
  settingsPath?: string | undefined;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  /** Replaces the known-module table (tests). */
  candidates?: ModuleCandidate[];
  /** Replaces the file-exists check of table paths (tests). */
  exists?: (path: string) => boolean;
}

export type ModuleOpener = (path: string, name: string) => LoadedModule;

interface PkcsBinding {
  PKCS11: new () => Pkcs11Api & { load(path: string): void; close(): void };
}

/**
 * The pkcs11js native binding, required lazily (tests of the fake never load it). It is an
 * optional dependency of the ctl-client package (it needs a C++ toolchain to install), so its
 * absence is said as such rather than as a failure of every PKCS#11 module tried.
 */
function pkcs11jsBinding(): PkcsBinding {
  try {
    return createRequire(import.meta.url)('pkcs11js') as PkcsBinding;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw error;
    throw new TokenError('module-load-failed', 'Tokens cannot be used: the native module pkcs11js is not installed '
      + '(it is built when ctl-client is installed, which needs python3, make and g++; install them, then install ctl-client again).',
    { problem: msg('token-problem.pkcs11js-missing'), cause: error });
  }
}

/** Loads a module with pkcs11js. */
export const openPkcs11js: ModuleOpener = (path, name) => {
  const binding = pkcs11jsBinding();
  const module = new binding.PKCS11();
  module.load(path);
  return { api: module, path, name, close: () => module.close() };
};

export interface ModuleSelection {
  module: LoadedModule;
  /** Where the choice came from, for the log line. */
  source: 'explicit' | 'env' | 'settings' | 'table';
  /** Paths tried before this one, with why they were skipped. */
  skipped: string[];
}

function describeFailure(error: unknown): string {
  return error instanceof Error ? error.message.split('\n')[0] ?? error.message : String(error);
}

/**
 * Loads and C_Initializes a module. From the table it prefers the first module that has a
 * token present (OpenSC may be installed beside the eToken middleware and see no token),
 * else the first one that loaded.
 */
export function selectModule(choice: ModuleChoice, open: ModuleOpener = openPkcs11js): ModuleSelection {
  const env = choice.env ?? process.env;
  if (open === openPkcs11js) pkcs11jsBinding(); // no binding: one clear error, not one per module
  const override: Array<[ModuleSelection['source'], string | undefined]> = [
    ['explicit', choice.explicitPath],
    ['env', env.CTL_PKCS11_MODULE],
    ['settings', choice.settingsPath],
  ];
  for (const [source, path] of override) {
    if (!path) continue;
    // Whoever names the library (--module, the environment, the settings), a network share is
    // never loaded into the process that receives PINs: anyone with write access there could swap it.
    if (isNetworkPath(path)) {
      throw new TokenError('module-load-failed', `The PKCS#11 module ${path} is on a network share; copy the vendor's library to this computer or install its middleware.`,
        { problem: msg('token-problem.module-on-share', { path }) });
    }
    try {
      const module = open(path, nameFor(path));
      initialize(module);
      return { module: { ...module, name: nameFor(path, module) }, source, skipped: [] };
    } catch (error) {
      const origin = source === 'env' ? 'the CTL_PKCS11_MODULE environment variable' : source === 'settings' ? 'the settings' : '--module';
      const from = msg(source === 'env' ? 'token-problem.from-env' : source === 'settings' ? 'token-problem.from-settings' : 'token-problem.from-option');
      throw new TokenError('module-load-failed', `Could not load the PKCS#11 module ${path} (from ${origin}): ${describeFailure(error)}.`,
        { problem: msg('token-problem.module-unloadable', { path, origin: from, detail: describeFailure(error) }), cause: error });
    }
  }

  const candidates = choice.candidates ?? knownModules(choice.platform, choice.arch);
  const exists = choice.exists ?? existsSync;
  const skipped: string[] = [];
  /** The paths tried, without the English reasons of `skipped` (the message's list). */
  const triedPaths: string[] = [];
  const seen = new Set<string>();
  let firstLoaded: LoadedModule | null = null;
  for (const candidate of candidates) {
    for (const path of candidate.paths) {
      triedPaths.push(path);
      if (!exists(path)) {
        skipped.push(`${path} (not installed)`);
        continue;
      }
      // Distros link one library under several names; loading it twice would share its state.
      const real = realPath(path);
      if (seen.has(real)) continue;
      seen.add(real);
      let module: LoadedModule;
      try {
        module = open(path, candidate.name);
        initialize(module);
      } catch (error) {
        skipped.push(`${path} (${describeFailure(error)})`);
        continue;
      }
      if (hasInitializedToken(module)) {
        if (firstLoaded) unload(firstLoaded);
        return { module, source: 'table', skipped };
      }
      skipped.push(`${path} (loaded, no token present)`);
      if (firstLoaded) unload(module);
      else firstLoaded = module;
      // This vendor's module works; its other paths would be the same product.
      break;
    }
  }
  if (firstLoaded) return { module: firstLoaded, source: 'table', skipped };

  const installs = [...new Set(candidates.map((c) => c.install))];
  const install = installs.join('; or ');
  const tried = skipped.length ? skipped.join(', ') : 'no known paths for this platform';
  throw new TokenError(
    'module-load-failed',
    `No PKCS#11 module could be loaded, so no token can be used. Tried: ${tried}. ` +
      `Install ${install || 'the token vendor\u2019s PKCS#11 middleware'}, or set CTL_PKCS11_MODULE to the module's path.`,
    { problem: msg('token-problem.no-module', {
      tried: triedPaths.length ? triedPaths.join(', ') : msg('token-problem.no-known-paths'),
      // Product names, as each vendor spells them.
      install: install ? installs.join(' / ') : msg('token-problem.vendor-middleware'),
    }) },
  );
}

function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}

/** A present, initialized token (SoftHSM always shows one empty, uninitialized slot). */
function hasInitializedToken(module: LoadedModule): boolean {
  try {
    return module.api.C_GetSlotList(true).some((slot) => (module.api.C_GetTokenInfo(slot).flags & CKF_TOKEN_INITIALIZED) !== 0);
  } catch {
    return false;
  }
}

/** The table's product name for a known path, else what the module says about itself. */
function nameFor(path: string, module?: LoadedModule): string {
  const base = basename(path);
  const known = knownModules().find((candidate) => candidate.paths.some((p) => basename(p) === base));
  if (known) return known.name;
  if (!module) return base;
  try {
    const info = module.api.C_GetInfo();
    return `${info.manufacturerID.trim()} ${info.libraryDescription.trim()}`.trim() || base;
  } catch {
    return base;
  }
}

function initialize(module: LoadedModule): void {
  try {
    module.api.C_Initialize();
  } catch (error) {
    try {
      module.close();
    } catch {
      // The library failed to initialize; closing is best effort.
    }
    throw error;
  }
}

export function unload(module: LoadedModule): void {
  try {
    module.api.C_Finalize();
  } catch {
    // Already finalized or the device vanished: unloading must still proceed.
  }
  try {
    module.close();
  } catch {
    // Best effort: the process may be exiting.
  }
}
