// Public surface of the token layer.
export { TokenService, SEVERAL_TOKENS_WARNING } from './token-service';
export type { TokenServiceOptions, LoginOptions, TokenListener } from './token-service';
export { TokenError, toTokenError } from './errors';
export { knownModules } from './module-table';
export type { Pkcs11Api, LoadedModule } from './pkcs11-api';
export type { LoginResult, RescanOptions, RescanResult } from './pkcs11-driver';
export type { ModuleReport } from './token-ops';
export type { CallCounts } from './call-counter';
