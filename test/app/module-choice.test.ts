// tokens.chooseModule: the path comes from main's dialog only; known vendor paths are taken,
// network paths refused, any other path only after the main-process confirmation.
import { describe, it, expect, beforeEach, afterEach } from 'vitest';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chooseModule } from '../../electron/app/module-choice';
import { SettingsStore } from '../../electron/app/settings-store';
import { requestSchemas } from '../../shared/ipc/contract';

let dir: string;
beforeEach(async () => { dir = await mkdtemp(join(tmpdir(), 'module-choice-')); });
afterEach(async () => { await rm(dir, { recursive: true, force: true }); });

function host(picked: string | null | 'unsupported', answer: boolean) {
  const asked: string[] = [];
  return { asked, port: { pickPkcs11Module: async () => picked, confirmPkcs11Module: async (p: string) => { asked.push(p); return answer; } } };
}

describe('choosing the PKCS#11 module', () => {
  it('takes a known vendor path without asking', async () => {
    const settings = await SettingsStore.open(dir);
    const h = host('/usr/lib/softhsm/libsofthsm2.so', false);
    await expect(chooseModule(h.port, settings, 'linux', 'x64')).resolves.toMatchObject({ pkcs11Module: '/usr/lib/softhsm/libsofthsm2.so', confirmedPkcs11Modules: [] });
    expect(h.asked).toEqual([]);
  });

  it('asks for any other path, remembers a confirmed one, and changes nothing when refused', async () => {
    const settings = await SettingsStore.open(dir);
    await expect(chooseModule(host('/opt/vendor/p11.so', false).port, settings, 'linux', 'x64')).resolves.toEqual({ cancelled: true });
    expect(settings.get().pkcs11Module).toBeNull();
    const yes = host('/opt/vendor/p11.so', true);
    await expect(chooseModule(yes.port, settings, 'linux', 'x64')).resolves.toMatchObject({ pkcs11Module: '/opt/vendor/p11.so', confirmedPkcs11Modules: ['/opt/vendor/p11.so'] });
    expect(yes.asked).toEqual(['/opt/vendor/p11.so']);
    // Confirmed once: not asked again, and it survives a restart.
    const again = host('/opt/vendor/p11.so', false);
    await chooseModule(again.port, await SettingsStore.open(dir), 'linux', 'x64');
    expect(again.asked).toEqual([]);
  });

  it('refuses a network path without asking, and says so when there is no dialog', async () => {
    const settings = await SettingsStore.open(dir);
    const unc = host('\\\\host\\share\\x.dll', true);
    await expect(chooseModule(unc.port, settings, 'win32', 'x64')).rejects.toMatchObject({ code: 'module-network-path' });
    await expect(chooseModule(host('//host/share/x.dll', true).port, settings, 'win32', 'x64')).rejects.toMatchObject({ code: 'module-network-path' });
    expect(unc.asked).toEqual([]);
    expect(settings.get().pkcs11Module).toBeNull();
    await expect(chooseModule(host('unsupported', true).port, settings)).rejects.toMatchObject({ code: 'module-dialog-unsupported' });
    await expect(chooseModule(host(null, true).port, settings)).resolves.toEqual({ cancelled: true });
  });

  it('the renderer cannot set the path through settings.set', () => {
    expect(requestSchemas['settings.set'].safeParse({ pkcs11Module: '/tmp/evil.so' }).success).toBe(false);
    expect(requestSchemas['settings.set'].safeParse({ theme: 'dark' }).success).toBe(true);
  });
});
