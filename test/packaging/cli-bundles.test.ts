// The bundles of scripts/build-cli.mjs (npm run build:cli): bin/ runs them while they are
// current, they print what the sources print, `inspect`, `--help` and `--version` load no TLS,
// worker (PKCS#11) or React code, and the provider runs as one file with Node alone.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl';
import { ProviderClient } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { runScript } from '../cli/run-cli';
import { makeIdentity, signedCtl } from '../helpers/pki';
import { buildCliScratch, ROOT, type CliScratch } from './cli-scratch';

let scratch: CliScratch;
let work: string;
let ctlFile: string;

beforeAll(async () => {
  [scratch, work] = await Promise.all([buildCliScratch(), mkdtemp(join(tmpdir(), 'cli-bundle-work-'))]);
  const sast = await makeIdentity({ subject: 'CN=SAST-1, O=Bundle test', modulusBits: 2048 });
  const node = await makeIdentity({ subject: 'CN=cucm1, O=Bundle test', issuer: sast, keyType: 'ec' });
  ctlFile = join(work, 'CTLFile.tlv');
  await writeFile(ctlFile, await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', node.der, { dnsName: 'cucm1', ipAddress: '10.0.0.1' })]));
}, 120_000);
afterAll(async () => {
  await Promise.all([scratch?.remove(), rm(work, { recursive: true, force: true })]);
});

/** Runs a script with a preload that writes the Node built-ins the process loaded to a file. */
async function builtinsLoaded(script: string, args: string[]): Promise<{ code: number | null; builtins: string[] }> {
  const list = join(work, `builtins-${Math.random().toString(36).slice(2)}.json`);
  const hook = join(work, 'builtins-hook.mjs');
  await writeFile(hook, "import { writeFileSync } from 'node:fs';\n"
    + "process.on('exit', () => writeFileSync(process.env.BUILTINS_FILE, JSON.stringify(process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)))));\n");
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', hook, script, ...args], { env: { ...process.env, BUILTINS_FILE: list }, stdio: 'ignore' });
    child.on('error', reject);
    child.on('close', resolve);
  });
  return { code, builtins: JSON.parse(await readFile(list, 'utf8')) as string[] };
}

/** `ctl-provider hash-password` with the password on stdin: the hash it prints. */
function hashPassword(script: string, cwd: string): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, [script, 'hash-password'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out.trim()) : reject(new Error(`hash-password exited ${code}: ${err}`))));
    child.stdin.end('secret\n');
  });
}

const HEAVY_BUILTINS = ['tls', '_tls_wrap', 'https', 'worker_threads'];

