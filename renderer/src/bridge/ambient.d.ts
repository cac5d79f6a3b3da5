// `window.ctlClient`, exposed by the Electron preload (absent in the web preview, where the
// development HTTP bridge provides the same interface).
import type { CtlClient } from '../../../shared/ipc/client';

declare global {
  interface Window {
    ctlClient?: CtlClient;
  }
}

export {};
