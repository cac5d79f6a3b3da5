// `ctl-client tokens init-demo`: a SoftHSM token store with SAST-1..3 and ROGUE, each an
// on-token RSA 2048 key pair and a SAST-style certificate from a demo CA. It changes the
// process's SOFTHSM2_CONF, so run it in its own process (the CLI does).
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import { readFileBounded } from '../fs/read-bounded';
import {
  CKA_CERTIFICATE_TYPE,
  CKA_CLASS,
  CKA_EXTRACTABLE,
  CKA_ID,
  CKA_ISSUER,
  CKA_LABEL,
  CKA_MODULUS,
  CKA_MODULUS_BITS,
  CKA_PRIVATE,
  CKA_PUBLIC_EXPONENT,
  CKA_SENSITIVE,
  CKA_SERIAL_NUMBER,
  CKA_SIGN,
  CKA_SUBJECT,
  CKA_TOKEN,
  CKA_VALUE,
  CKA_VERIFY,
  CKC_X_509,
  CKF_RW_SESSION,
  CKF_SERIAL_SESSION,
  CKM_RSA_PKCS_KEY_PAIR_GEN,
  CKO_CERTIFICATE,
  CKU_USER,
} from './constants';
import { toPem } from '../signing/pem';
import { certificateNames, createDemoCa, issueTokenCertificate, type DemoCa } from './demo-ca';
import { openPkcs11js, unload } from './module-loader';
import { knownModules } from './module-table';
import { attributeBuffer, type LoadedModule } from './pkcs11-api';
import { Pkcs11Driver } from './pkcs11-driver';

const run = promisify(execFile);

export const DEMO_LABELS = ['SAST-1', 'SAST-2', 'SAST-3', 'ROGUE'] as const;
export const DEMO_PIN = 'Cisco123';
// The security officer PIN of demo tokens only; real tokens come personalised.
const DEMO_SO_PIN = '12345678';

const demoTokenSchema = z.object({
  label: z.string(),
  serial: z.string(),
  certificate: z.object({ subject: z.string(), issuer: z.string(), serial: z.string(), sha256: z.string().regex(/^[0-9a-f]{64}$/) }),
});
const stateSchema = z.object({ tokens: z.array(demoTokenSchema) });
export type DemoToken = z.infer<typeof demoTokenSchema>;

export interface DemoStore {
  env: { SOFTHSM2_CONF: string; CTL_PKCS11_MODULE: string };
  caCertificate: string;
  /** True when an existing valid store was reused. */
  reused: boolean;
  tokens: DemoToken[];
}

export function softhsmModulePath(explicit?: string): string {
  if (explicit) return explicit;
  const candidates = knownModules().find((c) => c.name.startsWith('SoftHSM'))?.paths ?? [];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error(`SoftHSM 2 is not installed (looked for ${candidates.join(', ') || 'no known path'}). Install the softhsm2 package.`);
  return found;
}

function derInteger(bytes: Buffer): Buffer {
  const body = bytes[0]! & 0x80 ? Buffer.concat([Buffer.from([0]), bytes]) : bytes;
  return Buffer.concat([Buffer.from([0x02, body.length]), body]);
}

/** Reads the store back and checks it matches the recorded state; null when it does not. */
async function existingStore(modulePath: string, statePath: string): Promise<DemoToken[] | null> {
  if (!existsSync(statePath)) return null;
  let recorded: DemoToken[];
  try {
    // Bounded: the store lives in a user-named folder; a state file that is not ours is rebuilt.
    recorded = stateSchema.parse(JSON.parse(new TextDecoder().decode(await readFileBounded(statePath, 1024 * 1024)))).tokens;
  } catch {
    return null;
  }
  let module: LoadedModule | null = null;
  try {
    module = openPkcs11js(modulePath, 'SoftHSM 2');
    module.api.C_Initialize();
    const driver = new Pkcs11Driver(module);
    const present = driver.list();
    const ok = DEMO_LABELS.every((label) => {
      const want = recorded.find((t) => t.label === label);
      const have = present.filter((t) => t.label === label);
      return want && have.length === 1 && have[0]!.serial === want.serial && have[0]!.certificates.some((c) => c.sha256 === want.certificate.sha256 && c.hasPrivateKey);
    });
    return ok ? recorded : null;
  } catch {
    return null;
  } finally {
    if (module) unload(module);
  }
}