describe('bin/ and the bundles', () => {
  it('bin/ runs a current bundle and says so; after a source changes it runs the sources', async () => {
    const client = join(scratch.dir, 'bin', 'ctl-client.cjs');
    const provider = join(scratch.dir, 'bin', 'ctl-provider.cjs');
    const [c, p] = await Promise.all([runScript(client, ['--version']), runScript(provider, ['--version'])]);
    expect(c.stdout).toContain(`(bundle in ${join(scratch.dir, 'dist', 'cli')}, built `);
    expect(p.stdout).toContain(`(bundle in ${join(scratch.dir, 'dist', 'provider')}, built `);
    // package.json is one of the inputs (its version is built in); the scratch has its own copy.
    const future = new Date(Date.now() + 60_000);
    await utimes(join(scratch.dir, 'package.json'), future, future);
    try {
      const stale = await runScript(client, ['--version']);
      expect(stale.stdout).toMatch(/^ctl-client \S+ \(TypeScript sources through tsx/);
    } finally {
      const past = new Date(2020, 0, 1);
      await utimes(join(scratch.dir, 'package.json'), past, past);
    }
  }, 60_000);

  it('bin/ checks the sources of the command it runs only: an outdated run.cjs leaves inspect on the bundle', async () => {
    const client = join(scratch.dir, 'bin', 'ctl-client.cjs');
    const runBundle = join(scratch.clientDir, 'run.cjs');
    const hook = join(work, 'dist-files-hook.cjs');
    await writeFile(hook, "process.on('exit', () => require('node:fs').writeFileSync(process.env.DIST_FILES, "
      + "JSON.stringify(Object.keys(require.cache))));\n");
    const distFilesLoaded = async (args: string[]) => {
      const list = join(work, `dist-files-${Math.random().toString(36).slice(2)}.json`);
      await new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--require', hook, client, ...args], { env: { ...process.env, DIST_FILES: list }, stdio: 'ignore' });
        child.on('error', reject);
        child.on('close', resolve);
      });
      return (JSON.parse(await readFile(list, 'utf8')) as string[]).filter((f) => f.startsWith(scratch.clientDir)).map((f) => basename(f));
    };
    expect(await distFilesLoaded(['run'])).toContain('run.cjs');
    const past = new Date(2020, 0, 1);
    await utimes(runBundle, past, past); // older than its sources, as after an edit
    try {
      expect(await distFilesLoaded(['inspect', ctlFile])).toContain('inspect.cjs');
      // The command's file runs from a code cache of its own, written by its first run.
      expect(existsSync(join(scratch.clientDir, 'inspect.cjs.v8-cache'))).toBe(true);
      expect(await distFilesLoaded(['run'])).toEqual([]); // the sources, through tsx
    } finally {
      const now = new Date();
      await utimes(runBundle, now, now);
    }
  }, 60_000);

  it('bin/ reads the provider only up to its commands for --help, and loads them when a command runs', async () => {
    const provider = join(scratch.dir, 'bin', 'ctl-provider.cjs');
    const tailCache = `${scratch.providerBundle}.tail.v8-cache`;
    await rm(tailCache, { force: true });
    const help = await runScript(provider, ['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ctl-provider <command>/);
    expect(existsSync(tailCache)).toBe(false); // the commands were neither read nor compiled
    expect(await hashPassword(provider, work)).toMatch(/^scrypt\$/);
    expect(existsSync(tailCache)).toBe(true);
    expect(await hashPassword(provider, work)).toMatch(/^scrypt\$/); // now from the code caches
    // A note of the build that no longer matches the file: the launcher runs the file whole.
    const inputsFile = join(scratch.dir, 'dist', 'provider', 'build-inputs.json');
    const original = await readFile(inputsFile, 'utf8');
    const inputs = JSON.parse(original) as { tail: { offset: number } };
    inputs.tail.offset -= 5;
    await writeFile(inputsFile, JSON.stringify(inputs));
    try {
      expect(await hashPassword(provider, work)).toMatch(/^scrypt\$/);
      expect((await runScript(provider, ['--version'])).stdout).toContain('(bundle in ');
    } finally {
      await writeFile(inputsFile, original);
    }
  }, 60_000);

  it('inspect prints from the bundle exactly what it prints from the sources', async () => {
    for (const args of [['inspect', ctlFile], ['inspect', ctlFile, '--json']]) {
      const [bundled, sources] = await Promise.all([
        runScript(join(scratch.clientDir, 'ctl-client.cjs'), args),
        runScript(join(ROOT, 'bin', 'ctl-client.cjs'), args, { env: { CTL_FROM_SOURCES: '1' } }),
      ]);
      expect(bundled.code).toBe(0);
      expect(bundled).toEqual(sources);
    }
  }, 60_000);

  it('inspect, --help and --version load no TLS or worker (PKCS#11) code; cluster does', async () => {
    const bundle = join(scratch.clientDir, 'ctl-client.cjs');
    const light = [['inspect', ctlFile], ['--help'], ['--version'], ['run', '--help'], ['tokens', '--help'], ['help', 'cluster']];
    for (const args of light) {
      const r = await builtinsLoaded(bundle, args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.builtins.filter((b) => HEAVY_BUILTINS.includes(b)), args.join(' ')).toEqual([]);
    }
    for (const args of [['--help'], ['demo', '--help'], ['--version']]) {
      const r = await builtinsLoaded(scratch.providerBundle, args);
      expect(r.code, args.join(' ')).toBe(0);
      expect(r.builtins.filter((b) => HEAVY_BUILTINS.includes(b)), args.join(' ')).toEqual([]);
    }
    // The check can fail: the cluster command does load the TLS client.
    const password = join(work, 'password');
    await writeFile(password, 'x\n');
    const cluster = await builtinsLoaded(bundle, ['cluster', '--server', '127.0.0.1:1', '--user', 'u', '--password-file', password, '--trust-on-first-use']);
    expect(cluster.builtins).toContain('tls');
  }, 120_000);

  it('the files that inspect and the dispatcher load hold no token, session, TLS or React code', async () => {
    interface Meta { outputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[]; inputs: Record<string, unknown> }> }
    const meta = JSON.parse(await readFile(join(scratch.clientDir, 'metafile.json'), 'utf8')) as Meta;
    const light = ['dist/cli/ctl-client.cjs', 'dist/cli/inspect.cjs'].map((o) => meta.outputs[o]!);
    const inputs = light.flatMap((o) => Object.keys(o.inputs));
    const externals = light.flatMap((o) => o.imports.filter((i) => i.external).map((i) => i.path));
    // Paths are relative to the scratch folder, whose sources are links to the repository.
    expect(inputs.some((f) => f.endsWith('electron/cli/commands/inspect.ts'))).toBe(true);
    expect(Object.keys(meta.outputs['dist/cli/ctl-client.cjs']!.inputs).filter((f) => f.includes('electron/cli/commands/'))).toEqual([]);
    expect(inputs.filter((f) => /node_modules\/(react|react-dom|@peculiar|zod)\/|electron\/services\/(tokens|provider-client)\/|electron\/session\//.test(f))).toEqual([]);
    expect(externals.filter((e) => /^(node:)?(tls|https|worker_threads)$|^pkcs11js$|^usb$/.test(e))).toEqual([]);
    // The check can fail: the run command's file holds the session engine and the TLS client.
    const run = meta.outputs['dist/cli/run.cjs']!;
    expect(Object.keys(run.inputs).some((f) => f.includes('electron/session/'))).toBe(true);
  });
});

describe('ctl-provider as one file', () => {
  it('runs from an empty folder with Node alone: hash-password and a demo cluster a client logs in to', async () => {
    const host = await mkdtemp(join(tmpdir(), 'provider-host-'));
    const file = join(host, 'ctl-provider.cjs');
    await copyFile(scratch.providerBundle, file);
    const hash = await hashPassword(file, host);
    expect(hash).toMatch(/^scrypt\$/);
    const child = spawn(process.execPath, [file, 'demo', '--dir', join(host, 'demo'), '--nodes', '1', '--base-port', '0'], { cwd: host, stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        createInterface({ input: child.stdout }).once('line', resolve);
        child.once('exit', (c) => reject(new Error(`demo exited ${c}`)));
      });
      const ready = JSON.parse(line) as { admin: { username: string; password: string }; nodes: { name: string; host: string; port: number; fingerprint: string }[] };
      const node = ready.nodes[0]!;
      const session = await ProviderClient.connect({ host: node.host, port: node.port, trustStore: new MemoryTrustStore(), trust: node.fingerprint });
      await session.login(ready.admin.username, ready.admin.password);
      expect((await session.describe()).thisNode).toBe(node.name);
      await session.close();
      child.kill('SIGTERM');
      expect(await new Promise((r) => child.once('exit', r))).toBe(0);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      await rm(host, { recursive: true, force: true });
    }
  }, 120_000);
});
