// The operations TokenService asks of the PKCS#11 driver, as one async interface. The worker
// backend sends them as typed messages (token-rpc.ts) to the worker thread that owns the PKCS#11 module; the
// in-thread host runs them directly (used with the fake layer, which cannot cross threads).
import type { CallCounts } from './call-counter';
import type { CertificateRef, HashAlgorithm, TokenInfo, TokenRef } from './token-types';
import type { GuardOptions } from './pin-guard';
import type { LoginResult, RescanOptions, RescanResult } from './pkcs11-driver';

export interface ModuleRequest {
  explicitPath?: string | undefined;
  settingsPath?: string | undefined;
  /** Wrap the module in a call counter (tests). */
  countCalls?: boolean;
}

export interface ModuleReport {
  name: string;
  path: string;
  source: 'explicit' | 'env' | 'settings' | 'table' | 'injected';
  skipped: string[];
  /** worker_threads threadId of the thread that owns the module (0 = main thread). */
  threadId: number;
}

export interface TokenOps {
  init(request: ModuleRequest): Promise<ModuleReport>;
  list(): Promise<TokenInfo[]>;
  login(ref: TokenRef, pin: string, options: GuardOptions): Promise<LoginResult>;
  sign(ref: TokenRef, cert: CertificateRef | null, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array>;
  changePin(ref: TokenRef, oldPin: string, newPin: string, options: GuardOptions): Promise<void>;
  release(ref: TokenRef): Promise<void>;
  rescan(options?: RescanOptions): Promise<RescanResult>;
  openTokens(): Promise<string[]>;
  counts(): Promise<CallCounts>;
  resetCounts(): Promise<void>;
  close(): Promise<void>;
}