async function personalise(module: LoadedModule, ca: DemoCa, label: string, index: number): Promise<DemoToken> {
  const { api } = module;
  const driver = new Pkcs11Driver({ ...module, close: () => undefined });
  const token = driver.list().find((t) => t.label === label);
  if (!token) throw new Error(`SoftHSM did not create token ${label}`);
  const slot = api.C_GetSlotList(true).find((s) => api.C_GetTokenInfo(s).serialNumber.trim() === token.serial)!;
  const session = api.C_OpenSession(slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
  try {
    api.C_Login(session, CKU_USER, DEMO_PIN);
    const id = Buffer.from([0xa0, index + 1, ...randomBytes(6)]);
    const keys = api.C_GenerateKeyPair(
      session,
      { mechanism: CKM_RSA_PKCS_KEY_PAIR_GEN },
      [
        { type: CKA_TOKEN, value: true },
        { type: CKA_VERIFY, value: true },
        { type: CKA_MODULUS_BITS, value: 2048 },
        { type: CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        { type: CKA_ID, value: id },
        { type: CKA_LABEL, value: label },
      ],
      [
        { type: CKA_TOKEN, value: true },
        { type: CKA_PRIVATE, value: true },
        { type: CKA_SENSITIVE, value: true },
        { type: CKA_EXTRACTABLE, value: false },
        { type: CKA_SIGN, value: true },
        { type: CKA_ID, value: id },
        { type: CKA_LABEL, value: label },
      ],
    );
    const pub = api.C_GetAttributeValue(session, keys.publicKey, [{ type: CKA_MODULUS }, { type: CKA_PUBLIC_EXPONENT }]);
    const subject = `CN=SAST-ADN${randomBytes(4).toString('hex')}, OU=IPCBU, O=Cisco Systems`;
    const issued = await issueTokenCertificate(ca, subject, attributeBuffer(pub, CKA_MODULUS)!, attributeBuffer(pub, CKA_PUBLIC_EXPONENT)!);
    const names = certificateNames(issued.der);
    api.C_CreateObject(session, [
      { type: CKA_CLASS, value: CKO_CERTIFICATE },
      { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
      { type: CKA_TOKEN, value: true },
      { type: CKA_PRIVATE, value: false },
      { type: CKA_ID, value: id },
      { type: CKA_LABEL, value: label },
      { type: CKA_SUBJECT, value: names.subject },
      { type: CKA_ISSUER, value: names.issuer },
      { type: CKA_SERIAL_NUMBER, value: derInteger(names.serial) },
      { type: CKA_VALUE, value: issued.der },
    ]);
    api.C_Logout(session);
  } finally {
    api.C_CloseSession(session);
  }
  const cert = driver.list().find((t) => t.serial === token.serial)!.certificates[0]!;
  return { label, serial: token.serial, certificate: { subject: cert.subject, issuer: cert.issuer, serial: cert.serial, sha256: cert.sha256 } };
}

/** Creates (or reuses) the demo token store in dir. */
export async function initDemoTokens(dir: string, options: { modulePath?: string } = {}): Promise<DemoStore> {
  const root = resolve(dir);
  const modulePath = softhsmModulePath(options.modulePath);
  const tokendir = join(root, 'tokens');
  const conf = join(root, 'softhsm2.conf');
  const statePath = join(root, 'demo-tokens.json');
  const caPath = join(root, 'demo-ca.pem');
  await mkdir(root, { recursive: true });
  await writeFileAtomic(conf, `# Demo token store of ctl-client tokens init-demo\ndirectories.tokendir = ${tokendir}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = true\n`);
  // SoftHSM reads SOFTHSM2_CONF at C_Initialize from the process environment.
  process.env.SOFTHSM2_CONF = conf;
  const env = { SOFTHSM2_CONF: conf, CTL_PKCS11_MODULE: modulePath };

  const reused = existsSync(caPath) ? await existingStore(modulePath, statePath) : null;
  if (reused) return { env, caCertificate: caPath, reused: true, tokens: reused };

  await rm(tokendir, { recursive: true, force: true });
  await rm(statePath, { force: true });
  await mkdir(tokendir, { recursive: true, mode: 0o700 });
  for (const label of DEMO_LABELS) {
    await run('softhsm2-util', ['--init-token', '--free', '--label', label, '--so-pin', DEMO_SO_PIN, '--pin', DEMO_PIN], { env: { ...process.env, SOFTHSM2_CONF: conf } });
  }
  const ca = await createDemoCa();
  await writeFileAtomic(caPath, toPem(new Uint8Array(ca.certificate.rawData)));
  const module = openPkcs11js(modulePath, 'SoftHSM 2');
  const tokens: DemoToken[] = [];
  try {
    module.api.C_Initialize();
    for (const [index, label] of DEMO_LABELS.entries()) tokens.push(await personalise(module, ca, label, index));
  } finally {
    unload(module);
  }
  await writeFileAtomic(statePath, `${JSON.stringify({ tokens }, null, 2)}\n`);
  return { env, caCertificate: caPath, reused: false, tokens };
}
