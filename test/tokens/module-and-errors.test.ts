// Module discovery (precedence, fallbacks, the message when nothing loads), CKR mapping,
// and SAST certificate selection.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pickSastCertificate } from '../../electron/services/tokens/certificates';
import type { CKR } from '../../electron/services/tokens/constants';
import { toTokenError, TokenError } from '../../electron/services/tokens/errors';
import { FakePkcs11, FakePkcs11Error } from '../doubles/fake-pkcs11';
import { selectModule, type ModuleOpener } from '../../electron/services/tokens/module-loader';
import { knownModules, type ModuleCandidate } from '../../electron/services/tokens/module-table';
import type { TokenCertificate } from '../../shared/tokens/types';
import { toCommandError } from '../../electron/session/errors';
import { say } from '../../electron/session/words';
import { englishLeft } from '../helpers/english-text';

const table: ModuleCandidate[] = [
  { name: 'SafeNet', install: 'SafeNet Authentication Client', paths: ['/safenet/a.so', '/safenet/b.so'] },
  { name: 'OpenSC', install: 'opensc', paths: ['/opensc/x.so'] },
  { name: 'SoftHSM 2', install: 'softhsm2', paths: ['/softhsm/y.so'] },
];

/** Opens fakes for the listed paths (with or without a token); everything else fails to load. */
function opener(loadable: Record<string, boolean>, opened: string[] = []): ModuleOpener {
  return (path, name) => {
    opened.push(path);
    if (!(path in loadable)) throw new Error(`dlopen failed: ${path}: cannot open shared object file`);
    const fake = new FakePkcs11(loadable[path] ? [{ label: 'T', serial: 's1', pin: '1234' }] : []);
    return { api: fake, path, name, close: () => undefined };
  };
}

