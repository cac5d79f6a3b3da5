// What the CTL Client needs from its electron-builder config, beyond the schema: every installer
// target and architecture, a package that holds the bundles and nothing of the sources, native
// modules rebuilt for Electron's ABI and kept out of the asar, the hardening fuses, the .tlv
// association, the installer behaviours the guide asks for. Each rule returns problems as text.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import type { BuilderConfig } from './config-shape';
import { asList, targetArchs } from './config-shape';

const require = createRequire(import.meta.url);

interface MinimatchLike {
  negate: boolean;
  match(path: string, partial?: boolean): boolean;
}
type MinimatchCtor = new (pattern: string, options: { dot: boolean }) => MinimatchLike;

/** electron-builder's own minimatch, so patterns mean here what they mean when packaging. */
let minimatchCtor: MinimatchCtor | undefined;
function builderMinimatch(): MinimatchCtor {
  if (minimatchCtor) return minimatchCtor;
  const libPkg = require.resolve('app-builder-lib/package.json', { paths: [dirname(require.resolve('electron-builder/package.json'))] });
  const mod = createRequire(libPkg)('minimatch') as { Minimatch: MinimatchCtor };
  minimatchCtor = mod.Minimatch;
  return minimatchCtor;
}

/** Ordered include/exclude evaluation, as electron-builder's file filter does it. */
export function matchesFilePatterns(path: string, patterns: readonly string[]): boolean {
  const Minimatch = builderMinimatch();
  let match = false;
  for (const pattern of patterns) {
    const mm = new Minimatch(pattern, { dot: true });
    if (match !== mm.negate) continue;
    match = mm.match(path);
  }
  return match;
}

export function matchesAny(path: string, patterns: readonly string[]): boolean {
  const Minimatch = builderMinimatch();
  return patterns.some((p) => new Minimatch(p, { dot: true }).match(path));
}

/** Paths that must end up in app.asar, and paths that must never ship. */
export const MUST_SHIP = [
  'dist/electron/main.cjs', 'dist/electron/preload.cjs', 'dist/electron/worker-entry.cjs', 'dist/renderer/index.html', 'dist/renderer/assets/index-0a1b2c.js', 'package.json'];
export const MUST_NOT_SHIP = [
  'electron/main/window.ts', 'electron/services/tokens/pkcs11.ts', 'renderer/main.tsx', 'shared/ctl/index.ts',
  'provider/server/main.ts', 'test/packaging/builder-config.test.ts', 'test/e2e/smoke.spec.ts', 'scripts/check-builder-config.ts',
  'docs/security.md', 'build/notarize.cjs', 'dist/electron/main.cjs.map', 'bin/ctl-client.cjs', 'electron-builder.yml',
  '.github/workflows/ci.yml', 'tsconfig.json',
];
/** Run-time files of the native modules: must not be filtered out and must be unpacked. */
export const NATIVE_RUNTIME = [
  'node_modules/pkcs11js/index.js', 'node_modules/pkcs11js/build/Release/pkcs11.node',
  'node_modules/usb/dist/index.js', 'node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node',
  'node_modules/usb/prebuilds/win32-x64/node.napi.node', 'node_modules/usb/prebuilds/darwin-x64+arm64/node.napi.node',
];
export const REQUIRED_UNPACK_PATTERNS = ['**/node_modules/pkcs11js/**', '**/node_modules/usb/**'];

/** Fuse → required value (docs/security.md, "Fuses"). */
export const REQUIRED_FUSES: Readonly<Record<string, boolean>> = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
};

/** Installer targets and the architectures each must be built for. */
export const REQUIRED_TARGETS: ReadonlyArray<{ platform: 'win' | 'mac' | 'linux'; target: string; archs: string[] }> = [
  { platform: 'win', target: 'nsis', archs: ['x64', 'arm64'] },
  { platform: 'mac', target: 'dmg', archs: ['x64', 'arm64'] },
  { platform: 'linux', target: 'appimage', archs: ['x64'] },
  { platform: 'linux', target: 'deb', archs: ['x64'] },
];

/**
 * The only packages the .deb may depend on, each for a reason (docs/packaging.md, "Linux").
 * An alternative "a | b" is allowed when every name in it is listed.
 */
