// Component tests of the screens: the built wizard served statically, with an in-memory
// `window.ctlClient` instead of the preload. The test pushes engine snapshots and decides each
// command's result; every call is recorded (secrets included, to prove what was sent).
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import type { Page } from 'playwright-core';
import type { IpcResult } from '../../../shared/ipc/result';
import type { OpenedFile } from '../../../shared/ipc/views';
import type { SessionSnapshot } from '../../../shared/session/types';
import { repoRoot } from './dev-web';

export const FAKE_BRIDGE = `(() => {
  const listeners = { snapshot: new Set(), token: new Set(), opened: new Set() };
  const state = { replies: {}, calls: [], snapshot: { kind: 'connect', seq: 1, busy: null, allowed: ['connect'], server: null, cluster: null, modeChoices: [],
    mode: null, tokens: null, entries: [], hashAlgorithm: 'sha1', review: null, publish: null, done: null, notices: [], lastError: null } };
  window.__fake = {
    push(snapshot) { state.snapshot = snapshot; for (const l of listeners.snapshot) l(snapshot); },
    reply(method, result) { state.replies[method] = result; },
    openFile(opened) { for (const l of listeners.opened) l(opened); },
    calls: state.calls,
  };
  // A test may start the page with other settings (language, theme) through localStorage.
  const settings = Object.assign({ version: 1, language: null, theme: 'system', hashAlgorithm: 'sha1', pkcs11Module: null, confirmedPkcs11Modules: [], recentClusters: [] },
    JSON.parse(localStorage.getItem('fake-settings') || '{}'));
  const about = { name: 'CTL Client', version: '0.0.0-test', electron: null, chrome: null, node: '20', platform: 'test', devPreview: false, firewallPort: 2444 };
  const defaults = {
    'app.about': () => ({ ok: true, value: about }),
    'settings.get': () => ({ ok: true, value: { ...settings } }),
    // A copy, as over IPC: the store sees a new settings object.
    'settings.set': (r) => ({ ok: true, value: { ...Object.assign(settings, r) } }),
    'settings.trustedCertificates': () => ({ ok: true, value: [] }),
    'session.snapshot': () => ({ ok: true, value: state.snapshot }),
    'tokens.list': () => ({ ok: true, value: [] }),
    'report.save': () => ({ ok: true, value: { path: '/tmp/report.md' } }),
  };
  const call = (method) => async (request) => {
    state.calls.push({ method, request: request ?? {} });
    const reply = state.replies[method] ?? defaults[method];
    return reply ? (typeof reply === 'function' ? reply(request) : reply) : { ok: true, value: { ok: true } };
  };
  const group = (ns) => new Proxy({}, { get: (_t, leaf) => call(ns + '.' + String(leaf)) });
  window.ctlClient = {
    app: group('app'), settings: group('settings'), session: group('session'), tokens: group('tokens'),
    inspector: group('inspector'), report: group('report'), certificate: group('certificate'),
    onSessionSnapshot: (l) => { listeners.snapshot.add(l); return () => listeners.snapshot.delete(l); },
    onTokenEvent: (l) => { listeners.token.add(l); return () => listeners.token.delete(l); },
    onInspectorOpenFile: (l) => { listeners.opened.add(l); return () => listeners.opened.delete(l); },
  };
})();`;

/**
 * Serves dist/renderer (built by the global setup) on loopback; `pages` adds HTML pages by path
 * (read at each request, so a caller may add one later).
 */
export async function serveRenderer(pages: Record<string, string> = {}): Promise<{ url: string; close(): Promise<void> }> {
  const dist = join(repoRoot, 'dist', 'renderer');
  const types: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };
  const server = createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (Object.hasOwn(pages, path)) return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(pages[path]);
    const file = normalize(join(dist, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dist)) return void res.writeHead(404).end();
    try {
      res.writeHead(200, { 'Content-Type': types[extname(file)] ?? 'application/octet-stream' }).end(await readFile(file));
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

// The callbacks run in the page; the test's tsconfig has no DOM types, hence globalThis.
type FakeGlobal = { __fake: { push(s: unknown): void; reply(m: string, r: unknown): void; openFile(o: unknown): void } };

export async function push(page: Page, snapshot: SessionSnapshot): Promise<void> {
  await page.evaluate((s) => (globalThis as unknown as FakeGlobal).__fake.push(s), snapshot as unknown);
}

/** Main's inspector:open-file event (a .tlv the OS opened with the app). */
export async function openFile(page: Page, opened: OpenedFile): Promise<void> {
  await page.evaluate((o) => (globalThis as unknown as FakeGlobal).__fake.openFile(o), opened as unknown);
}

export async function reply(page: Page, method: string, result: IpcResult<unknown>): Promise<void> {
  await page.evaluate(([m, r]) => (globalThis as unknown as FakeGlobal).__fake.reply(m, r), [method, result as unknown] as const);
}

export async function calls(page: Page): Promise<{ method: string; request: Record<string, unknown> }[]> {
  return (await page.evaluate('window.__fake.calls')) as { method: string; request: Record<string, unknown> }[];
}
