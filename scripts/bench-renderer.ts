// npm run bench:renderer — builds the wizard and prints (1) the gzip size of what the first
// screen loads (index.html's script, preloads and styles; lazy chunks listed apart) against
// the 200 KB budget, and (2) the time to the first screen in headless Chromium, median of
// several cold loads. The page gets the screen tests' in-memory bridge, so no engine is needed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { build } from 'vite';
import { FAKE_BRIDGE, serveRenderer } from '../test/e2e/helpers/fake-bridge';
import { bundleFiles, gzipSize, INITIAL_BUNDLE_BUDGET as BUDGET } from './renderer-bundle';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist', 'renderer');
const RUNS = 7;

await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
const { initial, lazy } = await bundleFiles(dist);
const gz = (file: string) => gzipSize(dist, file);

console.log('Initial bundle (loaded by index.html):');
let total = 0;
for (const file of initial) {
  const size = await gz(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${(size / 1024).toFixed(1).padStart(7)} KB gzip`);
}
console.log(`  ${'total'.padEnd(48)} ${(total / 1024).toFixed(1).padStart(7)} KB gzip (budget ${BUDGET / 1024} KB)`);
console.log('Lazy chunks (inspector, certificate viewer):');
for (const file of lazy) console.log(`  ${file.padEnd(48)} ${((await gz(file)) / 1024).toFixed(1).padStart(7)} KB gzip`);

// The built page with the in-memory bridge of the screen tests (a fresh start: connect screen).
const server = await serveRenderer();
const url = server.url;

const times: number[] = [];
// Where the time goes: the marks the renderer's start sets (main.tsx), per load.
const MARKS = ['responseEnd', 'ctl:bridge', 'ctl:store', 'ctl:i18n', 'ctl:first-screen'] as const;
const marks = Object.fromEntries(MARKS.map((name) => [name, [] as number[]])) as Record<(typeof MARKS)[number], number[]>;
for (let i = 0; i < RUNS; i++) {
  // A fresh profile each time: a cold cache, as on the app's first start.
  const profile = await mkdtemp(join(tmpdir(), 'ctl-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(FAKE_BRIDGE);
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Connect to the cluster' }).waitFor();
  times.push(Number(await page.evaluate('performance.now()')));
  const seen = (await page.evaluate(`Object.fromEntries([
    ...performance.getEntriesByType('mark').map((m) => [m.name, m.startTime]),
    ['responseEnd', performance.getEntriesByType('navigation')[0]?.responseEnd ?? 0],
  ])`)) as Record<string, number>;
  for (const name of MARKS) if (seen[name] !== undefined) marks[name].push(seen[name]);
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
await server.close();
times.sort((a, b) => a - b);
console.log(`Time to first screen (navigation start -> "Connect to the cluster" heading), ${RUNS} cold loads:`);
console.log(`  median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[RUNS - 1]!.toFixed(0)} ms`);
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? NaN;
// ctl:first-screen is set inside the page once the first screen is committed; the heading time
// above also holds the test driver's own round trip to notice it.
console.log('  medians of the steps: ' + MARKS.map((name) => `${name} ${median(marks[name]).toFixed(0)} ms`).join(', '));
if (total > BUDGET) {
  console.error(`Initial bundle ${(total / 1024).toFixed(1)} KB gzip exceeds the ${BUDGET / 1024} KB budget.`);
  process.exit(1);
}