export const DEB_ALLOWED: Readonly<Record<string, string>> = {
  'libgtk-3-0': 'Electron window, dialogs (pulls X11, cairo, pango, at-spi)',
  'libgtk-3-0t64': 'same, name on Debian 13 / Ubuntu 24.04',
  libnss3: "Chromium's certificate and TLS store",
  libgbm1: 'GPU buffer management Chromium links against',
  libasound2: 'ALSA, linked by Chromium even without sound',
  libasound2t64: 'same, name on Debian 13 / Ubuntu 24.04',
  libxtst6: 'X test extension, linked by Chromium',
  libudev1: 'usb (hot-plug of security tokens) links libudev',
};
export const DEB_REQUIRED = ['libnss3', 'libudev1'];

function ruleIdentity(c: BuilderConfig, pkg: PackageFacts): string[] {
  const problems: string[] = [];
  if (!c.appId || !/^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$/i.test(c.appId)) problems.push(`appId must be a reverse-DNS id, got ${JSON.stringify(c.appId)}`);
  if (c.productName !== pkg.productName) problems.push(`productName ${JSON.stringify(c.productName)} differs from package.json productName ${JSON.stringify(pkg.productName)}`);
  return problems;
}

function ruleElectronPin(c: BuilderConfig, pkg: PackageFacts): string[] {
  const problems: string[] = [];
  const pinned = pkg.electronRange;
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) {
    problems.push(`package.json devDependencies.electron must be an exact version (native modules are built for one ABI), got ${JSON.stringify(pinned)}`);
  }
  if (c.electronVersion !== pinned) problems.push(`electronVersion ${JSON.stringify(c.electronVersion)} must equal package.json's electron ${JSON.stringify(pinned)}`);
  if (pkg.electronInstalled !== undefined && pkg.electronInstalled !== pinned) {
    problems.push(`installed electron is ${pkg.electronInstalled}, package.json pins ${JSON.stringify(pinned)}: run npm ci`);
  }
  return problems;
}

function ruleTargets(c: BuilderConfig): string[] {
  const problems: string[] = [];
  for (const need of REQUIRED_TARGETS) {
    const archs = targetArchs(c[need.platform]?.target).get(need.target);
    if (!archs) {
      problems.push(`${need.platform}.target lacks ${need.target}`);
      continue;
    }
    for (const arch of need.archs) if (!archs.has(arch)) problems.push(`${need.platform}.target ${need.target} lacks arch ${arch}`);
  }
  return problems;
}

function ruleFiles(c: BuilderConfig): string[] {
  const problems: string[] = [];
  const files = c.files;
  if (!Array.isArray(files) || files.some((f) => typeof f !== 'string')) return ['files must be a list of glob patterns'];
  const patterns = files.filter((f): f is string => typeof f === 'string');
  for (const path of MUST_SHIP) if (!matchesFilePatterns(path, patterns)) problems.push(`files does not include ${path}`);
  for (const path of MUST_NOT_SHIP) if (matchesFilePatterns(path, patterns)) problems.push(`files would ship ${path}`);
  const negations = patterns.filter((p) => p.startsWith('!')).map((p) => p.slice(1));
  for (const path of NATIVE_RUNTIME) if (matchesAny(path, negations)) problems.push(`files excludes the native run-time file ${path}`);
  return problems;
}

function ruleNative(c: BuilderConfig): string[] {
  const problems: string[] = [];
  if (c.asar === false || c.asar === null) problems.push('asar must be on (onlyLoadAppFromAsar and asar integrity depend on it)');
  const unpack = asList(c.asarUnpack);
  for (const pattern of REQUIRED_UNPACK_PATTERNS) if (!unpack.includes(pattern)) problems.push(`asarUnpack lacks ${pattern}`);
  for (const path of NATIVE_RUNTIME) if (!matchesAny(path, unpack)) problems.push(`asarUnpack does not unpack ${path}`);
  if (c.npmRebuild !== true) problems.push('npmRebuild must be true: native modules are rebuilt for Electron, not the Node that ran npm ci');
  if (c.buildDependenciesFromSource !== true) problems.push('buildDependenciesFromSource must be true: pkcs11js ships no prebuilt binary for Electron');
  if (c.nodeGypRebuild === true) problems.push('nodeGypRebuild must stay false: the app has no binding.gyp of its own');
  if (c.nativeRebuilder === 'legacy') problems.push('nativeRebuilder must not be legacy (it ignores electronVersion headers)');
  return problems;
}

