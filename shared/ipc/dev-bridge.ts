// The web preview's bridge: the <meta> name carrying the random bearer token the dev server
// injects into the page it serves (never present in the Electron build).
export const DEV_TOKEN_META = 'ctl-dev-bridge-token';
