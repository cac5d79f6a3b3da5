// Checks the files the config points at: icons of the right formats and sizes, entitlements
// that grant only what the app needs, the NSIS include, and an afterSign hook that loads.
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { BuilderConfig } from './config-shape';
import { IconFormatError, icnsSizes, icoSizes, pngSize } from './icons';

export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];
export const ICNS_SIZES = [16, 32, 128, 256, 512, 1024];
export const LINUX_PNG_SIZES = [16, 32, 48, 64, 128, 256, 512];

/** Entitlements the main process needs (build/entitlements.mac.plist explains each). */
export const MAIN_ENTITLEMENTS = ['com.apple.security.cs.allow-jit', 'com.apple.security.cs.disable-library-validation'];
export const INHERIT_ENTITLEMENTS = ['com.apple.security.cs.allow-jit'];
/** Never granted: each reopens a code-injection path the hardened runtime closes. */
export const FORBIDDEN_ENTITLEMENTS = [
  'com.apple.security.cs.allow-dyld-environment-variables',
  'com.apple.security.get-task-allow',
  'com.apple.security.cs.allow-unsigned-executable-memory',
  'com.apple.security.cs.disable-executable-page-protection',
];

function missingSizes(have: number[], need: number[]): number[] {
  return need.filter((s) => !have.includes(s));
}

async function iconProblem(label: string, file: string, read: (bytes: Uint8Array) => number[], need: number[]): Promise<string[]> {
  if (!existsSync(file)) return [`${label} ${file} does not exist`];
  try {
    const missing = missingSizes(read(new Uint8Array(await readFile(file))), need);
    return missing.length === 0 ? [] : [`${label} ${file} lacks sizes ${missing.join(', ')}`];
  } catch (error) {
    if (error instanceof IconFormatError) return [`${label} ${file}: ${error.message}`];
    throw error;
  }
}

export async function iconProblems(root: string, c: BuilderConfig): Promise<string[]> {
  const problems: string[] = [];
  if (!c.win?.icon) problems.push('win.icon must be set');
  else problems.push(...(await iconProblem('win.icon', join(root, c.win.icon), icoSizes, ICO_SIZES)));
  if (!c.mac?.icon) problems.push('mac.icon must be set');
  else problems.push(...(await iconProblem('mac.icon', join(root, c.mac.icon), icnsSizes, ICNS_SIZES)));
  const master = join(root, 'build', 'icon.png');
  problems.push(...(await iconProblem('build/icon.png', master, (b) => {
    const s = pngSize(b);
    return s.width === s.height ? [s.width] : [];
  }, [1024])));
  if (!c.linux?.icon) return [...problems, 'linux.icon must name the folder of NxN.png icons'];
  const dir = join(root, c.linux.icon);
  if (!existsSync(dir)) return [...problems, `linux.icon folder ${dir} does not exist`];
  const names = new Set(await readdir(dir));
  for (const size of LINUX_PNG_SIZES) {
    const name = `${size}x${size}.png`;
    if (!names.has(name)) {
      problems.push(`linux.icon folder lacks ${name}`);
      continue;
    }
    try {
      const got = pngSize(new Uint8Array(await readFile(join(dir, name))));
      if (got.width !== size || got.height !== size) problems.push(`linux icon ${name} is really ${got.width}x${got.height}`);
    } catch (error) {
      if (error instanceof IconFormatError) problems.push(`linux icon ${name}: ${error.message}`);
      else throw error;
    }
  }
  return problems;
}

/** Keys set to <true/> in a property list (entitlements are flat dictionaries of booleans). */
export function plistTrueKeys(text: string): string[] {
  const keys: string[] = [];
  const withoutComments = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const m of withoutComments.matchAll(/<key>\s*([^<]+?)\s*<\/key>\s*<(true|false)\s*\/>/g)) {
    if (m[2] === 'true' && m[1] !== undefined) keys.push(m[1]);
  }
  return keys;
}

async function entitlementProblems(root: string, label: string, file: string | null | undefined, required: string[], allowed: string[]): Promise<string[]> {
  if (!file) return [];
  const path = join(root, file);
  if (!existsSync(path)) return [`${label} ${file} does not exist`];
  const text = await readFile(path, 'utf8');
  if (!text.includes('<plist') || !text.includes('<dict>')) return [`${label} ${file} is not a property list`];
  const granted = plistTrueKeys(text);
  const problems: string[] = [];
  for (const key of required) if (!granted.includes(key)) problems.push(`${label} ${file} lacks ${key}`);
  for (const key of granted) {
    if (FORBIDDEN_ENTITLEMENTS.includes(key)) problems.push(`${label} ${file} grants forbidden ${key}`);
    else if (!allowed.includes(key)) problems.push(`${label} ${file} grants ${key}, which the app does not need`);
  }
  return problems;
}

interface HookModule {
  (context: unknown): Promise<void>;
  notarizePlan?: (env: Record<string, string | undefined>) => { action: string };
}

async function hookProblems(root: string, c: BuilderConfig): Promise<string[]> {
  if (!c.afterSign) return [];
  const path = join(root, c.afterSign);
  if (!existsSync(path)) return [`afterSign hook ${c.afterSign} does not exist`];
  const hook = createRequire(import.meta.url)(path) as HookModule;
  if (typeof hook !== 'function') return [`afterSign hook ${c.afterSign} does not export a function`];
  if (typeof hook.notarizePlan !== 'function') return [`afterSign hook ${c.afterSign} does not export notarizePlan`];
  // Without credentials the hook must skip, not fail: unsigned builds stay possible.
  if (hook.notarizePlan({}).action !== 'skip') return [`afterSign hook ${c.afterSign} does not skip without credentials`];
  return [];
}

async function nsisIncludeProblems(root: string, c: BuilderConfig): Promise<string[]> {
  const include = c.nsis?.include;
  if (!include) return ['nsis.include must name build/installer.nsh'];
  const path = join(root, include);
  if (!existsSync(path)) return [`nsis.include ${include} does not exist`];
  const text = await readFile(path, 'utf8');
  // An uninstaller that deletes data would break the "uninstalling changes nothing" promise.
  const code = text.split('\n').filter((l) => !l.trim().startsWith(';')).join('\n');
  if (/\b(RMDir|Delete)\b/i.test(code)) return [`nsis.include ${include} deletes files; the uninstaller must keep settings and CTL files`];
  return [];
}

export async function assetProblems(root: string, c: BuilderConfig): Promise<string[]> {
  return [
    ...(await iconProblems(root, c)),
    ...(await entitlementProblems(root, 'mac.entitlements', c.mac?.entitlements, MAIN_ENTITLEMENTS, MAIN_ENTITLEMENTS)),
    ...(await entitlementProblems(root, 'mac.entitlementsInherit', c.mac?.entitlementsInherit, INHERIT_ENTITLEMENTS, INHERIT_ENTITLEMENTS)),
    ...(await hookProblems(root, c)),
    ...(await nsisIncludeProblems(root, c)),
  ];
}
