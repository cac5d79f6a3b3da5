// Which PKCS#11 library the app may load into the process that receives token PINs: a path
// of the known-vendor table (module-table.ts) or one the administrator confirmed in a main
// process dialog; never a network path (a share an attacker could swap the library on).
// Only the main process sets it (file dialog, or the command line's option); the renderer
// can ask for the dialog but never names a path.
import { knownModules } from './module-table';

export type ModuleRefusal = 'not-absolute' | 'network-path';

/** UNC and device paths in either slash style (\\host\share, //host/share, \\?\UNC\…, \\.\…). */
export function isNetworkPath(path: string): boolean {
  return /^[\\/]{2}/.test(path);
}

export function isAbsoluteModulePath(path: string, platform: NodeJS.Platform = process.platform): boolean {
  return platform === 'win32' ? /^[A-Za-z]:[\\/]/.test(path) : path.startsWith('/');
}

/** Refusal of a path whatever anyone confirms, or null. */
export function refuseModulePath(path: string, platform: NodeJS.Platform = process.platform): ModuleRefusal | null {
  if (isNetworkPath(path)) return 'network-path';
  if (!isAbsoluteModulePath(path, platform)) return 'not-absolute';
  return null;
}

const samePath = (a: string, b: string, platform: NodeJS.Platform) =>
  platform === 'win32' ? a.replace(/\//g, '\\').toLowerCase() === b.replace(/\//g, '\\').toLowerCase() : a === b;

export function isKnownModulePath(path: string, platform: NodeJS.Platform = process.platform, arch: string = process.arch): boolean {
  return knownModules(platform, arch).some((m) => m.paths.some((p) => samePath(p, path, platform)));
}

/**
 * The settings' module path if it may be loaded, else null (the known modules are tried
 * instead): a settings file edited to name a share or an unconfirmed library does not load it.
 */
export function allowedSettingsModule(settings: { pkcs11Module: string | null; confirmedPkcs11Modules: readonly string[] },
  warn: (line: string) => void = (line) => console.warn(line)): string | null {
  const path = settings.pkcs11Module;
  if (path === null) return null;
  const allowance = moduleAllowance(path, settings.confirmedPkcs11Modules);
  if (allowance.allowed) return path;
  warn(`settings: the PKCS#11 module ${JSON.stringify(path)} is not loaded (${allowance.why}); choose it again in the app`);
  return null;
}

export type ModuleAllowance =
  | { allowed: true; why: 'known' | 'confirmed' }
  | { allowed: false; why: ModuleRefusal | 'unconfirmed' };

/** Whether `path` may be loaded: refused paths never; known ones always; others once confirmed. */
export function moduleAllowance(path: string, confirmed: readonly string[],
  platform: NodeJS.Platform = process.platform, arch: string = process.arch): ModuleAllowance {
  const refusal = refuseModulePath(path, platform);
  if (refusal) return { allowed: false, why: refusal };
  if (isKnownModulePath(path, platform, arch)) return { allowed: true, why: 'known' };
  if (confirmed.some((c) => samePath(c, path, platform))) return { allowed: true, why: 'confirmed' };
  return { allowed: false, why: 'unconfirmed' };
}
