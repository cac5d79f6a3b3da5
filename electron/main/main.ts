// Electron main: one window, single instance, hardened; everything else lives in electron/app
// (Electron-free, shared with the web preview) so this file stays a thin shell.
import type { BrowserWindow } from 'electron';
import { app } from 'electron';
import { dirname } from 'node:path';
import { FIREWALL_PORT } from '../../shared/session/types';
import { createAppCore } from '../app/core';
import type { AppCore } from '../app/core';
import { createServices } from '../app/services';
import { SettingsStore } from '../app/settings-store';
import { hardenSession } from './hardening';
import { electronHost } from './host';
import { registerIpc } from './ipc';
import { createMainWindow, rendererPageUrl } from './window';

// dist/electron/main.cjs -> dist/
const distDir = dirname(__dirname);
const pageUrl = rendererPageUrl(distDir);
let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;

app.enableSandbox();
// Tests and portable setups may point the user data folder elsewhere.
if (process.env.CTL_USER_DATA_DIR) app.setPath('userData', process.env.CTL_USER_DATA_DIR);

async function start(): Promise<void> {
  hardenSession(pageUrl);
  const settings = await SettingsStore.open(app.getPath('userData'));
  const services = await createServices({ settingsModulePath: settings.get().pkcs11Module });
  core = await createAppCore({
    settings,
    about: {
      name: app.getName(),
      version: app.getVersion(),
      electron: process.versions.electron ?? null,
      chrome: process.versions.chrome ?? null,
      node: process.versions.node,
      platform: `${process.platform}-${process.arch}`,
      devPreview: false,
      firewallPort: FIREWALL_PORT,
    },
    host: electronHost(() => mainWindow),
    tokens: services.tokens,
    newSession: services.newSession,
  });
  mainWindow = createMainWindow(distDir, 'CTL Client');
  const unregister = registerIpc(mainWindow, pageUrl, core.handlers, core.events);
  mainWindow.on('closed', () => {
    unregister();
    mainWindow = null;
  });
  app.on('before-quit', () => {
    void core?.close();
    void services.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => {
    if (mainWindow) {
      if (mainWindow.isMinimized()) mainWindow.restore();
      mainWindow.focus();
    }
  });
  app.on('window-all-closed', () => app.quit());
  app
    .whenReady()
    .then(start)
    .catch((error: Error) => {
      console.error(`CTL Client failed to start: ${error.message}`);
      app.exit(1);
    });
}