describe('module discovery', () => {
  it('has SafeNet, OpenSC and SoftHSM in that order for the supported platforms', () => {
    for (const [platform, arch] of [['linux', 'x64'], ['linux', 'arm64'], ['darwin', 'arm64'], ['darwin', 'x64'], ['win32', 'x64']] as const) {
      const names = knownModules(platform, arch).map((c) => c.name);
      expect(names[0]).toMatch(/SafeNet/);
      expect(names.slice(1)).toEqual(['OpenSC', 'SoftHSM 2']);
      for (const candidate of knownModules(platform, arch)) {
        for (const path of candidate.paths) expect(path).toMatch(platform === 'win32' ? /^[A-Z]:\\/ : /^\//);
      }
    }
  });

  it('falls back in order and prefers the first module with a token present', () => {
    const opened: string[] = [];
    const selection = selectModule(
      { env: {}, candidates: table, exists: () => true },
      opener({ '/safenet/b.so': false, '/opensc/x.so': false, '/softhsm/y.so': true }, opened),
    );
    expect(selection.module.path).toBe('/softhsm/y.so');
    expect(selection.source).toBe('table');
    expect(opened).toEqual(['/safenet/a.so', '/safenet/b.so', '/opensc/x.so', '/softhsm/y.so']);
    expect(selection.skipped.join('\n')).toContain('/safenet/a.so (dlopen failed');
    expect(selection.skipped.join('\n')).toContain('/opensc/x.so (loaded, no token present)');
  });

  it('loads a library linked under two names once', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctl-links-'));
    try {
      writeFileSync(join(dir, 'real.so'), '');
      symlinkSync(join(dir, 'real.so'), join(dir, 'alias.so'));
      const opened: string[] = [];
      const candidates = [{ name: 'A', install: 'a', paths: [join(dir, 'real.so')] }, { name: 'B', install: 'b', paths: [join(dir, 'alias.so')] }];
      const selection = selectModule({ env: {}, candidates }, opener({ [join(dir, 'real.so')]: false, [join(dir, 'alias.so')]: false }, opened));
      expect(opened).toEqual([join(dir, 'real.so')]);
      expect(selection.module.path).toBe(join(dir, 'real.so'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps the first loadable module when none has a token', () => {
    const selection = selectModule({ env: {}, candidates: table, exists: (p) => p !== '/safenet/a.so' }, opener({ '/safenet/b.so': false, '/softhsm/y.so': false }));
    expect(selection.module.path).toBe('/safenet/b.so');
    expect(selection.skipped[0]).toBe('/safenet/a.so (not installed)');
  });

  it('never opens a library on a network share, whoever names it', () => {
    const opened: string[] = [];
    const open = opener({ '//host/share/p11.so': true, '\\\\host\\share\\p11.dll': true }, opened);
    for (const choice of [{ explicitPath: '//host/share/p11.so' }, { env: { CTL_PKCS11_MODULE: '\\\\host\\share\\p11.dll' } }, { env: {}, settingsPath: '//host/share/p11.so' }]) {
      expect(() => selectModule({ env: {}, candidates: table, ...choice }, open)).toThrow(/network share/);
    }
    expect(opened).toEqual([]);
  });

  it('says why no module loads in the reader\'s language: the problem is a message, the English kept for logs', () => {
    const worded = (run: () => unknown) => {
      try {
        run();
      } catch (e) {
        const message = toCommandError(e).error.message;
        return { en: say(message, 'en'), ja: say(message, 'ja') };
      }
      throw new Error('loaded');
    };
    const share = worded(() => selectModule({ env: {}, candidates: table, settingsPath: '//host/share/p11.so' }, opener({})));
    expect(share.en).toBe("Tokens cannot be used: the PKCS#11 module //host/share/p11.so is on a network share; copy the vendor's library to this computer or install its middleware.");
    expect(share.ja).toContain('PKCS#11 モジュール //host/share/p11.so はネットワーク共有上にあります');
    const none = worded(() => selectModule({ env: {}, candidates: table, exists: () => false }, opener({})));
    expect(none.ja).toMatch(/^トークンを使えません: PKCS#11 モジュールを読み込めませんでした。試したもの: /);
    expect(none.ja).toContain('試したもの: /safenet/a.so, /safenet/b.so, /opensc/x.so, /softhsm/y.so。');
    for (const text of [share.ja, none.ja]) expect(englishLeft(text), text).toBeNull();
  });

  it('takes --module over CTL_PKCS11_MODULE over settings, and never falls back from an explicit choice', () => {
    const open = opener({ '/explicit.so': true, '/env.so': true, '/settings.so': true });
    expect(selectModule({ explicitPath: '/explicit.so', env: { CTL_PKCS11_MODULE: '/env.so' }, settingsPath: '/settings.so', candidates: table }, open).source).toBe('explicit');
    expect(selectModule({ env: { CTL_PKCS11_MODULE: '/env.so' }, settingsPath: '/settings.so', candidates: table }, open).module.path).toBe('/env.so');
    expect(selectModule({ env: {}, settingsPath: '/settings.so', candidates: table }, open).source).toBe('settings');
    let error: unknown;
    try {
      selectModule({ env: { CTL_PKCS11_MODULE: '/missing.so' }, candidates: table, exists: () => true }, open);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'module-load-failed' });
    expect((error as Error).message).toContain('/missing.so');
    expect((error as Error).message).toContain('CTL_PKCS11_MODULE');
  });

  it('names what was tried and what to install when nothing loads', () => {
    let error: unknown;
    try {
      selectModule({ env: {}, candidates: table, exists: (p) => p.startsWith('/opensc') }, opener({}));
    } catch (e) {
      error = e;
    }
    expect(error).toMatchObject({ code: 'module-load-failed' });
    const message = (error as Error).message;
    expect(message).toContain('/safenet/a.so (not installed)');
    expect(message).toContain('/opensc/x.so (dlopen failed');
    expect(message).toContain('SafeNet Authentication Client');
    expect(message).toContain('CTL_PKCS11_MODULE');
  });

  it('loads the real SoftHSM module by explicit path and names it from the table', () => {
    // An empty store of its own, so the system-wide SoftHSM configuration does not matter.
    const dir = mkdtempSync(join(tmpdir(), 'ctl-module-'));
    mkdirSync(join(dir, 'tokens'));
    writeFileSync(join(dir, 'softhsm2.conf'), `directories.tokendir = ${join(dir, 'tokens')}\nobjectstore.backend = file\n`);
    process.env.SOFTHSM2_CONF = join(dir, 'softhsm2.conf');
    const selection = selectModule({ explicitPath: knownModules().find((c) => c.name === 'SoftHSM 2')!.paths[0]!, env: {} });
    try {
      expect(selection.module.name).toBe('SoftHSM 2');
    } finally {
      selection.module.api.C_Finalize();
      selection.module.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CKR mapping', () => {
  it('gives every mapped CKR a typed code, the CKR name and a sentence, never a bare number', () => {
    const cases: Array<[keyof typeof CKR, string]> = [
      ['CKR_PIN_INCORRECT', 'pin-incorrect'],
      ['CKR_PIN_LOCKED', 'pin-locked'],
      ['CKR_PIN_LEN_RANGE', 'pin-len-range'],
      ['CKR_TOKEN_NOT_PRESENT', 'token-not-present'],
      ['CKR_DEVICE_REMOVED', 'device-removed'],
      ['CKR_SESSION_HANDLE_INVALID', 'session-invalid'],
      ['CKR_FUNCTION_FAILED', 'function-failed'],
    ];
    for (const [name, code] of cases) {
      const error = toTokenError(new FakePkcs11Error(name), 'Doing it');
      expect(error).toMatchObject({ code, ckr: name });
      expect(error.message).toMatch(/^Doing it: [A-Z]/);
      expect(error.message).toContain(`(${name})`);
    }
  });

  it('maps pkcs11js-style errors and unknown return values by name', () => {
    const native = Object.assign(new Error('CKR_PIN_INCORRECT'), { code: 0xa0 });
    expect(toTokenError(native, 'Login')).toMatchObject({ code: 'pin-incorrect' });
    const odd = Object.assign(new Error('CKR_0x8000abcd'), { code: 0x8000abcd });
    const error = toTokenError(odd, 'Sign');
    expect(error).toMatchObject({ code: 'function-failed', ckr: 'CKR_0x8000abcd' });
    expect(toTokenError(new Error('boom'), 'Sign')).toMatchObject({ code: 'unknown', message: 'Sign failed: boom' });
  });
});

function cert(cn: string, hasPrivateKey = true): TokenCertificate {
  return { id: cn, objectLabel: '', subject: `CN=${cn}`, issuer: 'CN=CA', subjectCn: cn, serial: '01', notBefore: '', notAfter: '', sha256: cn, hasPrivateKey, der: '' };
}

describe('SAST certificate selection', () => {
  it('takes the only usable certificate, else the one CN starting with SAST, else asks', () => {
    expect(pickSastCertificate([cert('anything')])).toBe(0);
    expect(pickSastCertificate([cert('SAST-ADN1', false), cert('other')])).toBe(1);
    expect(pickSastCertificate([cert('Email'), cert('SAST-ADN1'), cert('VPN')])).toBe(1);
    expect(pickSastCertificate([cert('sast-adn1'), cert('VPN')])).toBe(0);
    expect(pickSastCertificate([cert('Email'), cert('VPN')])).toBeNull();
    expect(pickSastCertificate([cert('SAST-1'), cert('SAST-2')])).toBeNull();
    expect(pickSastCertificate([])).toBeNull();
  });
});
