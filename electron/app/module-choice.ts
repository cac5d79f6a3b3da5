// tokens.chooseModule: the renderer asks, main decides. The path comes from the host's file
// dialog only; a network path is refused; a path outside the known vendor locations needs
// the administrator's confirmation in a main-process dialog, remembered in the settings.
import type { Settings } from '../../shared/ipc/settings';
import { moduleAllowance } from '../services/tokens/module-policy';
import { AppError } from './errors';
import type { HostPort } from './ports';
import type { SettingsStore } from './settings-store';

export async function chooseModule(host: Pick<HostPort, 'pickPkcs11Module' | 'confirmPkcs11Module'>, settings: SettingsStore,
  platform: NodeJS.Platform = process.platform, arch: string = process.arch): Promise<Settings | { cancelled: true }> {
  const path = await host.pickPkcs11Module();
  if (path === 'unsupported') throw new AppError('module-dialog-unsupported', 'This window cannot show a file dialog; the PKCS#11 module is chosen in the desktop app.');
  if (path === null) return { cancelled: true };
  const allowance = moduleAllowance(path, settings.get().confirmedPkcs11Modules, platform, arch);
  if (allowance.allowed) return settings.setPkcs11Module(path);
  if (allowance.why === 'network-path') throw new AppError('module-network-path', 'A PKCS#11 module on a network share cannot be used: copy the vendor\'s library to this computer.');
  if (allowance.why === 'not-absolute') throw new AppError('module-not-absolute', 'The PKCS#11 module path must be absolute.');
  if (!(await host.confirmPkcs11Module(path))) return { cancelled: true };
  return settings.setPkcs11Module(path, true);
}
