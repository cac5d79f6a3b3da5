// Starts the real services behind the app core: the PKCS#11 token service and the session
// engine factory. Shared by Electron main and the web preview (which adds demo tokens).
import { watchTokens } from '../services/hotplug';
import { TokenService } from '../services/tokens';
import type { SessionPort, TokenPort } from './ports';
import type { SettingsStore } from './settings-store';
import type { EngineOptions } from '../session/context';
import { TokenServicePort } from '../session/adapters/tokens';
import type { TokenPort as EngineTokenPort } from '../session/ports';
import { engineSessionFactory } from './engine-session';
import type { HostKeyStore, TrustedCertificateStore } from '../services/trust-store';

export interface Services {
  tokens: TokenPort;
  /** Null when the PKCS#11 module could not be loaded (see unavailableTokens). */
  tokenService: TokenService | null;
  newSession: (settings: SettingsStore) => Promise<SessionPort>;
  close(): Promise<void>;
}

export function tokenPort(service: TokenService): TokenPort {
  return {
    list: () => service.list(),
    changePin: (serial, oldPin, newPin) => service.changePin({ serial }, oldPin, newPin, newPin),
    onEvent: (listener) => service.on(listener),
  };
}

export interface ServiceOptions {
  settingsModulePath: string | null;
  modulePath?: string;
  /** The bundled token worker (Electron main passes dist/electron/worker-entry.cjs). */
  workerUrl?: URL | string;
  engine?: Partial<EngineOptions>;
  /** Watch USB / poll slots for token insertion (the desktop app); the web preview inserts demo tokens itself. */
  hotplug?: boolean;
  /** Accepted provider certificates (openAppTrustStore). */
  trustStore: TrustedCertificateStore & HostKeyStore;
}

/**
 * Token ports for when the PKCS#11 module cannot be loaded (no token middleware installed):
 * the app still opens, and every token action reports why it cannot work and what to install.
 */
export function unavailableTokens(reason: unknown): { app: TokenPort; engine: EngineTokenPort } {
  const error = () => (reason instanceof Error ? reason : new Error(String(reason)));
  const fail = async (): Promise<never> => {
    throw error();
  };
  return {
    app: { list: fail, changePin: fail, onEvent: () => () => undefined },
    engine: { list: fail, login: fail, sign: fail, release: async () => undefined },
  };
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  let tokenService: TokenService;
  try {
    tokenService = await TokenService.start({
      modulePath: options.modulePath,
      settingsModulePath: options.settingsModulePath ?? undefined,
      ...(options.workerUrl !== undefined ? { workerUrl: options.workerUrl } : {}),
    });
  } catch (error) {
    console.error(`token service unavailable: ${(error as Error).message}`);
    const ports = unavailableTokens(error);
    return { tokens: ports.app, tokenService: null, newSession: engineSessionFactory(ports.engine, options.trustStore, options.engine), close: async () => undefined };
  }
  const service = tokenService;
  const monitor = options.hotplug === false ? null : watchTokens(service, { onError: (error) => console.warn(`token rescan failed: ${(error as Error).message}`) });
  return {
    tokens: tokenPort(service),
    tokenService: service,
    newSession: engineSessionFactory(new TokenServicePort(service), options.trustStore, options.engine),
    close: async () => {
      await monitor?.stop();
      await service.close();
    },
  };
}
