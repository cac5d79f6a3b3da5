// build/notarize.cjs decides from the environment alone whether to notarize. Unsigned builds
// must skip with a notice; half-configured credentials must fail loudly without echoing secrets.
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';

interface Plan {
  action: 'skip' | 'notarize';
  method?: string;
  reason?: string;
  credentials?: Record<string, string>;
}
interface Hook {
  (context: { electronPlatformName: string; appOutDir: string; packager: { appInfo: { productFilename: string } } }): Promise<void>;
  notarizePlan(env: Record<string, string | undefined>): Plan;
}

const hook = createRequire(import.meta.url)(resolve(import.meta.dirname, '../../build/notarize.cjs')) as Hook;
const SECRET = 'abcd-efgh-ijkl-mnop';

afterEach(() => {
  vi.restoreAllMocks();
});

describe('notarizePlan', () => {
  it('skips with a reason when no credentials are set', () => {
    const plan = hook.notarizePlan({ PATH: '/usr/bin' });
    expect(plan.action).toBe('skip');
    expect(plan.reason).toContain('no Apple notarization credentials');
  });

  it('treats blank variables as absent', () => {
    expect(hook.notarizePlan({ APPLE_ID: '  ', APPLE_TEAM_ID: '' }).action).toBe('skip');
  });

  it('prefers the App Store Connect API key', () => {
    const plan = hook.notarizePlan({
      APPLE_API_KEY: '/keys/AuthKey.p8', APPLE_API_KEY_ID: 'KEYID', APPLE_API_ISSUER: 'issuer-uuid',
      APPLE_ID: 'admin@example.invalid', APPLE_APP_SPECIFIC_PASSWORD: SECRET, APPLE_TEAM_ID: 'TEAM',
    });
    expect(plan).toEqual({
      action: 'notarize', method: 'App Store Connect API key',
      credentials: { appleApiKey: '/keys/AuthKey.p8', appleApiKeyId: 'KEYID', appleApiIssuer: 'issuer-uuid' },
    });
  });

  it('uses the Apple ID set', () => {
    const plan = hook.notarizePlan({ APPLE_ID: 'admin@example.invalid', APPLE_APP_SPECIFIC_PASSWORD: SECRET, APPLE_TEAM_ID: 'TEAM' });
    expect(plan.credentials).toEqual({ appleId: 'admin@example.invalid', appleIdPassword: SECRET, teamId: 'TEAM' });
  });

  it('uses a keychain profile, with its keychain when given', () => {
    expect(hook.notarizePlan({ APPLE_KEYCHAIN_PROFILE: 'ctl', APPLE_KEYCHAIN: 'build.keychain' }).credentials).toEqual({
      keychainProfile: 'ctl', keychain: 'build.keychain',
    });
  });

  it('fails on a partial set, naming the missing variable but not the values', () => {
    let message = '';
    try {
      hook.notarizePlan({ APPLE_ID: 'admin@example.invalid', APPLE_APP_SPECIFIC_PASSWORD: SECRET });
    } catch (error) {
      message = error instanceof Error ? error.message : String(error);
    }
    expect(message).toContain('APPLE_TEAM_ID missing');
    expect(message).not.toContain(SECRET);
    expect(message).not.toContain('admin@example.invalid');
  });

  it('fails without credentials when the release requires notarization', () => {
    expect(() => hook.notarizePlan({ CTL_REQUIRE_NOTARIZATION: '1' })).toThrow('CTL_REQUIRE_NOTARIZATION=1');
  });
});

describe('afterSign hook', () => {
  const context = (platform: string) => ({ electronPlatformName: platform, appOutDir: '/nonexistent', packager: { appInfo: { productFilename: 'CTL Client' } } });

  it('does nothing for Windows and Linux builds', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    await hook(context('win32'));
    await hook(context('linux'));
    expect(warn).not.toHaveBeenCalled();
  });

  it('prints a skip notice for an unsigned macOS build without credentials', async () => {
    const saved = { ...process.env };
    for (const key of Object.keys(process.env)) if (key.startsWith('APPLE_') || key === 'CTL_REQUIRE_NOTARIZATION') delete process.env[key];
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      await hook(context('darwin'));
    } finally {
      process.env = saved;
    }
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/^notarize: skipped: no Apple notarization credentials/));
  });
});
