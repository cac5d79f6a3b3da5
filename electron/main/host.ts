// Native dialogs for the app core: open a CTL/ITL to inspect, choose where to save a report.
import { dialog } from 'electron';
import type { BrowserWindow } from 'electron';
import { readFile, stat } from 'node:fs/promises';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
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
      // Check the size before reading, so a huge file never lands in memory.
      if ((await stat(path)).size > MAX_INSPECT_BYTES) return { name: path, bytes: new Uint8Array(MAX_INSPECT_BYTES + 1) };
      return { name: path, bytes: new Uint8Array(await readFile(path)) };
    },
    async chooseReportPath(defaultName) {
      const win = window();
      const options: Electron.SaveDialogOptions = { defaultPath: defaultName, filters: [{ name: 'Markdown', extensions: ['md'] }] };
      const result = win ? await dialog.showSaveDialog(win, options) : await dialog.showSaveDialog(options);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
  };
}
