// The web preview's HTTP bridge on loopback: only our page under its random path gets the
// token; every API call needs it; wrong Host (DNS rebinding) and foreign Origin are refused;
// payloads go through the same schemas as Electron IPC; no path escapes the renderer folder.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Handlers } from '../../electron/app/dispatch';
import { EventHub } from '../../electron/app/events';
import { DEV_TOKEN_META, startDevServer } from '../../electron/dev-web/server';
import type { DevServer } from '../../electron/dev-web/server';

let dir: string;
let server: DevServer;
const events = new EventHub();
const received: unknown[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-devserver-'));
  await mkdir(join(dir, 'assets'));
  await writeFile(join(dir, 'index.html'), '<!doctype html><html><head><title>t</title></head><body></body></html>');
  await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(dir, 'secret.txt'), 'not served');
  const handlers = {
    'settings.set': async (patch: unknown) => {
      received.push(patch);
      return { language: 'ja' };
    },
  } as unknown as Handlers;
  server = await startDevServer({ rendererDir: dir, handlers, events, demo: { echo: async (body) => body } });
});

afterAll(async () => {
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function http(path: string, options: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  const url = new URL(server.origin);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => (body += c.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

const auth = () => ({ Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' });

describe('dev:web HTTP bridge', () => {
  it('serves the page with its token only under the random path, with a strict CSP', async () => {
    const page = await http(new URL(server.url).pathname);
    expect(page.status).toBe(200);
    expect(page.body).toContain(`<meta name="${DEV_TOKEN_META}" content="${server.token}" />`);
    expect(page.headers['content-security-policy']).toContain("script-src 'self'");
    expect((await http('/')).status).toBe(404);
    expect((await http('/index.html')).body).not.toContain(server.token);
    expect((await http(`${new URL(server.url).pathname}assets/app.js`)).status).toBe(200);
    expect((await http(`${new URL(server.url).pathname}assets/../secret.txt`)).body).not.toContain('not served');
    expect((await http(`${new URL(server.url).pathname}assets/%2e%2e/secret.txt`)).body).not.toContain('not served');
  });

  it('refuses API calls without the token, from another Host or another Origin', async () => {
    const body = JSON.stringify({ language: 'ja' });
    expect((await http('/api/settings.set', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(401);
    expect((await http('/api/settings.set', { method: 'POST', headers: { ...auth(), Authorization: 'Bearer wrong' }, body })).status).toBe(401);
    expect((await http('/api/settings.set', { method: 'POST', headers: { ...auth(), Host: 'evil.example:80' }, body })).status).toBe(421);
    expect((await http('/api/settings.set', { method: 'POST', headers: { ...auth(), Origin: 'http://evil.example' }, body })).status).toBe(403);
    expect((await http('/api/events', { headers: { Origin: server.origin } })).status).toBe(401);
    expect(received).toEqual([]);
  });

  it('validates payloads with the contract schemas and runs the handler', async () => {
    const bad = await http('/api/settings.set', { method: 'POST', headers: auth(), body: JSON.stringify({ language: 'fr' }) });
    expect(JSON.parse(bad.body)).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    const unknown = await http('/api/session.evil', { method: 'POST', headers: auth(), body: '{}' });
    expect(JSON.parse(unknown.body)).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const good = await http('/api/settings.set', { method: 'POST', headers: { ...auth(), Origin: server.origin }, body: JSON.stringify({ language: 'ja' }) });
    expect(JSON.parse(good.body)).toEqual({ ok: true, value: { language: 'ja' } });
    expect(received).toEqual([{ language: 'ja' }]);
    expect((await http('/demo/constructor', { method: 'POST', headers: auth(), body: '{}' })).status).toBe(404);
  });

  it('streams events to an authorized client as Server-Sent Events', async () => {
    const url = new URL(server.origin);
    const frames = await new Promise<string>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: '/api/events', headers: { Authorization: `Bearer ${server.token}` } }, (res) => {
        let text = '';
        res.on('data', (c: Buffer) => {
          text += c.toString();
          if (text.includes('event: tokens:event')) {
            req.destroy();
            resolve(text);
          }
        });
        setTimeout(() => events.emit('tokens:event', { type: 'token-removed', serial: 'S1', label: 'SAST-1' }), 50);
      });
      req.on('error', reject);
      req.end();
    });
    expect(frames).toContain('data: {"type":"token-removed","serial":"S1","label":"SAST-1"}');
  });
});
