// Starts the real services behind the app core: the PKCS#11 token service and the session
// engine factory. Shared by Electron main and the web preview (which adds demo tokens).
import { watchTokens } from '../services/hotplug';
import { TokenService } from '../services/tokens';
import type { SessionPort, TokenPort } from './ports';
import type { SettingsStore } from './settings-store';
import type { EngineOptions } from '../session/context';
import { engineSessionFactory } from './engine-session';

export interface Services {
  tokens: TokenPort;
  tokenService: TokenService;
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
  engine?: Partial<EngineOptions>;
  /** Watch USB / poll slots for token insertion (the desktop app); the web preview inserts demo tokens itself. */
  hotplug?: boolean;
}

export async function createServices(options: ServiceOptions): Promise<Services> {
  const tokenService = await TokenService.start({
    modulePath: options.modulePath,
    settingsModulePath: options.settingsModulePath ?? undefined,
  });
  const monitor = options.hotplug === false ? null : watchTokens(tokenService, { onError: (error) => console.warn(`token rescan failed: ${(error as Error).message}`) });
  return {
    tokens: tokenPort(tokenService),
    tokenService,
    newSession: engineSessionFactory(tokenService, options.engine),
    close: async () => {
      await monitor?.stop();
      await tokenService.close();
    },
  };
}
