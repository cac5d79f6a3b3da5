// Hosts one Pkcs11Driver behind the TokenOps interface: in the worker thread for the real
// module, or in-thread for an injected module (the fake layer in tests).
import { threadId } from 'node:worker_threads';
import { countCalls, type CallCounts, type CountingApi } from './call-counter';
import type { CertificateRef, HashAlgorithm, TokenInfo, TokenRef } from './token-types';
import { TokenError } from './errors';
import { selectModule, type ModuleSelection } from './module-loader';
import type { LoadedModule } from './pkcs11-api';
import type { GuardOptions } from './pin-guard';
import { Pkcs11Driver, type LoginResult, type RescanOptions, type RescanResult } from './pkcs11-driver';
import type { ModuleReport, ModuleRequest, TokenOps } from './token-ops';

export type ModuleSource = (request: ModuleRequest) => ModuleSelection | { module: LoadedModule; source: 'injected'; skipped: string[] };

export class DriverHost implements TokenOps {
  private driver: Pkcs11Driver | null = null;
  private counter: CountingApi | null = null;

  constructor(private readonly source: ModuleSource = (request) => selectModule(request)) {}

  private get live(): Pkcs11Driver {
    if (!this.driver) throw new TokenError('service-closed', 'The token service is not started (or was closed).');
    return this.driver;
  }

  async init(request: ModuleRequest): Promise<ModuleReport> {
    if (this.driver) this.driver.close();
    const selection = this.source(request);
    let module = selection.module;
    if (request.countCalls) {
      this.counter = countCalls(module.api);
      module = { ...module, api: this.counter.api };
    }
    this.driver = new Pkcs11Driver(module);
    return { name: module.name, path: module.path, source: selection.source, skipped: selection.skipped, threadId };
  }

  async list(): Promise<TokenInfo[]> {
    return this.live.list();
  }

  async login(ref: TokenRef, pin: string, options: GuardOptions): Promise<LoginResult> {
    return this.live.login(ref, pin, options);
  }

  sign(ref: TokenRef, cert: CertificateRef | null, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array> {
    return this.live.sign(ref, cert, data, hash);
  }

  async changePin(ref: TokenRef, oldPin: string, newPin: string, options: GuardOptions): Promise<void> {
    this.live.changePin(ref, oldPin, newPin, options);
  }

  async release(ref: TokenRef): Promise<void> {
    this.live.release(ref);
  }

  async rescan(options?: RescanOptions): Promise<RescanResult> {
    return this.live.rescan(options);
  }

  async openTokens(): Promise<string[]> {
    return this.live.openTokens();
  }

  async counts(): Promise<CallCounts> {
    return this.counter?.counts() ?? {};
  }

  async resetCounts(): Promise<void> {
    this.counter?.reset();
  }

  async close(): Promise<void> {
    this.driver?.close();
    this.driver = null;
  }
}
