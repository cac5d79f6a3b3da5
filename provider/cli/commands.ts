// Everything the provider's commands load when they run, as one module: the one-file bundle
// keeps it in a function compiled only when a command runs (scripts/build-cli.mjs), so that
// `ctl-provider --help` and `--version` compile the dispatcher alone.
export { loadProviderConfig } from '../config/schema';
export { MAX_DEMO_NODES, startDemoCluster } from '../demo/cluster';
export { hashPassword } from '../server/passwords';
export { startProviderServer } from '../server/server';
