// Native dialogs for the app core: open a CTL/ITL to inspect, choose where to save a report or
// a certificate, show a saved report in the file manager.
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
