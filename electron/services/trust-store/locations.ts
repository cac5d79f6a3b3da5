// Where the trust store lives: one file per user that the desktop app and the command line
// both use, in the per-user configuration folder of the platform.
//   Linux and others: $XDG_CONFIG_HOME/ctl-client/ (default ~/.config/ctl-client/)
//   macOS:            ~/Library/Application Support/ctl-client/
//   Windows:          %APPDATA%\ctl-client\
// The locations of the two earlier stores are here too, for the one-time migration.
import { homedir } from 'node:os';
import path from 'node:path';
import { SETTINGS_FILE } from '../../../shared/ipc/settings';

export const TRUST_STORE_FILE = 'trusted-certificates.json';
/** The command line's earlier store (always under the XDG folder, on every platform). */
export const LEGACY_PIN_FILE = 'provider-pins.json';
/** Electron's user data folder is named after the product name (package.json productName). */
const APP_FOLDER = 'CTL Client';

export interface PlatformEnv {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  home: string;
}

const current = (): PlatformEnv => ({ platform: process.platform, env: process.env, home: homedir() });

/** The platform's per-user configuration folder (Electron's appData). */
function configRoot({ platform, env, home }: PlatformEnv): string {
  const p = platform === 'win32' ? path.win32 : path.posix;
  if (platform === 'win32') return env['APPDATA'] || p.join(home, 'AppData', 'Roaming');
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support');
  return env['XDG_CONFIG_HOME'] || p.join(home, '.config');
}

const join = (platform: NodeJS.Platform, ...parts: string[]) => (platform === 'win32' ? path.win32 : path.posix).join(...parts);

export function defaultTrustStoreFile(at: PlatformEnv = current()): string {
  return join(at.platform, configRoot(at), 'ctl-client', TRUST_STORE_FILE);
}

/** provider-pins.json where earlier command lines kept it: the XDG folder on every platform. */
export function legacyPinFile(at: PlatformEnv = current()): string {
  const base = at.env['XDG_CONFIG_HOME'] || join(at.platform, at.home, '.config');
  return join(at.platform, base, 'ctl-client', LEGACY_PIN_FILE);
}

/** The desktop app's settings.json (its user data folder), which held its accepted certificates. */
export function appSettingsFile(at: PlatformEnv = current()): string {
  return join(at.platform, configRoot(at), APP_FOLDER, SETTINGS_FILE);
}
