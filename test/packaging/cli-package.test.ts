// The ctl-client package (dist/cli of npm run build:cli): `npm pack` output installs into an
// empty folder and `ctl-client` runs from there. The install is offline and without the
// optional native module (pkcs11js needs a compiler and the registry), as on a clean machine
// without build tools; then the token commands work once pkcs11js is present.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl';
import { runScript } from '../cli/run-cli';
import { makeIdentity, signedCtl } from '../helpers/pki';
import { createDemoTokens, type DemoTokens } from '../helpers/softhsm';
import { buildCliScratch, ROOT, type CliScratch } from './cli-scratch';

const run = promisify(execFile);
let scratch: CliScratch;
let work: string;
let installed: string;

beforeAll(async () => {
  [scratch, work] = await Promise.all([buildCliScratch(), mkdtemp(join(tmpdir(), 'cli-package-'))]);
  const packed = await run('npm', ['pack', scratch.clientDir, '--pack-destination', work, '--json'], { cwd: work });
  const [{ filename }] = JSON.parse(packed.stdout) as [{ filename: string }];
  const prefix = join(work, 'install');
  await run('npm', ['install', '--prefix', prefix, '--offline', '--omit=optional', '--no-audit', '--no-fund', '--cache', join(work, 'npm-cache'), join(work, filename)], { cwd: work });
  installed = join(prefix, 'node_modules', '.bin', 'ctl-client');
}, 180_000);
afterAll(async () => {
  await Promise.all([scratch?.remove(), rm(work, { recursive: true, force: true })]);
});

describe('the ctl-client package', () => {
  it('installs from its npm pack file and runs --version, --help and inspect', async () => {
    const version = await run(installed, ['--version']);
    expect(version.stdout).toContain(`(bundle in ${join(work, 'install', 'node_modules', 'ctl-client')}, built `);
    const help = await run(installed, ['--help']);
    expect(help.stdout).toMatch(/^Usage: ctl-client <command>/);
    const sast = await makeIdentity({ subject: 'CN=SAST-1, O=Package test', modulusBits: 2048 });
    const file = join(work, 'CTLFile.tlv');
    await writeFile(file, await signedCtl(sast, [recordFromCertificate('SAST', sast.der)]));
    const inspect = await run(installed, ['inspect', file, '--json']);
    expect(JSON.parse(inspect.stdout)).toMatchObject({ signatureValid: true, records: [{ role: 'SAST' }] });
  }, 60_000);

  it('the token commands say that pkcs11js is missing, and work once it is installed', async () => {
    let tokens: DemoTokens | undefined;
    try {
      const missing = await runScript(installed, ['tokens'], { env: { CTL_PKCS11_MODULE: '' } });
      expect(missing.code).toBe(2);
      expect(missing.stderr).toMatch(/^ctl-client: Tokens cannot be used: the native module pkcs11js is not installed/);
      // What a successful optional install provides: the binding next to ctl-client.
      await symlink(join(ROOT, 'node_modules', 'pkcs11js'), join(work, 'install', 'node_modules', 'pkcs11js'), 'junction');
      tokens = await createDemoTokens();
      const list = await runScript(installed, ['tokens', '--json'], { env: tokens.childEnv });
      expect(list.code).toBe(0);
      expect((JSON.parse(list.stdout) as { label: string }[]).map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);
    } finally {
      await tokens?.cleanup();
    }
  }, 120_000);
});