function ruleFuses(c: BuilderConfig): string[] {
  const fuses = c.electronFuses;
  if (!fuses) return ['electronFuses is missing'];
  return Object.entries(REQUIRED_FUSES)
    .filter(([name, value]) => fuses[name] !== value)
    .map(([name, value]) => `electronFuses.${name} must be ${String(value)}, got ${JSON.stringify(fuses[name])}`);
}

function ruleFileAssociation(c: BuilderConfig): string[] {
  const list = c.fileAssociations === undefined ? [] : Array.isArray(c.fileAssociations) ? c.fileAssociations : [c.fileAssociations];
  const tlv = list.find((a) => asList(a.ext).map((e) => e.replace(/^\./, '').toLowerCase()).includes('tlv'));
  if (!tlv) return ['fileAssociations must associate .tlv (opens the inspector)'];
  const problems: string[] = [];
  if (!tlv.name) problems.push('the .tlv file association needs a name');
  if (!tlv.mimeType) problems.push('the .tlv file association needs a mimeType (Linux desktop entry and shared-mime-info)');
  if (tlv.role && tlv.role !== 'Viewer' && tlv.role !== 'Editor') problems.push(`the .tlv association role ${tlv.role} is not Viewer or Editor`);
  return problems;
}

function ruleInstallers(c: BuilderConfig): string[] {
  const problems: string[] = [];
  const nsis = c.nsis ?? {};
  if (nsis.oneClick !== false) problems.push('nsis.oneClick must be false (assisted installer with the per-user/per-machine page)');
  if (nsis.perMachine !== false) problems.push('nsis.perMachine must be false so the installer offers the per-user or per-machine choice');
  if (nsis.allowElevation !== true) problems.push('nsis.allowElevation must be true (per-machine installs elevate)');
  if (nsis.deleteAppDataOnUninstall !== false) problems.push('nsis.deleteAppDataOnUninstall must be false: uninstalling keeps settings and CTL files');
  if (nsis.createStartMenuShortcut === false) problems.push('nsis.createStartMenuShortcut must not be false');
  const mac = c.mac ?? {};
  if (mac.hardenedRuntime !== true) problems.push('mac.hardenedRuntime must be true (required for notarization)');
  if (!mac.entitlements) problems.push('mac.entitlements must name the entitlements plist');
  if (!mac.entitlementsInherit) problems.push('mac.entitlementsInherit must name the helpers\' entitlements plist');
  if (mac.notarize === true) problems.push('mac.notarize must not be true: notarization runs from the afterSign hook, driven by env vars');
  const linux = c.linux ?? {};
  if (!linux.executableName) problems.push('linux.executableName must be set (the desktop entry Exec and /usr/bin link use it)');
  const entry = linux.desktop?.entry ?? {};
  for (const key of ['Name', 'Comment', 'Categories']) if (!entry[key]) problems.push(`linux.desktop.entry lacks ${key}`);
  if (!c.afterSign) problems.push('afterSign must name the notarize hook');
  if (c.publish !== null) problems.push('publish must be null: releases are attached by the CI workflow, never from a workstation');
  return problems;
}

function ruleDebDepends(c: BuilderConfig): string[] {
  const depends = c.deb?.depends;
  if (!depends || depends.length === 0) return ['deb.depends must be listed explicitly (electron-builder\'s default pulls packages the app does not use)'];
  const problems: string[] = [];
  const named = new Set<string>();
  for (const dep of depends) {
    for (const alt of dep.split('|').map((s) => s.trim().replace(/\s*\(.*\)$/, ''))) {
      named.add(alt);
      if (!(alt in DEB_ALLOWED)) problems.push(`deb.depends names ${alt}, which the app does not need (allowed: ${Object.keys(DEB_ALLOWED).join(', ')})`);
    }
  }
  for (const need of DEB_REQUIRED) if (!named.has(need)) problems.push(`deb.depends lacks ${need} (${DEB_ALLOWED[need] ?? ''})`);
  return problems;
}

export interface PackageFacts {
  productName: string | undefined;
  electronRange: string | undefined;
  electronInstalled: string | undefined;
}

export function configProblems(config: BuilderConfig, pkg: PackageFacts): string[] {
  return [
    ...ruleIdentity(config, pkg),
    ...ruleElectronPin(config, pkg),
    ...ruleTargets(config),
    ...ruleFiles(config),
    ...ruleNative(config),
    ...ruleFuses(config),
    ...ruleFileAssociation(config),
    ...ruleInstallers(config),
    ...ruleDebDepends(config),
  ];
}
