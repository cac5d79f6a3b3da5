// The development web preview's bridge (`npm run dev:web` only): the same CtlClient interface
// as the preload, over loopback HTTP. Calls are POST /api/<method> with a JSON body; events
// arrive as Server-Sent Events read with fetch, so the bearer token travels in a header and
// never in a URL. The token comes from a <meta> tag the dev server injects into the page.
import type { CtlClient } from '../../../shared/ipc/client';
import type { Events } from '../../../shared/ipc/contract';
import { DEV_TOKEN_META } from '../../../shared/ipc/dev-bridge';
import { METHOD_NAMES } from '../../../shared/ipc/methods';
import type { EventName } from '../../../shared/ipc/methods';
import type { IpcResult } from '../../../shared/ipc/result';
import type { DemoControls, DemoInfo, DemoToken } from './demo-types';

export type { DemoControls, DemoInfo, DemoToken } from './demo-types';


export function devBridgeToken(doc: Document): string | null {
  const meta = doc.querySelector<HTMLMetaElement>(`meta[name="${DEV_TOKEN_META}"]`);
  return meta?.content || null;
}

type Listener = (payload: unknown) => void;

export function createDevHttpClient(token: string, base = ''): CtlClient & { demo: DemoControls } {
  const headers = { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' };

  async function post(path: string, body: unknown): Promise<IpcResult<unknown>> {
    try {
      const response = await fetch(`${base}${path}`, { method: 'POST', headers, body: JSON.stringify(body ?? {}) });
      return (await response.json()) as IpcResult<unknown>;
    } catch (error) {
      return { ok: false, error: { code: 'bridge-unreachable', message: `The preview server cannot be reached: ${(error as Error).message}` } };
    }
  }

  const api: Record<string, unknown> = {};
  for (const name of METHOD_NAMES) {
    const [namespace, leaf] = name.split('.') as [string, string];
    const group = (api[namespace] ??= {}) as Record<string, (request?: unknown) => Promise<IpcResult<unknown>>>;
    group[leaf] = (request?: unknown) => post(`/api/${name}`, request);
  }

  const listeners = new Map<EventName, Set<Listener>>();
  function on(name: EventName, listener: Listener): () => void {
    let set = listeners.get(name);
    if (!set) listeners.set(name, (set = new Set()));
    set.add(listener);
    return () => set.delete(listener);
  }

  async function stream(): Promise<void> {
    // Reconnect with a bounded back-off; the server restarting ends the preview anyway.
    for (let attempt = 0; attempt < 20; attempt++) {
      try {
        const response = await fetch(`${base}/api/events`, { headers: { Authorization: `Bearer ${token}` } });
        if (!response.ok || !response.body) throw new Error(`HTTP ${response.status}`);
        attempt = 0;
        const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
        let buffer = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buffer += value;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            dispatchFrame(buffer.slice(0, end));
            buffer = buffer.slice(end + 2);
          }
        }
      } catch {
        // fall through to the retry delay
      }
      await new Promise((resolve) => setTimeout(resolve, 500 * Math.min(attempt + 1, 6)));
    }
  }

  function dispatchFrame(frame: string): void {
    let event = '';
    let data = '';
    for (const line of frame.split('\n')) {
      if (line.startsWith('event: ')) event = line.slice(7);
      else if (line.startsWith('data: ')) data += line.slice(6);
    }
    const set = listeners.get(event as EventName);
    if (!set || !data) return;
    const payload: unknown = JSON.parse(data);
    for (const listener of set) listener(payload);
  }

  void stream();

  const demo: DemoControls = {
    tokens: () => post('/demo/tokens', {}) as Promise<IpcResult<DemoToken[]>>,
    setInserted: (serial, inserted) => post('/demo/insert', { serial, inserted }) as Promise<IpcResult<DemoToken[]>>,
    info: () => post('/demo/info', {}) as Promise<IpcResult<DemoInfo>>,
  };

  return {
    ...(api as unknown as CtlClient),
    onSessionSnapshot: (listener: (s: Events['session:snapshot']) => void) => on('session:snapshot', listener as Listener),
    onTokenEvent: (listener: (e: Events['tokens:event']) => void) => on('tokens:event', listener as Listener),
    onInspectorOpenFile: (listener: (o: Events['inspector:open-file']) => void) => on('inspector:open-file', listener as Listener),
    demo,
  };
}
