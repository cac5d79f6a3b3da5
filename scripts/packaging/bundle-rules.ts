// Checks the esbuild output when it exists (dist/electron): native modules must stay external
// (loaded from node_modules at run time, where electron-builder rebuilt and unpacked them), and
// the bundles may load nothing else at run time but Electron and Node's built-ins, because the
// package ships their dependencies only as far as `files` lets them through.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

export const NATIVE_MODULES = ['pkcs11js', 'usb'];
/** Bundle → the bare modules it may load at run time. */
export const BUNDLES: Readonly<Record<string, readonly string[]>> = {
  // cpu-features: ssh2's optional native CPU probe, required inside try/catch; absent, ssh2
  // picks its cipher order without it (the app ships without the native add-on).
  'main.cjs': ['electron', ...NATIVE_MODULES, 'cpu-features'],
  'worker-entry.cjs': NATIVE_MODULES,
  // A sandboxed preload can require only a handful of modules; ours needs electron alone.
  'preload.cjs': ['electron'],
};

/** Development and test code that must never reach a shipped bundle (esbuild marks each source). */
export const DEV_ONLY_SOURCES = ['electron/dev-web/', 'provider/', 'test/'];

const BUILTINS = new Set(builtinModules);
// require("x") / require2("x") (esbuild renames require), import("x"), and static ESM imports
// at the start of a line; a "from 'x'" inside a string or message is not an import.
const SPECIFIERS = [
  /\brequire\d*\(\s*["']([^"']+)["']\s*\)/g,
  /\bimport\(\s*["']([^"']+)["']\s*\)/g,
  /^\s*(?:import|export)\s[^;'"]*?\bfrom\s*["']([^"']+)["']/gm,
  /^\s*import\s*["']([^"']+)["']/gm,
];

function packageName(specifier: string): string {
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : (parts[0] ?? specifier);
}

/** Bare modules a bundle loads at run time (built-ins removed). */
export function runtimeModules(code: string): string[] {
  const found = new Set<string>();
  for (const pattern of SPECIFIERS) {
    for (const m of code.matchAll(pattern)) {
      const spec = m[1] ?? '';
      if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('node:') || BUILTINS.has(spec)) continue;
      found.add(packageName(spec));
    }
  }
  return [...found].sort();
}

/** Native modules whose JavaScript esbuild copied into the bundle (it marks each source file). */
export function inlinedNative(code: string): string[] {
  return [...NATIVE_MODULES, 'node-gyp-build'].filter((name) => code.includes(`// node_modules/${name}/`));
}

/** Development-only sources esbuild pulled into a bundle. */
export function devOnlySources(code: string): string[] {
  return DEV_ONLY_SOURCES.filter((prefix) => new RegExp(`^// ${prefix.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}`, 'm').test(code));
}

export interface BundleReport {
  checked: string[];
  problems: string[];
  /** Advice that does not fail the check (features the config promises but the app may lack). */
  notes: string[];
}

/**
 * The installers associate .tlv with the app; the OS then starts it with the file path in argv
 * (Windows, Linux) or sends an 'open-file' event (macOS). A main bundle that handles neither
 * ignores the double-clicked file.
 */
export function fileOpenNotes(mainCode: string): string[] {
  const notes: string[] = [];
  if (!mainCode.includes('open-file')) notes.push("main.cjs does not listen for 'open-file': a .tlv opened from Finder will not reach the inspector");
  if (!/\bargv\b/.test(mainCode)) {
    notes.push('main.cjs does not read argv: a .tlv opened from Explorer or a file manager will not reach the inspector');
  }
  return notes;
}

export async function bundleProblems(root: string): Promise<BundleReport> {
  const dir = join(root, 'dist', 'electron');
  const checked: string[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const [file, allowed] of Object.entries(BUNDLES)) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    checked.push(file);
    const code = await readFile(path, 'utf8');
    if (file === 'main.cjs') notes.push(...fileOpenNotes(code));
    for (const name of inlinedNative(code)) problems.push(`dist/electron/${file} bundles ${name}: keep it external (it must be rebuilt for Electron and unpacked)`);
    for (const source of devOnlySources(code)) problems.push(`dist/electron/${file} contains development-only code from ${source}`);
    for (const name of runtimeModules(code)) {
      if (!allowed.includes(name)) problems.push(`dist/electron/${file} loads ${name} at run time; bundle it or keep it in the allowed list with a reason`);
    }
  }
  return { checked, problems, notes };
}
