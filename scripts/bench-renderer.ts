// npm run bench:renderer — builds the wizard and prints (1) the gzip size of what the first
// screen loads (index.html's script, preloads and styles; lazy chunks listed apart) against
// the 200 KB budget, and (2) the time to the first screen in headless Chromium, median of
// several cold loads. The page gets a minimal in-memory bridge so no server is needed.
import { readFile, readdir, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { build } from 'vite';

const root = join(import.meta.dirname, '..');
const dist = join(root, 'dist', 'renderer');
const BUDGET = 200 * 1024;
const RUNS = 7;

await build({ configFile: join(root, 'renderer', 'vite.config.ts'), logLevel: 'warn' });
const html = await readFile(join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\.\/(assets\/[^"]+)"/g)].map((m) => m[1]!);
const all = (await readdir(join(dist, 'assets'))).map((f) => `assets/${f}`);
const gz = async (file: string) => gzipSync(await readFile(join(dist, file)), { level: 9 }).length;

console.log('Initial bundle (loaded by index.html):');
let total = 0;
for (const file of initial) {
  const size = await gz(file);
  total += size;
  console.log(`  ${file.padEnd(48)} ${(size / 1024).toFixed(1).padStart(7)} KB gzip`);
}
console.log(`  ${'total'.padEnd(48)} ${(total / 1024).toFixed(1).padStart(7)} KB gzip (budget ${BUDGET / 1024} KB)`);
console.log('Lazy chunks (inspector, certificate viewer):');
for (const file of all.filter((f) => !initial.includes(f))) console.log(`  ${file.padEnd(48)} ${((await gz(file)) / 1024).toFixed(1).padStart(7)} KB gzip`);

// A bridge that answers like main does on a fresh start (connect screen, default settings).
const fakeBridge = `(() => {
  const ok = (value) => Promise.resolve({ ok: true, value });
  const snapshot = { kind: 'connect', seq: 1, busy: null, allowed: ['connect'], server: null, cluster: null, modeChoices: [], mode: null,
    tokens: null, entries: [], hashAlgorithm: 'sha1', review: null, publish: null, done: null, notices: [], lastError: null };
  const settings = { version: 1, language: 'en', theme: 'system', hashAlgorithm: 'sha1', pkcs11Module: null, recentClusters: [], pinnedFingerprints: {} };
  const about = { name: 'CTL Client', version: 'bench', electron: null, chrome: null, node: '', platform: '', devPreview: false, firewallPort: 2444 };
  const any = new Proxy({}, { get: () => () => ok({ ok: true }) });
  window.ctlClient = new Proxy({
    app: { about: () => ok(about) }, settings: { get: () => ok(settings), set: () => ok(settings) },
    session: new Proxy({ snapshot: () => ok(snapshot) }, { get: (t, k) => t[k] ?? (() => ok({ ok: true })) }),
    onSessionSnapshot: () => () => {}, onTokenEvent: () => () => {},
  }, { get: (t, k) => t[k] ?? any });
})();`;

const server = createServer(async (req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const file = normalize(join(dist, path === '/' ? 'index.html' : path));
  if (!file.startsWith(dist)) return void res.writeHead(404).end();
  try {
    const type = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' }[extname(file)] ?? 'application/octet-stream';
    res.writeHead(200, { 'Content-Type': type }).end(await readFile(file));
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;

const times: number[] = [];
for (let i = 0; i < RUNS; i++) {
  // A fresh profile each time: a cold cache, as on the app's first start.
  const profile = await mkdtemp(join(tmpdir(), 'ctl-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  await page.addInitScript(fakeBridge);
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'Connect to the cluster' }).waitFor();
  times.push(Number(await page.evaluate('performance.now()')));
  await context.close();
  await rm(profile, { recursive: true, force: true });
}
server.close();
times.sort((a, b) => a - b);
console.log(`Time to first screen (navigation start -> "Connect to the cluster" heading), ${RUNS} cold loads:`);
console.log(`  median ${times[Math.floor(RUNS / 2)]!.toFixed(0)} ms, min ${times[0]!.toFixed(0)} ms, max ${times[RUNS - 1]!.toFixed(0)} ms`);
if (total > BUDGET) {
  console.error(`Initial bundle ${(total / 1024).toFixed(1)} KB gzip exceeds the ${BUDGET / 1024} KB budget.`);
  process.exit(1);
}
