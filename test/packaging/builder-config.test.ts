// The installer config is checked here because packaging itself cannot run on this machine:
// the committed config must pass, and each way of breaking it must be caught by name.
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { dump, load } from 'js-yaml';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkBuilderConfig } from '../../scripts/check-builder-config';

const run = promisify(execFile);
const ROOT = resolve(import.meta.dirname, '../..');

type Doc = Record<string, unknown>;
function section(doc: Doc, key: string): Doc {
  const value = doc[key];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`config has no ${key} section`);
  return value as Doc;
}

let work: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'builder-config-'));
  await cp(join(ROOT, 'build'), join(work, 'build'), { recursive: true });
  await cp(join(ROOT, 'electron-builder.yml'), join(work, 'electron-builder.yml'));
  await cp(join(ROOT, 'package.json'), join(work, 'package.json'));
});

afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

async function mutateConfig(change: (doc: Doc) => void): Promise<string[]> {
  const doc = load(await readFile(join(work, 'electron-builder.yml'), 'utf8')) as Doc;
  change(doc);
  await writeFile(join(work, 'electron-builder.yml'), dump(doc));
  return (await checkBuilderConfig(work)).problems;
}

describe('electron-builder.yml as committed', () => {
  it('passes the schema and every packaging rule', async () => {
    const report = await checkBuilderConfig(ROOT);
    expect(report.problems).toEqual([]);
    expect(report.builderVersion).toMatch(/^26\./);
  });

  it('passes through the command-line check, which prints OK and exits 0', async () => {
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'scripts/check-builder-config.ts'], { cwd: ROOT });
    expect(stdout).toContain('electron-builder.yml: OK');
  });

  it('a copy outside the repository passes too (the mutations below start from a clean state)', async () => {
    expect((await checkBuilderConfig(work)).problems).toEqual([]);
  });
});

describe('a broken config fails with a specific problem', () => {
  it('misspelled option is a schema error', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'nsis').oneclick = false;
    });
    expect(problems).toContainEqual(expect.stringMatching(/^schema: \/nsis: unknown option "oneclick"/));
  });

  it('a wrongly typed option is a schema error, not coerced', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'nsis').oneClick = 'false';
    });
    expect(problems.some((p) => p.startsWith('schema: /nsis/oneClick'))).toBe(true);
  });

  it('RunAsNode fuse left on', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'electronFuses').runAsNode = true;
    });
    expect(problems).toContain('electronFuses.runAsNode must be false, got true');
  });

  it('asar integrity fuse missing', async () => {
    const problems = await mutateConfig((d) => {
      delete section(d, 'electronFuses').enableEmbeddedAsarIntegrityValidation;
    });
    expect(problems).toContain('electronFuses.enableEmbeddedAsarIntegrityValidation must be true, got undefined');
  });

  it('usb no longer unpacked from the asar', async () => {
    const problems = await mutateConfig((d) => {
      d.asarUnpack = ['**/node_modules/pkcs11js/**'];
    });
    expect(problems).toContain('asarUnpack lacks **/node_modules/usb/**');
    expect(problems).toContain('asarUnpack does not unpack node_modules/usb/prebuilds/linux-x64/node.napi.glibc.node');
  });

  it('sources shipped, renderer bundle missing', async () => {
    const problems = await mutateConfig((d) => {
      d.files = ['dist/electron/**/*', 'package.json', 'electron/**/*', 'test/**/*'];
    });
    expect(problems).toContain('files does not include dist/renderer/index.html');
    expect(problems).toContain('files would ship electron/main/window.ts');
    expect(problems).toContain('files would ship test/packaging/builder-config.test.ts');
  });

  it('an exclusion that drops the native binary', async () => {
    const problems = await mutateConfig((d) => {
      d.files = [...(d.files as string[]), '!**/*.node'];
    });
    expect(problems).toContain('files excludes the native run-time file node_modules/pkcs11js/build/Release/pkcs11.node');
  });

  it('native modules not rebuilt for Electron', async () => {
    const problems = await mutateConfig((d) => {
      d.npmRebuild = false;
      d.buildDependenciesFromSource = false;
    });
    expect(problems).toContain('npmRebuild must be true: native modules are rebuilt for Electron, not the Node that ran npm ci');
    expect(problems.some((p) => p.startsWith('buildDependenciesFromSource must be true'))).toBe(true);
  });

  it('electronVersion differs from the package.json pin', async () => {
    const problems = await mutateConfig((d) => {
      d.electronVersion = '40.0.0';
    });
    expect(problems.some((p) => p.startsWith('electronVersion "40.0.0" must equal'))).toBe(true);
  });

  it('a caret range for electron in package.json', async () => {
    const pkg = JSON.parse(await readFile(join(work, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
    pkg.devDependencies.electron = `^${pkg.devDependencies.electron}`;
    await writeFile(join(work, 'package.json'), JSON.stringify(pkg));
    const problems = (await checkBuilderConfig(work)).problems;
    expect(problems.some((p) => p.startsWith('package.json devDependencies.electron must be an exact version'))).toBe(true);
  });

  it('Windows arm64 and Linux deb dropped', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'win').target = [{ target: 'nsis', arch: ['x64'] }];
      section(d, 'linux').target = [{ target: 'AppImage', arch: ['x64'] }];
    });
    expect(problems).toContain('win.target nsis lacks arch arm64');
    expect(problems).toContain('linux.target lacks deb');
  });

  it('installer that deletes app data, one-click, per-machine only', async () => {
    const problems = await mutateConfig((d) => {
      const nsis = section(d, 'nsis');
      nsis.deleteAppDataOnUninstall = true;
      nsis.oneClick = true;
      nsis.perMachine = true;
    });
    expect(problems).toContain('nsis.deleteAppDataOnUninstall must be false: uninstalling keeps settings and CTL files');
    expect(problems.some((p) => p.startsWith('nsis.oneClick must be false'))).toBe(true);
    expect(problems.some((p) => p.startsWith('nsis.perMachine must be false'))).toBe(true);
  });

  it('no .tlv association', async () => {
    const problems = await mutateConfig((d) => {
      delete d.fileAssociations;
    });
    expect(problems).toContain('fileAssociations must associate .tlv (opens the inspector)');
  });

  it('mac without hardened runtime', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'mac').hardenedRuntime = false;
    });
    expect(problems).toContain('mac.hardenedRuntime must be true (required for notarization)');
  });

  it('deb depending on something the app does not use', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'deb').depends = ['libnss3', 'libudev1', 'libnotify4'];
    });
    expect(problems.some((p) => p.startsWith('deb.depends names libnotify4'))).toBe(true);
  });

  it('deb without the libudev the usb module links', async () => {
    const problems = await mutateConfig((d) => {
      section(d, 'deb').depends = ['libnss3', 'libgtk-3-0'];
    });
    expect(problems.some((p) => p.startsWith('deb.depends lacks libudev1'))).toBe(true);
  });
});

