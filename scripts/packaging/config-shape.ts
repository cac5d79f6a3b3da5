// The parts of electron-builder.yml the app-specific rules read, parsed with zod after the JSON
// schema has accepted the document. Loose objects: options not listed here are the schema's job.
import { z } from 'zod';

const arch = z.union([z.string(), z.array(z.string())]);
const targetEntry = z.union([z.string(), z.looseObject({ target: z.string(), arch: arch.optional() })]);
const targets = z.union([targetEntry, z.array(targetEntry)]).optional();
const stringList = z.union([z.string(), z.array(z.string())]).nullable().optional();

const fileAssociation = z.looseObject({
  ext: z.union([z.string(), z.array(z.string())]),
  name: z.string().nullable().optional(),
  mimeType: z.string().nullable().optional(),
  role: z.string().optional(),
});

export const builderConfigShape = z.looseObject({
  appId: z.string().optional(),
  productName: z.string().optional(),
  electronVersion: z.string().nullable().optional(),
  files: z.union([z.string(), z.array(z.union([z.string(), z.looseObject({})]))]).nullable().optional(),
  asar: z.union([z.boolean(), z.looseObject({})]).nullable().optional(),
  asarUnpack: stringList,
  npmRebuild: z.boolean().optional(),
  nodeGypRebuild: z.boolean().optional(),
  buildDependenciesFromSource: z.boolean().optional(),
  nativeRebuilder: z.string().nullable().optional(),
  electronFuses: z.record(z.string(), z.boolean()).nullable().optional(),
  fileAssociations: z.union([fileAssociation, z.array(fileAssociation)]).optional(),
  afterSign: z.string().nullable().optional(),
  publish: z.unknown().optional(),
  win: z.looseObject({ target: targets, icon: z.string().nullable().optional() }).nullable().optional(),
  nsis: z.looseObject({
    oneClick: z.boolean().optional(),
    perMachine: z.boolean().optional(),
    allowElevation: z.boolean().optional(),
    deleteAppDataOnUninstall: z.boolean().optional(),
    createStartMenuShortcut: z.boolean().optional(),
    include: z.string().nullable().optional(),
  }).nullable().optional(),
  mac: z.looseObject({
    target: targets,
    icon: z.string().nullable().optional(),
    hardenedRuntime: z.boolean().optional(),
    entitlements: z.string().nullable().optional(),
    entitlementsInherit: z.string().nullable().optional(),
    notarize: z.boolean().optional(),
  }).nullable().optional(),
  linux: z.looseObject({
    target: targets,
    icon: z.string().nullable().optional(),
    executableName: z.string().nullable().optional(),
    desktop: z.looseObject({ entry: z.record(z.string(), z.string()).nullable().optional() }).nullable().optional(),
  }).nullable().optional(),
  deb: z.looseObject({ depends: z.array(z.string()).nullable().optional() }).nullable().optional(),
});

export type BuilderConfig = z.infer<typeof builderConfigShape>;

export function asList(value: string | string[] | null | undefined): string[] {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** Target name → the set of architectures it is built for (x64 when none is named). */
export type Targets = z.infer<typeof targets>;

export function targetArchs(value: Targets): Map<string, Set<string>> {
  const result = new Map<string, Set<string>>();
  const entries = value === undefined ? [] : Array.isArray(value) ? value : [value];
  for (const entry of entries) {
    const name = (typeof entry === 'string' ? entry : entry.target).toLowerCase();
    const archs = typeof entry === 'string' ? ['x64'] : asList(entry.arch ?? 'x64');
    const set = result.get(name) ?? new Set<string>();
    for (const a of archs) set.add(a);
    result.set(name, set);
  }
  return result;
}
