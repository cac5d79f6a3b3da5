// Electron main: one window, single instance, hardened; everything else lives in electron/app
// (Electron-free, shared with the web preview) so this file stays a thin shell.
import { allowedSettingsModule } from '../services/tokens/module-policy';
import type { BrowserWindow } from 'electron';
import { app, nativeTheme } from 'electron';
import { dirname, join } from 'node:path';
import { detectLanguage } from '../../shared/i18n/language';
import { FIREWALL_PORT } from '../../shared/session/types';
import { createAppCore } from '../app/core';
import type { AppCore } from '../app/core';
import { launchOverrides } from '../app/launch-env';
import { tlvPathFromArgv } from '../app/open-file';
import { createServices } from '../app/services';
import { SettingsStore } from '../app/settings-store';
import type { Settings } from '../../shared/ipc/settings';
import { openAppTrustStore } from '../app/trust-store';
import { hardenSession } from './hardening';
import { electronHost } from './host';
import { registerIpc } from './ipc';
import { installAppMenu } from './menu';
import { createMainWindow, rendererPageUrl } from './window';

// dist/electron/main.cjs -> dist/
const distDir = dirname(__dirname);
let mainWindow: BrowserWindow | null = null;
let core: AppCore | null = null;
/** Files the OS asked us to open before the window could show them. */
const pendingFiles: string[] = [];
let windowReady = false;

app.enableSandbox();
// Tests and development runs may point the user data folder and the PKCS#11 module elsewhere;
// an installed app ignores both (see launch-env.ts).
const overrides = launchOverrides(process.env, app.isPackaged);
if (overrides.userDataDir) app.setPath('userData', overrides.userDataDir);
if (overrides.ignored.length > 0) console.warn(`ignored in an installed app: ${overrides.ignored.join(', ')}`);

/** Shows a CTL/ITL the OS handed us in the inspector, now or once the window has loaded. */
function openFile(path: string): void {
  if (!core || !windowReady) {
    pendingFiles.push(path);
    return;
  }
  void core.openFile(path);
  focusWindow();
}

function focusWindow(): void {
  if (!mainWindow) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

// macOS sends double-clicked files as an event, possibly before 'ready'.
app.on('open-file', (event, path) => {
  event.preventDefault();
  openFile(path);
});

async function start(): Promise<void> {
  // First: its one-time migration reads the accepted certificates out of settings.json.
  const trustStore = await openAppTrustStore(app.getPath('userData'), overrides.userDataDir !== null);
  const settings = await SettingsStore.open(app.getPath('userData'));
  // The page prerendered in the language the renderer will choose (the saved one, else the
  // app's locale, as navigator.languages has it), so its first frame is already right.
  const pageUrl = rendererPageUrl(distDir, detectLanguage(settings.get().language, [app.getLocale()]));
  // The saved theme as Electron's theme source: the page's prefers-color-scheme then matches
  // it before any script has run (the prerendered screen), and so do native menus and dialogs.
  const followTheme = ({ theme }: Settings) => (nativeTheme.themeSource = theme);
  followTheme(settings.get());
  settings.onChange(followTheme);
  hardenSession(pageUrl, join(distDir, 'renderer'));
  // Only a known or confirmed library, never a share (module-policy.ts), even if the file says otherwise.
  const services = await createServices({ settingsModulePath: allowedSettingsModule(settings.get()), workerUrl: join(__dirname, 'worker-entry.cjs'), trustStore });
  core = await createAppCore({
    settings,
    trustStore,
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
  const appCore = core;
  installAppMenu({ openCtl: () => void appCore.openFromDialog() });
  mainWindow = createMainWindow(distDir, pageUrl, 'CTL Client');
  const unregister = registerIpc(mainWindow, pageUrl, core.handlers, core.events);
  // The renderer subscribes to events while its script starts, before the page's load event.
  mainWindow.webContents.once('did-finish-load', () => {
    windowReady = true;
    for (const path of pendingFiles.splice(0)) openFile(path);
  });
  mainWindow.on('closed', () => {
    unregister();
    mainWindow = null;
    windowReady = false;
  });
  app.on('before-quit', () => {
    void core?.close();
    void services.close();
  });
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  // Windows and Linux start the app with the file in argv; a second start hands its argv here.
  const initial = tlvPathFromArgv(process.argv, process.cwd());
  if (initial) pendingFiles.push(initial);
  app.on('second-instance', (_event, argv, workingDirectory) => {
    const path = tlvPathFromArgv(argv, workingDirectory);
    if (path) openFile(path);
    focusWindow();
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
