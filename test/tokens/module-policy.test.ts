// The PKCS#11 module allow-list: known vendor paths, confirmed paths, never a network path.
import { describe, it, expect } from 'vitest';
import { isNetworkPath, moduleAllowance, refuseModulePath } from '../../electron/services/tokens/module-policy';

describe('PKCS#11 module policy', () => {
  it('refuses network and device paths in every slash style, on every platform', () => {
    for (const p of ['//host/share/x.dll', '\\\\host\\share\\x.dll', '\\\\?\\UNC\\host\\share\\x.dll', '\\\\.\\pipe\\x', '//host/lib/x.so', '/\\host\\x.dll']) {
      expect(isNetworkPath(p), p).toBe(true);
      expect(moduleAllowance(p, [p], 'win32', 'x64'), p).toEqual({ allowed: false, why: 'network-path' });
      expect(moduleAllowance(p, [p], 'linux', 'x64'), p).toEqual({ allowed: false, why: 'network-path' });
    }
    expect(refuseModulePath('relative/lib.so', 'linux')).toBe('not-absolute');
    expect(refuseModulePath('/usr/lib/x.so', 'win32')).toBe('not-absolute');
  });

  it('allows the known vendor paths of the platform, others only once confirmed', () => {
    expect(moduleAllowance('/usr/lib/softhsm/libsofthsm2.so', [], 'linux', 'x64')).toEqual({ allowed: true, why: 'known' });
    expect(moduleAllowance('c:/windows/system32/etpkcs11.dll', [], 'win32', 'x64')).toEqual({ allowed: true, why: 'known' });
    // A known Windows path is not known on Linux, and vice versa.
    expect(moduleAllowance('/usr/lib/softhsm/libsofthsm2.so', [], 'win32', 'x64').allowed).toBe(false);
    expect(moduleAllowance('/opt/vendor/libp11.so', [], 'linux', 'x64')).toEqual({ allowed: false, why: 'unconfirmed' });
    expect(moduleAllowance('/opt/vendor/libp11.so', ['/opt/vendor/libp11.so'], 'linux', 'x64')).toEqual({ allowed: true, why: 'confirmed' });
    // Case matters on Linux, not on Windows.
    expect(moduleAllowance('/opt/Vendor/libp11.so', ['/opt/vendor/libp11.so'], 'linux', 'x64').allowed).toBe(false);
    expect(moduleAllowance('D:\\Vendor\\P11.DLL', ['d:/vendor/p11.dll'], 'win32', 'x64')).toEqual({ allowed: true, why: 'confirmed' });
  });
});

describe('the module path from the settings file', () => {
  it('is loaded only when allowed; otherwise the known modules are tried, with one warning', async () => {
    const { allowedSettingsModule } = await import('../../electron/services/tokens/module-policy');
    const warnings: string[] = [];
    const warn = (l: string) => warnings.push(l);
    expect(allowedSettingsModule({ pkcs11Module: null, confirmedPkcs11Modules: [] }, warn)).toBeNull();
    expect(allowedSettingsModule({ pkcs11Module: '//evil/share/p11.so', confirmedPkcs11Modules: ['//evil/share/p11.so'] }, warn)).toBeNull();
    expect(allowedSettingsModule({ pkcs11Module: '/opt/x/p11.so', confirmedPkcs11Modules: [] }, warn)).toBeNull();
    expect(allowedSettingsModule({ pkcs11Module: '/opt/x/p11.so', confirmedPkcs11Modules: ['/opt/x/p11.so'] }, warn)).toBe(process.platform === 'win32' ? null : '/opt/x/p11.so');
    expect(warnings).toHaveLength(process.platform === 'win32' ? 3 : 2);
    expect(warnings[0]).toMatch(/network-path/);
  });
});
