// The environment variables that choose what the app trusts are honoured in development and
// ignored in an installed app: the unit rule, and its effect on a real token service (the
// worker thread reads CTL_PKCS11_MODULE from its copy of process.env).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchOverrides } from '../../electron/app/launch-env';
import { TokenService } from '../../electron/services/tokens';
import { createDemoTokens } from '../helpers/softhsm';
import type { DemoTokens } from '../helpers/softhsm';

describe('launchOverrides', () => {
  it('development: reads CTL_USER_DATA_DIR and leaves the environment alone', () => {
    const env = { CTL_USER_DATA_DIR: '/tmp/u', CTL_PKCS11_MODULE: '/tmp/m.so', PATH: '/bin' };
    expect(launchOverrides(env, false)).toEqual({ userDataDir: '/tmp/u', ignored: [] });
    expect(env).toEqual({ CTL_USER_DATA_DIR: '/tmp/u', CTL_PKCS11_MODULE: '/tmp/m.so', PATH: '/bin' });
    expect(launchOverrides({}, false)).toEqual({ userDataDir: null, ignored: [] });
  });

  it('packaged: ignores both and removes them from the environment the token worker inherits', () => {
    const env: NodeJS.ProcessEnv = { CTL_USER_DATA_DIR: '/tmp/u', CTL_PKCS11_MODULE: '/tmp/m.so', PATH: '/bin' };
    expect(launchOverrides(env, true)).toEqual({ userDataDir: null, ignored: ['CTL_PKCS11_MODULE', 'CTL_USER_DATA_DIR'] });
    expect(env).toEqual({ PATH: '/bin' });
    expect(launchOverrides({ PATH: '/bin' }, true)).toEqual({ userDataDir: null, ignored: [] });
  });
});

describe('a real token service after launchOverrides', () => {
  let tokens: DemoTokens;
  const saved = { ...process.env };
  beforeAll(async () => {
    tokens = await createDemoTokens();
  }, 120_000);
  afterAll(async () => {
    process.env = saved;
    await tokens?.cleanup();
  });

  it('development honours CTL_PKCS11_MODULE (a planted library is tried); packaged does not', async () => {
    process.env.SOFTHSM2_CONF = tokens.env.SOFTHSM2_CONF;
    process.env.CTL_PKCS11_MODULE = '/nonexistent/libplanted-pkcs11.so';
    launchOverrides(process.env, false);
    await expect(TokenService.start({})).rejects.toThrow(/libplanted-pkcs11\.so \(from the CTL_PKCS11_MODULE environment variable\)/);

    launchOverrides(process.env, true);
    const service = await TokenService.start({});
    try {
      expect(service.module.source).toBe('table');
      expect((await service.list()).map((t) => t.label)).toContain('SAST-1');
    } finally {
      await service.close();
    }
  });
});
