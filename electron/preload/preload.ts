// The preload: exposes `window.ctlClient` with exactly the contract's task-level methods (one
// fixed IPC channel each) and one subscription per event. No generic invoke, no Electron or
// Node object crosses: listeners receive the payload only, never the IPC event.
import { contextBridge, ipcRenderer } from 'electron';
import type { IpcRendererEvent } from 'electron';
import { METHOD_NAMES } from '../../shared/ipc/methods';
import type { EventName } from '../../shared/ipc/methods';

type Method = (request?: unknown) => Promise<unknown>;

const api: Record<string, Record<string, Method> | ((listener: (payload: unknown) => void) => () => void)> = {};

for (const name of METHOD_NAMES) {
  const dot = name.indexOf('.');
  const namespace = name.slice(0, dot);
  const leaf = name.slice(dot + 1);
  const group = (api[namespace] ??= {}) as Record<string, Method>;
  // Each function is bound to its own channel name; the renderer cannot choose another.
  group[leaf] = (request?: unknown) => ipcRenderer.invoke(name, request ?? {});
}

function subscribe(channel: EventName) {
  return (listener: (payload: unknown) => void): (() => void) => {
    if (typeof listener !== 'function') throw new TypeError('listener must be a function');
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  };
}

api.onSessionSnapshot = subscribe('session:snapshot');
api.onTokenEvent = subscribe('tokens:event');
api.onInspectorOpenFile = subscribe('inspector:open-file');

contextBridge.exposeInMainWorld('ctlClient', api);
