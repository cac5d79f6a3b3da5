// The web preview's bridge: the <meta> name carrying the random bearer token the dev server
// injects into the page it serves (never present in the Electron build).
export const DEV_TOKEN_META = 'ctl-dev-bridge-token';

/**
 * Vite mode of the web preview's build (`npm run dev:web`). Only a build in this mode holds the
 * development HTTP bridge and the demo panel; the app's build (mode production) leaves them out.
 */
export const WEB_PREVIEW_MODE = 'web-preview';

/** Output folder of the preview build under dist/, beside dist/renderer which the app ships. */
export const WEB_PREVIEW_DIST = 'renderer-preview';
