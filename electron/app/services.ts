// Starts the real services behind the app core: the PKCS#11 token service and the session
// engine factory. Shared by Electron main and the web preview (which adds demo tokens).
import { TokenService } from '../services/tokens';
import type { SessionPort, TokenPort } from './ports';
import type { SettingsStore } from './settings-store';
import { AppError } from './errors';

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

export async function createServices(options: { settingsModulePath: string | null; modulePath?: string }): Promise<Services> {
  const tokenService = await TokenService.start({
    modulePath: options.modulePath,
    settingsModulePath: options.settingsModulePath ?? undefined,
  });
  return {
    tokens: tokenPort(tokenService),
    tokenService,
    newSession: async () => {
      throw new AppError('engine-unavailable', 'The session engine is not part of this build yet.');
    },
    close: () => tokenService.close(),
  };
}
