// Real SoftHSM demo tokens for tests, made the way a user makes them: by running
// `ctl-client tokens init-demo` in a child process (it sets SOFTHSM2_CONF for itself).
// Each test file gets its own store in a temp dir; create it once per file (beforeAll).
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import {
  CKA_CERTIFICATE_TYPE, CKA_CLASS, CKA_ID, CKA_LABEL, CKA_TOKEN, CKA_VALUE, CKC_X_509, CKF_RW_SESSION, CKF_SERIAL_SESSION, CKO_CERTIFICATE, CKU_USER, CKA_SUBJECT,
} from '../../electron/services/tokens/constants';
import { certificateNames } from '../../electron/services/tokens/demo-ca';
import type { DemoStore } from '../../electron/services/tokens/demo-tokens';
import type { Pkcs11Api } from '../../electron/services/tokens/pkcs11-api';
import { TokenService, type TokenServiceOptions } from '../../electron/services/tokens/token-service';

const run = promisify(execFile);
export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CLI = join(REPO_ROOT, 'bin/ctl-client.cjs');
export const DEMO_PIN = 'Cisco123';

export interface DemoTokens extends DemoStore {
  dir: string;
  /** Environment for child processes (`ctl-client …`) using this store. */
  childEnv: NodeJS.ProcessEnv;
  /** Points this process at the store (SoftHSM reads SOFTHSM2_CONF at C_Initialize). */
  useInThisProcess(): void;
  cleanup(): Promise<void>;
}

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `node bin/ctl-client.cjs …` as a user would; never throws on a non-zero exit. */
export function runCtlClient(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: REPO_ROOT, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code: code ?? -1, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Creates SAST-1, SAST-2, SAST-3 and ROGUE (PIN Cisco123) in a new temp dir (or `dir`). */
/** Demo tokens used by this process and a token service on them (a test file's beforeAll). */
export async function startDemoTokenService(options: TokenServiceOptions = {}): Promise<{ store: DemoTokens; service: TokenService }> {
  const store = await createDemoTokens();
  store.useInThisProcess();
  return { store, service: await TokenService.start(options) };
}

/** Closes what startDemoTokenService started (a test file's afterAll; either may be missing after a failed start). */
export async function stopDemoTokenService(store: DemoTokens | undefined, service: TokenService | undefined): Promise<void> {
  await service?.close();
  await store?.cleanup();
}

export async function createDemoTokens(dir?: string): Promise<DemoTokens> {
  const root = dir ?? (await mkdtemp(join(tmpdir(), 'ctl-tokens-')));
  const result = await runCtlClient(['tokens', 'init-demo', '--dir', root], { env: { ...process.env, CTL_PKCS11_MODULE: '' } });
  if (result.code !== 0) throw new Error(`init-demo failed (${result.code}): ${result.stderr}`);
  const store = JSON.parse(result.stdout) as DemoStore;
  return {
    ...store,
    dir: root,
    childEnv: { ...process.env, ...store.env },
    useInThisProcess() {
      process.env.SOFTHSM2_CONF = store.env.SOFTHSM2_CONF;
      process.env.CTL_PKCS11_MODULE = store.env.CTL_PKCS11_MODULE;
    },
    cleanup: () => rm(root, { recursive: true, force: true }),
  };
}

/** The SoftHSM directory of the token with this label (each token is a folder in tokendir). */
async function tokenFolder(store: DemoTokens, label: string): Promise<string> {
  const tokendir = join(store.dir, 'tokens');
  for (const name of await readdir(tokendir)) {
    const object = await readFile(join(tokendir, name, 'token.object')).catch(() => null);
    // The label is stored blank-padded to 32 bytes inside token.object.
    if (object?.includes(Buffer.from(label.padEnd(32, ' ')))) return name;
  }
  throw new Error(`no SoftHSM folder for token ${label}`);
}

/**
 * "Pulls" a token: moves its folder out of the tokendir. SoftHSM notices at the next
 * re-initialization (TokenService.rescan with no session open). Returns the re-insert.
 */
export async function removeToken(store: DemoTokens, label: string): Promise<() => Promise<void>> {
  const name = await tokenFolder(store, label);
  const parked = join(store.dir, 'parked');
  await mkdir(parked, { recursive: true });
  await rename(join(store.dir, 'tokens', name), join(parked, name));
  return () => rename(join(parked, name), join(store.dir, 'tokens', name));
}

/**
 * Adds a token holding a known key pair and certificate (for byte-for-byte comparisons with
 * a PEM signer). Uses softhsm2-util (key) and pkcs11js in this process (certificate), so
 * call it before starting a TokenService in this process.
 */
export async function addTokenWithKey(store: DemoTokens, label: string, keyPem: string, certDer: Uint8Array): Promise<void> {
  const env = { ...process.env, ...store.env };
  const keyFile = join(store.dir, `${label}.key.pem`);
  await writeFile(keyFile, keyPem, { mode: 0o600 });
  const id = 'c0ffee01';
  try {
    await run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', '12345678', '--pin', DEMO_PIN], { env });
    await run('softhsm2-util', ['--import', keyFile, '--token', label, '--label', label, '--id', id, '--pin', DEMO_PIN], { env });
  } finally {
    await rm(keyFile, { force: true });
  }
  writeCertificateObject(store.env, label, Buffer.from(id, 'hex'), Buffer.from(certDer));
}

// Writes a certificate object with pkcs11js in this process (loaded, used, finalized here).
interface Binding {
  PKCS11: new () => Pkcs11Api & { load(path: string): void; close(): void };
}

function writeCertificateObject(env: { SOFTHSM2_CONF: string; CTL_PKCS11_MODULE: string }, label: string, id: Buffer, der: Buffer): void {
  const previous = process.env.SOFTHSM2_CONF;
  process.env.SOFTHSM2_CONF = env.SOFTHSM2_CONF;
  const binding = createRequire(import.meta.url)('pkcs11js') as Binding;
  const module = new binding.PKCS11();
  module.load(env.CTL_PKCS11_MODULE);
  module.C_Initialize();
  try {
    const slot = module.C_GetSlotList(true).find((s) => module.C_GetTokenInfo(s).label.trim() === label);
    if (!slot) throw new Error(`no token ${label}`);
    const session = module.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
    module.C_Login(session, CKU_USER, 'Cisco123');
    module.C_CreateObject(session, [
      { type: CKA_CLASS, value: CKO_CERTIFICATE },
      { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
      { type: CKA_TOKEN, value: true },
      { type: CKA_ID, value: id },
      { type: CKA_LABEL, value: label },
      { type: CKA_SUBJECT, value: certificateNames(der).subject },
      { type: CKA_VALUE, value: der },
    ]);
    module.C_Logout(session);
    module.C_CloseSession(session);
  } finally {
    module.C_Finalize();
    module.close();
    if (previous === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previous;
  }
}
