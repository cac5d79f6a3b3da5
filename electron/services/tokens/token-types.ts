// Type re-exports so the driver files import one place (shared token types plus the codec's hash).
export type { CertificateRef, TokenErrorCode, TokenInfo, TokenRef } from '../../../shared/tokens/types';
export type { HashAlgorithm } from '../../../shared/ctl/model';
