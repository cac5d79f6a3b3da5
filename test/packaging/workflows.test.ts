// The CI workflows cannot run here, so their structure is checked: the jobs the issue asks for
// exist, and every npm script and repository file they call exists (a renamed script would
// otherwise only fail on the forge).
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { load } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';

const ROOT = resolve(import.meta.dirname, '../..');

const step = z.looseObject({ name: z.string().optional(), if: z.string().optional(), run: z.string().optional(), uses: z.string().optional() });
const job = z.looseObject({
  'runs-on': z.string(),
  strategy: z.looseObject({ matrix: z.looseObject({}) }).optional(),
  steps: z.array(step),
});
const workflow = z.looseObject({ on: z.unknown(), permissions: z.record(z.string(), z.string()), jobs: z.record(z.string(), job) });
type Workflow = z.infer<typeof workflow>;

async function readWorkflow(name: string): Promise<Workflow> {
  return workflow.parse(load(await readFile(join(ROOT, '.github', 'workflows', name), 'utf8')));
}

function allRuns(wf: Workflow): string {
  return Object.values(wf.jobs).flatMap((j) => j.steps.map((s) => s.run ?? '')).join('\n');
}

async function scripts(): Promise<Record<string, string>> {
  return z.object({ scripts: z.record(z.string(), z.string()) }).parse(JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'))).scripts;
}

describe('.github/workflows/ci.yml', () => {
  it('tests on ubuntu, windows and macos with SoftHSM installed on each', async () => {
    const wf = await readWorkflow('ci.yml');
    const test = wf.jobs.test;
    expect(test?.strategy?.matrix.os).toEqual(['ubuntu-latest', 'windows-latest', 'macos-latest']);
    const steps = test?.steps ?? [];
    const softhsm = (os: string) => steps.find((s) => s.if === `runner.os == '${os}'` && (s.name ?? '').startsWith('Install SoftHSM'));
    expect(softhsm('Linux')?.run).toContain('apt-get install');
    expect(softhsm('macOS')?.run).toContain('brew install softhsm');
    expect(softhsm('Windows')?.run).toContain('msiexec');
    const runs = allRuns(wf);
    expect(runs).toContain('npm ci');
    // npm test runs the Node and the browser suites (with the Electron smoke test), so the
    // browser must be found first, and Linux runs it under Xvfb.
    expect(runs).toMatch(/^npm test$/m);
    expect(runs).toMatch(/^xvfb-run .* npm test$/m);
    const names = steps.map((s) => s.name ?? '');
    const browserStep = names.findIndex((n) => n.startsWith('Browser for the Playwright tests'));
    const testStep = names.findIndex((n) => n.startsWith('Lint, type-check, tests'));
    expect(browserStep).toBeGreaterThanOrEqual(0);
    expect(browserStep).toBeLessThan(testStep);
    expect(wf.permissions).toEqual({ contents: 'read' });
  });
});

describe('.github/workflows/release.yml', () => {
  it('builds every installer on a v* tag and attaches them to a release', async () => {
    const wf = await readWorkflow('release.yml');
    expect(wf.on).toEqual({ push: { tags: ['v*'] } });
    const matrix = z.array(z.object({ os: z.string(), args: z.string() }).loose()).parse(wf.jobs.installers?.strategy?.matrix.include);
    const args = matrix.map((m) => m.args).join(' ');
    for (const want of ['--win nsis --x64 --arm64', '--mac dmg --x64 --arm64', '--linux AppImage deb --x64', '--linux AppImage deb --arm64']) {
      expect(args).toContain(want);
    }
    const runs = allRuns(wf);
    expect(runs).toContain('--publish never');
    expect(runs).toContain('gh release create');
    expect(wf.permissions).toEqual({ contents: 'read' });
  });
});

describe('both workflows', () => {
  it('call only npm scripts and repository files that exist', async () => {
    const known = await scripts();
    for (const name of ['ci.yml', 'release.yml']) {
      const runs = allRuns(await readWorkflow(name));
      for (const m of runs.matchAll(/npm run ([\w:.-]+)/g)) expect(Object.keys(known), `${name}: npm run ${m[1]}`).toContain(m[1]);
      for (const m of runs.matchAll(/(?:npx tsx|node|bash) ((?:scripts|bin)\/[\w./-]+)/g)) {
        expect(existsSync(join(ROOT, m[1] ?? '')), `${name}: ${m[1]}`).toBe(true);
      }
    }
  });

  it('install with npm 11 (install scripts gated by allowScripts) and npm ci only', async () => {
    for (const name of ['ci.yml', 'release.yml']) {
      const runs = allRuns(await readWorkflow(name));
      const npm11 = runs.indexOf('npm install -g npm@11');
      const ci = runs.indexOf('npm ci');
      expect(npm11, name).toBeGreaterThanOrEqual(0);
      expect(ci, name).toBeGreaterThan(npm11);
      expect(runs, name).not.toMatch(/\bnpm (?:install|i)\b(?! -g npm@)/);
    }
  });

  it('use actions by tag and never print a secret', async () => {
    for (const name of ['ci.yml', 'release.yml']) {
      const wf = await readWorkflow(name);
      for (const s of Object.values(wf.jobs).flatMap((j) => j.steps)) {
        if (s.uses) expect(s.uses, s.uses).toMatch(/^actions\/[\w-]+@v\d+$/);
        expect(s.run ?? '', s.name).not.toMatch(/echo\s+["']?\$\{\{\s*secrets\./);
      }
    }
  });
});
