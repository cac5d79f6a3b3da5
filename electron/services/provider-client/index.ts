// Client of the CTL Provider protocol (docs/provider-protocol.md).
export { ProviderClient, ProviderSession, DEFAULT_TIMEOUTS, type ConnectOptions, type ClusterDescription, type CurrentCtl, type StagedCtl } from './client';
export { ProviderError, type ProviderErrorCode, type ProviderErrorDetails } from './errors';
export type { FirstContact, Timeouts } from './channel';
