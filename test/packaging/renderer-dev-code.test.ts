// The development HTTP bridge and the demo panel belong to the web preview alone: the app's
// renderer build (the one packaged from dist/renderer) must hold neither, not even in a lazy
// chunk. Both builds go to scratch folders (the repository's dist/ is left alone); the preview
// build proves the marker strings are real, so the check on the app's build cannot pass by
// looking for strings that exist nowhere.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEV_TOKEN_META, WEB_PREVIEW_MODE } from '../../shared/ipc/dev-bridge';
import enDemo from '../../renderer/i18n/en-demo.json';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

/** Strings found only in the dev bridge (dev-http.ts, dev-bridge.ts) and the demo panel (its code, texts and styles). */
const MARKERS = {
  'dev bridge token meta': DEV_TOKEN_META,
  'dev bridge event stream': '/api/events',
  'demo token insertion route': '/demo/insert',
  'demo panel class': 'demo-panel',
  'demo panel first-node label': 'demo.firstNode',
  'demo panel text': enDemo.demo.intro,
  'demo panel style rule': '.demo-tokens label',
};

async function buildRenderer(outDir: string, mode?: string): Promise<void> {
  const args = [join(ROOT, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', join(ROOT, 'renderer', 'vite.config.ts'), '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'];
  if (mode) args.push('--mode', mode);
  const env = { ...process.env };
  delete env.NODE_ENV;
  await run(process.execPath, args, { cwd: ROOT, env });
}

/** Marker name → the scripts and style sheets (assets/*.js, *.css) holding it. */
async function markersIn(outDir: string): Promise<Record<string, string[]>> {
  const assets = join(outDir, 'assets');
  const chunks = (await readdir(assets)).filter((f) => f.endsWith('.js') || f.endsWith('.css'));
  const code = await Promise.all(chunks.map(async (f) => [f, await readFile(join(assets, f), 'utf8')] as const));
  const found: Record<string, string[]> = {};
  for (const [name, marker] of Object.entries(MARKERS)) {
    const holders = code.filter(([, text]) => text.includes(marker)).map(([f]) => f);
    if (holders.length > 0) found[name] = holders;
  }
  return found;
}

describe('the renderer builds', () => {
  let scratch: string;
  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'renderer-builds-'));
    await buildRenderer(join(scratch, 'app'));
    await buildRenderer(join(scratch, 'preview'), WEB_PREVIEW_MODE);
  }, 120_000);
  afterAll(async () => {
    await rm(scratch, { recursive: true, force: true });
  });

  it('the web preview build holds the dev bridge and the demo panel (the markers are real)', async () => {
    expect(Object.keys(await markersIn(join(scratch, 'preview'))).sort()).toEqual(Object.keys(MARKERS).sort());
  });

  it("the app's build holds neither, in any chunk", async () => {
    expect(await markersIn(join(scratch, 'app'))).toEqual({});
  });
});
