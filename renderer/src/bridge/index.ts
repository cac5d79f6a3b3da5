// Chooses the bridge at start-up: the preload's `window.ctlClient` in Electron, otherwise (in
// the web preview's build only) the development HTTP bridge when the preview server injected
// its token, otherwise none.
import type { CtlClient } from '../../../shared/ipc/client';
import type { DemoControls } from './demo-types';

export interface Bridge {
  client: CtlClient;
  /** Demo token insertion, present only in the web preview. */
  demo: DemoControls | null;
}

export async function chooseBridge(win: Window): Promise<Bridge | null> {
  if (win.ctlClient) return { client: win.ctlClient, demo: null };
  // In the app's build this branch is dead code: Rollup removes it and with it the chunk the
  // dynamic import would load, so the HTTP bridge is not shipped at all.
  if (import.meta.env.WEB_PREVIEW) {
    const { createDevHttpClient, devBridgeToken } = await import('./dev-http');
    const token = devBridgeToken(win.document);
    if (token) {
      const client = createDevHttpClient(token);
      return { client, demo: client.demo };
    }
  }
  return null;
}
