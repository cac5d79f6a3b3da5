// Runs @doyensec/electronegativity over the desktop app's own code, offline and repeatably:
// - the app's sources (electron/, renderer/, shared/) are copied into a scratch folder with a
//   package.json naming the pinned Electron, so the scan sees the app and nothing of node_modules;
// - the tool's two network calls (translation download, Electron release list) are replaced by
//   an immediate failure, and the release-list check (AVAILABLE_SECURITY_FIXES) is excluded:
//   Electron updates are a release-process duty (docs/security.md), not a unit-test result.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { Module, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { z } from 'zod';

const require = createRequire(import.meta.url);

export const SCANNED_DIRS = ['electron', 'renderer', 'shared'];
export const EXCLUDED_CHECKS = ['AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK'];
const SCANNED_EXTENSIONS = /\.(?:[cm]?js|jsx|ts|tsx|html?)$/;

export type Severity = 'HIGH' | 'MEDIUM' | 'LOW' | 'INFORMATIONAL';

export interface Finding {
  id: string;
  severity: Severity;
  confidence: string;
  /** Path relative to the repository root. */
  file: string;
  line: number;
  column: number;
  description: string;
  manualReview: boolean;
}

export interface ScanResult {
  electronVersion: string;
  filesScanned: number;
  findings: Finding[];
  /** Files the tool could not parse; a file it cannot read is a file it did not check. */
  parseErrors: Array<{ file: string; message: string }>;
}

const issueShape = z.object({
  id: z.string(),
  file: z.string(),
  location: z.object({ line: z.number(), column: z.number() }),
  severity: z.object({ name: z.enum(['HIGH', 'MEDIUM', 'LOW', 'INFORMATIONAL']) }),
  confidence: z.object({ name: z.string() }),
  description: z.string(),
  manualReview: z.boolean().optional(),
});
const runResultShape = z.object({
  issues: z.array(issueShape),
  errors: z.array(z.object({ file: z.string(), message: z.string(), tolerable: z.boolean().optional() })),
});

type Runner = (options: Record<string, unknown>) => Promise<unknown>;

/** Loads the tool with its HTTP client replaced by one that fails at once (no network here). */
function loadOfflineRunner(): Runner {
  const runnerPath = require.resolve('@doyensec/electronegativity/dist/runner.js');
  const toolRequire = createRequire(join(dirname(runnerPath), 'locales', 'i18n.js'));
  const gotPath = toolRequire.resolve('got');
  if (!require.cache[gotPath]) {
    const offline = new Module(gotPath);
    offline.exports = (): Promise<never> => Promise.reject(new Error('electronegativity runs offline here'));
    offline.loaded = true;
    require.cache[gotPath] = offline;
  }
  const loaded = toolRequire(runnerPath) as Runner | { default: Runner };
  return typeof loaded === 'function' ? loaded : loaded.default;
}

async function copySources(root: string, stage: string): Promise<number> {
  let count = 0;
  for (const dir of SCANNED_DIRS) {
    const from = join(root, dir);
    const entries = await readdir(from, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || !SCANNED_EXTENSIONS.test(entry.name)) continue;
      const source = join(entry.parentPath, entry.name);
      const rel = relative(root, source);
      if (rel.split(/[\\/]/).includes('node_modules')) continue;
      // The tool reads .js but not .cjs/.mjs: stage those as name.cjs.js and map back after.
      await cp(source, join(stage, /\.[cm]js$/.test(rel) ? `${rel}.js` : rel));
      count += 1;
    }
  }
  return count;
}

async function pinnedElectron(root: string): Promise<string> {
  const pkg = z.object({ devDependencies: z.record(z.string(), z.string()) }).parse(JSON.parse(await readFile(join(root, 'package.json'), 'utf8')));
  const version = pkg.devDependencies.electron;
  if (!version || !/^\d+\.\d+\.\d+$/.test(version)) throw new Error(`package.json must pin electron to an exact version, got ${String(version)}`);
  return version;
}

/** Scans `root`'s app sources; `root` defaults to the repository. */
export async function scanApp(root: string): Promise<ScanResult> {
  const electronVersion = await pinnedElectron(root);
  const stage = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  const quiet = console.log;
  try {
    const filesScanned = await copySources(root, stage);
    await writeFile(join(stage, 'package.json'), JSON.stringify({ name: 'ctl-client-scan', private: true, devDependencies: { electron: electronVersion } }));
    const run = loadOfflineRunner();
    // The tool reports its failed download on stdout; the scan result says all that matters.
    console.log = () => undefined;
    const raw = await run({
      input: stage,
      output: undefined,
      isSarif: false,
      isRelative: true,
      customScan: [],
      excludeFromScan: EXCLUDED_CHECKS.map((c) => c.replace(/_/g, '').toLowerCase()),
      electronVersionOverride: electronVersion,
      parserPlugins: [],
      severitySet: 'INFORMATIONAL',
      confidenceSet: 'TENTATIVE',
    });
    console.log = quiet;
    const result = runResultShape.parse(raw);
    const toRepo = (file: string): string => (file === 'N/A' ? file : file.replace(/\\/g, '/').replace(/\.([cm]js)\.js$/, '.$1'));
    const findings = result.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: toRepo(i.file),
      line: i.location.line,
      column: i.location.column,
      description: i.description,
      manualReview: i.manualReview ?? false,
    }));
    const parseErrors = result.errors.filter((e) => e.tolerable !== true).map((e) => ({ file: toRepo(relative(stage, e.file)), message: e.message }));
    return { electronVersion, filesScanned, findings, parseErrors };
  } finally {
    console.log = quiet;
    await rm(stage, { recursive: true, force: true });
  }
}
