// The application menu. Windows and Linux get none (every action is in the window, and the
// default menu would bring View > Toggle Developer Tools and Reload). macOS keeps a minimal
// one: the app menu (About, Quit), Edit (copy and paste in text fields need it there), File >
// Open CTL… and Window.
import { Menu } from 'electron';
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuActions {
  openCtl(): void;
}

export function installAppMenu(actions: MenuActions, platform: NodeJS.Platform = process.platform): void {
  if (platform !== 'darwin') {
    Menu.setApplicationMenu(null);
    return;
  }
  const template: MenuItemConstructorOptions[] = [
    { role: 'appMenu', submenu: [{ role: 'about' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }] },
    { label: 'File', submenu: [{ label: 'Open CTL…', accelerator: 'CmdOrCtrl+O', click: () => actions.openCtl() }, { type: 'separator' }, { role: 'close' }] },
    { role: 'editMenu' },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
