// `window.ctlClient`, exposed by the Electron preload (absent in the web preview, where the
// development HTTP bridge provides the same interface), and the build mode Vite inlines.
import type { CtlClient } from '../../../shared/ipc/client';

declare global {
  interface Window {
    ctlClient?: CtlClient;
  }
  interface ImportMetaEnv {
    /** True in the web preview's build (`npm run dev:web`), false in the app's (vite.config.ts). */
    readonly WEB_PREVIEW: boolean;
  }
  interface ImportMeta {
    readonly env: ImportMetaEnv;
  }
}

export {};
