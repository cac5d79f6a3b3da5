// Registers one ipcMain handler per contract method. Each call is dropped unless it comes from
// our window's top frame showing our page; the payload is then validated by dispatch().
import { ipcMain } from 'electron';
import type { BrowserWindow, IpcMainInvokeEvent } from 'electron';
import { EVENT_NAMES, METHOD_NAMES } from '../../shared/ipc/methods';
import type { IpcResult } from '../../shared/ipc/result';
import { dispatch } from '../app/dispatch';
import type { Handlers } from '../app/dispatch';
import type { EventHub } from '../app/events';
import { isTrustedSender } from '../app/sender';

export function registerIpc(win: BrowserWindow, pageUrl: string, handlers: Handlers, events: EventHub): () => void {
  const trusted = { webContentsId: win.webContents.id, pageUrl };
  for (const method of METHOD_NAMES) {
    ipcMain.handle(method, async (event: IpcMainInvokeEvent, payload: unknown): Promise<IpcResult<unknown>> => {
      const frame = event.senderFrame;
      const facts = {
        webContentsId: event.sender.id,
        frameUrl: frame ? frame.url : null,
        isMainFrame: frame !== null && frame.parent === null,
      };
      if (!isTrustedSender(facts, trusted)) {
        console.warn(`ipc: dropped ${method} from an untrusted sender`);
        return { ok: false, error: { code: 'untrusted-sender', message: 'The request did not come from the CTL Client window.' } };
      }
      return dispatch(handlers, method, payload);
    });
  }
  const unsubscribes = EVENT_NAMES.map((name) =>
    events.on(name, (payload) => {
      if (!win.isDestroyed()) win.webContents.send(name, payload);
    }),
  );
  return () => {
    for (const method of METHOD_NAMES) ipcMain.removeHandler(method);
    for (const off of unsubscribes) off();
  };
}
