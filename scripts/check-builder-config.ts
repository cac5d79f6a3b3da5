// Validates electron-builder.yml where packaging itself cannot run (no Electron download here):
// the installed electron-builder's JSON schema, then the CTL Client's own requirements (targets,
// files, asarUnpack, fuses, native rebuild, installers, icons, entitlements, hooks), and the
// esbuild bundles in dist/electron and the page in dist/renderer when they are built.
// Usage: npx tsx scripts/check-builder-config.ts [root]   — exits 1 and lists problems if any.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { assetProblems } from './packaging/asset-rules';
import { loadBuilderConfig } from './packaging/builder-config';
import { bundleProblems } from './packaging/bundle-rules';
import { builderConfigShape } from './packaging/config-shape';
import { builtPageProblems } from './packaging/page-rules';
import { configProblems } from './packaging/config-rules';
import type { PackageFacts } from './packaging/config-rules';

export interface BuilderConfigReport {
  builderVersion: string;
  problems: string[];
  /** Bundles in dist/electron that were checked (empty when nothing is built yet). */
  bundlesChecked: string[];
  /** Advice that does not fail the check. */
  notes: string[];
}

const packageShape = z.looseObject({
  productName: z.string().optional(),
  devDependencies: z.record(z.string(), z.string()).optional(),
});

async function packageFacts(root: string): Promise<PackageFacts> {
  const pkg = packageShape.parse(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
  const installedPath = join(root, 'node_modules', 'electron', 'package.json');
  const installed = existsSync(installedPath)
    ? z.object({ version: z.string() }).parse(JSON.parse(await readFile(installedPath, 'utf8'))).version
    : undefined;
  return { productName: pkg.productName, electronRange: pkg.devDependencies?.electron, electronInstalled: installed };
}

export async function checkBuilderConfig(root: string, configFile = 'electron-builder.yml'): Promise<BuilderConfigReport> {
  const loaded = await loadBuilderConfig(root, configFile);
  if (loaded.schemaProblems.length > 0) {
    return { builderVersion: loaded.builderVersion, problems: loaded.schemaProblems.map((p) => `schema: ${p}`), bundlesChecked: [], notes: [] };
  }
  const parsed = builderConfigShape.safeParse(loaded.config);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `shape: ${i.path.join('.') || '(root)'}: ${i.message}`);
    return { builderVersion: loaded.builderVersion, problems, bundlesChecked: [], notes: [] };
  }
  const bundles = await bundleProblems(root);
  const page = await builtPageProblems(root);
  const problems = [
    ...configProblems(parsed.data, await packageFacts(root)),
    ...(await assetProblems(root, parsed.data)),
    ...bundles.problems,
    ...page.problems,
  ];
  const bundlesChecked = page.checked ? [...bundles.checked, 'renderer/index.html'] : bundles.checked;
  return { builderVersion: loaded.builderVersion, problems, bundlesChecked, notes: bundles.notes };
}

async function main(): Promise<void> {
  const root = resolve(process.argv[2] ?? '.');
  const report = await checkBuilderConfig(root);
  for (const note of report.notes) console.log(`note: ${note}`);
  if (report.problems.length > 0) {
    console.error(`electron-builder.yml: ${report.problems.length} problem(s) (schema of electron-builder ${report.builderVersion}):`);
    for (const p of report.problems) console.error(`  - ${p}`);
    process.exitCode = 1;
    return;
  }
  console.log(`electron-builder.yml: OK (schema of electron-builder ${report.builderVersion} and the app's packaging rules)`);
  console.log(
    report.bundlesChecked.length > 0
      ? `bundles: OK (${report.bundlesChecked.join(', ')}: native modules external, no unexpected run-time imports, strict page CSP)`
      : 'bundles: dist/electron not built, bundle rules skipped (npm run build:electron, then run this again)',
  );
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  await main();
}
