// The one application window, hardened: isolated, sandboxed preload, no Node in the page,
// no navigation, no new windows (https links open in the system browser), no permissions.
import { app, BrowserWindow, shell } from 'electron';
import type { WebContents } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { pageForLanguage } from '../../shared/i18n/language';
import type { Language } from '../../shared/i18n/language';

/** The wizard's page whose first screen the build prerendered in `language`. */
export function rendererPageUrl(distDir: string, language: Language): string {
  return pathToFileURL(join(distDir, 'renderer', pageForLanguage(language))).href;
}

/** Only https links leave the app, and only to the system browser. */
export function openExternalIfHttps(url: string): void {
  try {
    if (new URL(url).protocol === 'https:') void shell.openExternal(url);
  } catch {
    // Not a URL: ignore.
  }
}

export function lockDownContents(contents: WebContents, pageUrl: string): void {
  contents.setWindowOpenHandler(({ url }) => {
    openExternalIfHttps(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (url !== pageUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

export function createMainWindow(distDir: string, pageUrl: string, title: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1100,
    height: 780,
    minWidth: 800,
    minHeight: 600,
    title,
    show: false,
    webPreferences: {
      preload: join(distDir, 'electron', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // DevTools only in development runs: in an installed app they would hand anyone at the
      // keyboard a console inside the page that talks to the token service.
      devTools: !app.isPackaged,
    },
  });
  lockDownContents(win.webContents, pageUrl);
  win.once('ready-to-show', () => win.show());
  void win.loadURL(pageUrl);
  return win;
}
