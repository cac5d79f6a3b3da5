// TokenService: the async, main-thread face of the token layer. The PKCS#11 module lives in
// a worker thread (or, for the fake layer, behind the same TokenOps in-thread). Other
// services (session engine, CLI, IPC) use only this class and shared/tokens/types.ts.
import type { SignFunction } from '../../../shared/ctl/model';
import type { CertificateRef, TokenCertificate, TokenEvent, TokenInfo, TokenRef } from '../../../shared/tokens/types';
import type { CallCounts } from './call-counter';
import { DriverHost } from './driver-host';
import { TokenError } from './errors';
import type { LoadedModule } from './pkcs11-api';
import type { LoginResult, RescanOptions } from './pkcs11-driver';
import type { ModuleReport, TokenOps } from './token-ops';
import { WorkerBackend } from './worker-backend';

export interface TokenServiceOptions {
  /** Explicit module path (CLI --module); wins over CTL_PKCS11_MODULE and settings. */
  modulePath?: string | undefined;
  /** Module path from the application settings. */
  settingsModulePath?: string | undefined;
  /**
   * Run in-thread over this already loaded module instead of a worker with the real module.
   * Meant for the fake PKCS#11 layer (tests); not initialized yet: the service calls C_Initialize.
   */
  module?: LoadedModule;
  /** Worker script for bundled builds (default: worker-entry.mjs running the TypeScript via tsx). */
  workerUrl?: URL | string;
  /** Count PKCS#11 calls (see callCounts()). */
  countCalls?: boolean;
  /** Receives one line per notable step (which module was chosen); never PINs. */
  log?: (message: string) => void;
}

export interface LoginOptions {
  /** The administrator accepted that a wrong PIN now locks the token (FINAL_TRY). */
  confirmFinalTry?: boolean;
}

export type TokenListener = (event: TokenEvent) => void;

export const SEVERAL_TOKENS_WARNING =
  'Several tokens are inserted. Insert one token at a time, as the security guide requires, and remove the others.';

export class TokenService {
  private readonly listeners = new Set<TokenListener>();
  private known = new Map<string, TokenInfo>();
  private closed = false;
  private real = false;
  /**
   * A PKCS#11 library is loaded once per process: a second real service would share its
   * state, and its C_Finalize would end the first one's sessions. So only one at a time.
   */
  private static realRunning = false;

  private constructor(
    private readonly ops: TokenOps,
    readonly module: ModuleReport,
  ) {}

  static async start(options: TokenServiceOptions = {}): Promise<TokenService> {
    let ops: TokenOps;
    if (options.module) {
      const injected = options.module;
      ops = new DriverHost(() => {
        injected.api.C_Initialize();
        return { module: injected, source: 'injected', skipped: [] };
      });
    } else {
      if (TokenService.realRunning) {
        throw new TokenError('function-failed', 'A token service is already running in this process; share it (one PKCS#11 module instance per process).');
      }
      ops = new WorkerBackend(options.workerUrl).ops();
    }
    let report: ModuleReport;
    try {
      report = await ops.init({ explicitPath: options.modulePath, settingsPath: options.settingsModulePath, countCalls: options.countCalls ?? false });
    } catch (error) {
      await ops.close().catch(() => undefined);
      throw error;
    }
    if (!options.module) TokenService.realRunning = true;
    options.log?.(`Using PKCS#11 module ${report.name} at ${report.path} (${report.source}).`);
    const service = new TokenService(ops, report);
    service.real = !options.module;
    service.known = new Map((await ops.list()).map((token) => [token.serial, token]));
    return service;
  }

  /** Present, initialized tokens with their certificates and PIN state. */
  async list(): Promise<TokenInfo[]> {
    return this.ops.list();
  }

  /** The token's SAST certificate; throws certificate-ambiguous when the caller must choose. */
  async sastCertificate(ref: TokenRef): Promise<TokenCertificate> {
    const token = await this.find(ref);
    if (token.sastCertificate === null) {
      throw new TokenError('certificate-ambiguous', `Token "${token.label}" holds ${token.certificates.length} certificates and none is clearly its SAST certificate; choose one.`);
    }
    return token.certificates[token.sastCertificate]!;
  }