describe('assets the config points at', () => {
  it('a Linux icon whose pixels do not match its name', async () => {
    await cp(join(work, 'build/icons/128x128.png'), join(work, 'build/icons/256x256.png'));
    expect((await checkBuilderConfig(work)).problems).toContain('linux icon 256x256.png is really 128x128');
  });

  it('a truncated Windows icon', async () => {
    const ico = await readFile(join(work, 'build/icon.ico'));
    await writeFile(join(work, 'build/icon.ico'), ico.subarray(0, 200));
    const problems = (await checkBuilderConfig(work)).problems;
    expect(problems.some((p) => p.startsWith('win.icon') && p.includes('runs past the end'))).toBe(true);
  });

  it('an entitlement that allows DYLD injection', async () => {
    const path = join(work, 'build/entitlements.mac.plist');
    const text = await readFile(path, 'utf8');
    const extra = '<key>com.apple.security.cs.allow-dyld-environment-variables</key>\n    <true/>\n  </dict>';
    await writeFile(path, text.replace('</dict>', extra));
    expect((await checkBuilderConfig(work)).problems).toContain(
      'mac.entitlements build/entitlements.mac.plist grants forbidden com.apple.security.cs.allow-dyld-environment-variables',
    );
  });

  it('the PKCS#11 entitlement removed', async () => {
    const path = join(work, 'build/entitlements.mac.plist');
    const text = await readFile(path, 'utf8');
    await writeFile(path, text.replace(/<key>com\.apple\.security\.cs\.disable-library-validation<\/key>\s*<true\/>/, ''));
    expect((await checkBuilderConfig(work)).problems).toContain(
      'mac.entitlements build/entitlements.mac.plist lacks com.apple.security.cs.disable-library-validation',
    );
  });

  it('an NSIS include that deletes the user data', async () => {
    await writeFile(join(work, 'build/installer.nsh'), '!macro customUnInstall\n  RMDir /r "$APPDATA\\CTL Client"\n!macroend\n');
    expect((await checkBuilderConfig(work)).problems).toContain(
      'nsis.include build/installer.nsh deletes files; the uninstaller must keep settings and CTL files',
    );
  });

  it('a missing notarize hook', async () => {
    await rm(join(work, 'build/notarize.cjs'));
    expect((await checkBuilderConfig(work)).problems).toContain('afterSign hook build/notarize.cjs does not exist');
  });

  it('the command-line check exits 1 and lists the problem', async () => {
    await rm(join(work, 'build/icons/512x512.png'));
    const failure = await run(process.execPath, ['--import', 'tsx', join(ROOT, 'scripts/check-builder-config.ts'), work], { cwd: ROOT }).then(
      () => null,
      (error: unknown) => error as { code: number; stderr: string },
    );
    expect(failure?.code).toBe(1);
    expect(failure?.stderr).toContain('linux.icon folder lacks 512x512.png');
  });
});
