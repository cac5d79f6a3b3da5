// Public API of the reference CTL Provider (docs/provider-protocol.md).
export { startProviderServer, type RunningProvider, type StartOptions } from './server/server';
export { startDemoCluster, writeDemoCluster, startDemoServer, DEMO_ADMIN, DEMO_CLUSTER_ID, DEMO_ALT_CLUSTER_ID, type DemoCluster, type DemoOptions, type DemoServer, type DemoClusterFiles, type DemoServerFiles } from './demo/cluster';
export { loadProviderConfig, parseProviderConfig, ConfigError, type ProviderConfig, type ProviderConfigInput, type Faults } from './config/schema';
export { hashPassword, verifyPassword } from './server/passwords';
export { validateStagedCtl, CtlRejectedError } from './server/ctl-validation';
export { checkProof, ProofError } from './server/proof';