  async find(ref: TokenRef): Promise<TokenInfo> {
    const tokens = (await this.list()).filter((t) => (typeof ref === 'string' ? t.label === ref : t.serial === ref.serial));
    if (tokens.length === 1) return tokens[0]!;
    const what = typeof ref === 'string' ? `"${ref}"` : `with serial ${ref.serial}`;
    if (tokens.length === 0) throw new TokenError('token-not-found', `No token ${what} is inserted.`);
    throw new TokenError('token-ambiguous', `Several tokens are labelled ${what}; choose one by serial.`);
  }

  /**
   * Logs in once per token per session (later calls send nothing). Reads the PIN flags
   * first: a locked token is never tried; on FINAL_TRY confirmFinalTry is required.
   */
  login(ref: TokenRef, pin: string, options: LoginOptions = {}): Promise<LoginResult> {
    return this.ops.login(ref, pin, { confirmFinalTry: options.confirmFinalTry ?? false });
  }

  /**
   * A codec SignFunction signing with the logged-in token: RSA PKCS#1 v1.5 over SHA-1,
   * SHA-256 or SHA-512 (CKM_SHAx_RSA_PKCS), one C_Sign per call. cert null = the SAST one.
   */
  signer(ref: TokenRef, cert: CertificateRef | null = null): SignFunction {
    return (tbs, hash) => this.ops.sign(ref, cert, tbs, hash);
  }

  /** C_SetPIN after checking the confirmation; length and wrong old PIN come back typed. */
  async changePin(ref: TokenRef, oldPin: string, newPin: string, confirmNewPin: string, options: LoginOptions = {}): Promise<void> {
    if (newPin !== confirmNewPin) throw new TokenError('pin-mismatch', 'The new PIN and its confirmation differ.');
    await this.ops.changePin(ref, oldPin, newPin, { confirmFinalTry: options.confirmFinalTry ?? false });
  }

  /** Logout and session close for the token. */
  release(ref: TokenRef): Promise<void> {
    return this.ops.release(ref);
  }

  /**
   * Re-reads the tokens (re-initializing the module when no session is open, or always with
   * `reinitialize: 'always'`, see Pkcs11Driver.rescan) and emits token-inserted / token-removed
   * for the differences, and several-tokens when more than one is present after a change.
   */
  async rescan(options: RescanOptions = {}): Promise<TokenInfo[]> {
    const { tokens } = await this.ops.rescan(options);
    const now = new Map(tokens.map((token) => [token.serial, token]));
    const events: TokenEvent[] = [];
    for (const [serial, token] of this.known) {
      if (!now.has(serial)) events.push({ type: 'token-removed', serial, label: token.label });
    }
    for (const [serial, token] of now) {
      if (!this.known.has(serial)) events.push({ type: 'token-inserted', token });
    }
    this.known = now;
    if (events.length > 0 && tokens.length > 1) events.push({ type: 'several-tokens', tokens, message: SEVERAL_TOKENS_WARNING });
    for (const event of events) this.emit(event);
    return tokens;
  }

  /** Subscribes to token events; returns the unsubscribe function. */
  on(listener: TokenListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(event: TokenEvent): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch {
        // One failing listener must not keep the others from hearing about a token.
      }
    }
  }

  /** Serials of tokens with an open session (logged in or about to be). */
  openTokens(): Promise<string[]> {
    return this.ops.openTokens();
  }

  /** PKCS#11 call counts since start or the last reset (only with countCalls). */
  callCounts(): Promise<CallCounts> {
    return this.ops.counts();
  }

  resetCallCounts(): Promise<void> {
    return this.ops.resetCounts();
  }

  /** Logs out of every token, closes sessions, finalizes the module and stops the worker. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.listeners.clear();
    try {
      await this.ops.close();
    } finally {
      if (this.real) TokenService.realRunning = false;
    }
  }
}
