// Chooses the bridge at start-up: the preload's `window.ctlClient` in Electron, otherwise the
// development HTTP bridge when the preview server injected its token, otherwise none.
import type { CtlClient } from '../../../shared/ipc/client';
import { createDevHttpClient, devBridgeToken } from './dev-http';
import type { DemoControls } from './demo-types';

export interface Bridge {
  client: CtlClient;
  /** Demo token insertion, present only in the web preview. */
  demo: DemoControls | null;
}

export function chooseBridge(win: Window): Bridge | null {
  if (win.ctlClient) return { client: win.ctlClient, demo: null };
  const token = devBridgeToken(win.document);
  if (token) {
    const client = createDevHttpClient(token);
    return { client, demo: client.demo };
  }
  return null;
}
