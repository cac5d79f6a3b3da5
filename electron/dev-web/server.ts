// The web preview's HTTP server (development only). Loopback only; the page lives under a
// random path and carries a random bearer token in a <meta> tag; every API call and the event
// stream need that token; the Host header must name our loopback origin (no DNS rebinding)
// and an Origin header, when sent, must be ours. Calls go through the same dispatch() and
// schemas as Electron's IPC.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { DEV_TOKEN_META } from '../../shared/ipc/dev-bridge';
import { EVENT_NAMES } from '../../shared/ipc/methods';
import { dispatch } from '../app/dispatch';
import type { Handlers } from '../app/dispatch';
import type { EventHub } from '../app/events';

export { DEV_TOKEN_META };
const MAX_BODY = 2 * 1024 * 1024;
const CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.json': 'application/json',
};

/** Extra demo-only routes (POST /demo/<name>, JSON in and out). */
export type DemoRoutes = Record<string, (body: unknown) => Promise<unknown>>;

export interface DevServerOptions {
  rendererDir: string;
  handlers: Handlers;
  events: EventHub;
  demo: DemoRoutes;
  port?: number;
}

export interface DevServer {
  /** The page to open (random path). */
  url: string;
  origin: string;
  token: string;
  close(): Promise<void>;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json'): void {
  res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': CSP });
  res.end(body);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

async function readBody(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('request body too large');
    chunks.push(chunk as Buffer);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? (JSON.parse(text) as unknown) : {};
}

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const token = randomBytes(32).toString('base64url');
  const pageKey = randomBytes(16).toString('hex');
  const root = normalize(options.rendererDir);
  const streams = new Set<ServerResponse>();
  let origin = '';

  // Read per request, so a rebuilt preview (vite build --mode web-preview) is served without a restart.
  const page = async () =>
    (await readFile(join(root, 'index.html'), 'utf8')).replace('<head>', `<head>\n    <meta name="${DEV_TOKEN_META}" content="${token}" />`);
  await page();

  const unsubscribe = EVENT_NAMES.map((name) =>
    options.events.on(name, (payload) => {
      const frame = `event: ${name}\ndata: ${JSON.stringify(payload)}\n\n`;
      for (const res of streams) res.write(frame);
    }),
  );

  const server = createServer((req, res) => {
    void handle(req, res).catch((error: Error) => {
      if (!res.headersSent) send(res, 500, JSON.stringify({ ok: false, error: { code: 'internal', message: error.message } }));
      else res.end();
    });
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // DNS rebinding: only our exact loopback origin may address this server.
    if (`http://${req.headers.host ?? ''}` !== origin) return send(res, 421, 'wrong host', 'text/plain');
    if (req.headers.origin !== undefined && req.headers.origin !== origin) return send(res, 403, 'wrong origin', 'text/plain');
    const url = new URL(req.url ?? '/', origin);
    const prefix = `/s/${pageKey}/`;

    if (req.method === 'GET' && (url.pathname === prefix || url.pathname === `${prefix}index.html`)) return send(res, 200, await page(), TYPES['.html']);
    if (req.method === 'GET' && url.pathname.startsWith(`${prefix}assets/`)) {
      const file = normalize(join(root, url.pathname.slice(prefix.length)));
      if (!file.startsWith(`${root}${sep}assets${sep}`)) return send(res, 404, 'not found', 'text/plain');
      try {
        return send(res, 200, await readFile(file), TYPES[extname(file)] ?? 'application/octet-stream');
      } catch {
        return send(res, 404, 'not found', 'text/plain');
      }
    }

    const auth = req.headers.authorization ?? '';
    const authorized = auth.startsWith('Bearer ') && sameSecret(auth.slice(7), token);
    if (url.pathname.startsWith('/api/') || url.pathname.startsWith('/demo/')) {
      if (!authorized) return send(res, 401, JSON.stringify({ ok: false, error: { code: 'unauthorized', message: 'Missing or wrong bridge token.' } }));
    } else {
      return send(res, 404, 'not found', 'text/plain');
    }

    if (req.method === 'GET' && url.pathname === '/api/events') {
      res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
      res.write(': connected\n\n');
      streams.add(res);
      const ping = setInterval(() => res.write(': ping\n\n'), 15_000);
      req.on('close', () => {
        clearInterval(ping);
        streams.delete(res);
      });
      return;
    }
    if (req.method !== 'POST') return send(res, 405, JSON.stringify({ ok: false, error: { code: 'method-not-allowed', message: 'Use POST.' } }));
    if (!(req.headers['content-type'] ?? '').startsWith('application/json')) {
      return send(res, 415, JSON.stringify({ ok: false, error: { code: 'invalid-request', message: 'Send JSON.' } }));
    }
    let body: unknown;
    try {
      body = await readBody(req);
    } catch (error) {
      return send(res, 400, JSON.stringify({ ok: false, error: { code: 'invalid-request', message: (error as Error).message } }));
    }
    if (url.pathname.startsWith('/api/')) {
      const result = await dispatch(options.handlers, url.pathname.slice(5), body);
      return send(res, 200, JSON.stringify(result));
    }
    const route = Object.hasOwn(options.demo, url.pathname.slice(6)) ? options.demo[url.pathname.slice(6)] : undefined;
    if (!route) return send(res, 404, JSON.stringify({ ok: false, error: { code: 'unknown-method', message: 'Unknown demo route.' } }));
    try {
      return send(res, 200, JSON.stringify({ ok: true, value: await route(body) }));
    } catch (error) {
      return send(res, 200, JSON.stringify({ ok: false, error: { code: 'demo-failed', message: (error as Error).message } }));
    }
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/s/${pageKey}/`,
    origin,
    token,
    async close() {
      for (const off of unsubscribe) off();
      for (const res of streams) res.end();
      streams.clear();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
