// Native dialogs for the app core: open a CTL/ITL to inspect, choose where to save a report or
// a certificate, show a saved report in the file manager, choose the PKCS#11 module (and
// confirm one outside the known vendor locations).
import { dialog, shell } from 'electron';
import type { BrowserWindow } from 'electron';
import { readFileToInspect } from '../app/open-file';
import type { HostPort } from '../app/ports';

export function electronHost(window: () => BrowserWindow | null): HostPort {
  return {
    async pickFileToInspect() {
      const win = window();
      const options: Electron.OpenDialogOptions = {
        properties: ['openFile'],
        filters: [{ name: 'CTL / ITL', extensions: ['tlv'] }, { name: 'All files', extensions: ['*'] }],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const path = result.filePaths[0];
      if (result.canceled || !path) return null;
      // The same bounded, non-blocking read as a file the OS opens (size cap, no FIFO hang).
      return { name: path, bytes: await readFileToInspect(path) };
    },
    async chooseReportPath(defaultName) {
      const win = window();
      const options: Electron.SaveDialogOptions = { defaultPath: defaultName, filters: [{ name: 'Markdown', extensions: ['md'] }] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async pickPkcs11Module() {
      const win = window();
      const extensions = process.platform === 'win32' ? ['dll'] : process.platform === 'darwin' ? ['dylib', 'so'] : ['so'];
      const options: Electron.OpenDialogOptions = {
        title: 'PKCS#11 module of the token vendor',
        properties: ['openFile', 'dontAddToRecent'],
        filters: [{ name: 'PKCS#11 module', extensions }, { name: 'All files', extensions: ['*'] }],
      };
      const result = win ? await dialog.showOpenDialog(win, options) : await dialog.showOpenDialog(options);
      const path = result.filePaths[0];
      return result.canceled || !path ? null : path;
    },
    async confirmPkcs11Module(path) {
      const win = window();
      const options: Electron.MessageBoxOptions = {
        type: 'warning', buttons: ['Cancel', 'Use this module'], defaultId: 0, cancelId: 0, noLink: true,
        title: 'PKCS#11 module', message: 'Use a PKCS#11 module from an unknown location?',
        detail: `${path}\n\nThis library is not in a known token vendor location. It will be loaded into CTL Client and will receive your token PINs. Use it only if your token vendor installed it there.`,
      };
      const result = win ? await dialog.showMessageBox(win, options) : await dialog.showMessageBox(options);
      return result.response === 1;
    },
    async chooseCertificatePath(defaultName) {
      const win = window();
      const options: Electron.SaveDialogOptions = { defaultPath: defaultName, filters: [{ name: 'PEM certificate', extensions: ['pem', 'crt'] }] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    async showInFolder(path) {
      // The core passes only a path it wrote itself (the report saved last).
      shell.showItemInFolder(path);
      return true;
    },
  };
}
