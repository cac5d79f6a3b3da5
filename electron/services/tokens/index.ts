// Public surface of the token layer.
export { TokenService, SEVERAL_TOKENS_WARNING } from './token-service';
export type { TokenServiceOptions, LoginOptions, TokenListener } from './token-service';
export { TokenError, toTokenError } from './errors';
export { countCalls } from './call-counter';
export type { CallCounts, CountingApi } from './call-counter';
export { knownModules } from './module-table';
export type { Pkcs11Api, LoadedModule } from './pkcs11-api';
export type { LoginResult, RescanOptions, RescanResult } from './token-engine';
export type { ModuleReport } from './token-ops';
export { FakePkcs11, FakePkcs11Error } from './fake-pkcs11';
export type { FakeTokenSpec, FakeKeyPair } from './fake-pkcs11';
export { createFakeTokens } from './fake-tokens';
export type { FakeTokenSet, FakeTokenOptions } from './fake-tokens';
