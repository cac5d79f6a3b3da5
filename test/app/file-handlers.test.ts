// Files the window asks main to write or show, with real files on disk: the report (Markdown and
// JSON, atomically), "Show in folder" for the report saved last only, a certificate exported as
// PEM (refused unless the bytes are a certificate), and the cluster's current CTL inspected.
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { requestSchemas } from '../../shared/ipc/contract';
import { recordFromCertificate } from '../../shared/ctl/index';
import { X509Certificate } from '../../shared/ctl/x509';
import type { SessionSnapshot } from '../../shared/session/types';
import { fileHandlers, pemFileName } from '../../electron/app/file-handlers';
import type { HostPort, SessionPort } from '../../electron/app/ports';
import { makeIdentity, signedCtl } from '../helpers/pki';

let dir: string;
let snapshot: Partial<SessionSnapshot>;
let current: Uint8Array | null;
let shown: string[];
let chosen: string | null;

const session = (): SessionPort => ({
  snapshot: () => snapshot as SessionSnapshot,
  execute: async () => ({ ok: true }),
  onSnapshot: () => () => undefined,
  certificate: async () => null,
  currentCtl: () => current,
  close: async () => undefined,
});

const host = (withFolder = true): HostPort => ({
  pickFileToInspect: async () => 'unsupported',
  chooseReportPath: async () => chosen,
  chooseCertificatePath: async (name) => (chosen === null ? null : join(dir, name)),
  pickPkcs11Module: async () => 'unsupported',
  confirmPkcs11Module: async () => false,
  ...(withFolder ? { showInFolder: async (path: string) => (shown.push(path), true) } : {}),
});

const done = { outcome: 'committed', results: [], checklist: [], report: { finishedAt: '2026-12-04T16:00:00.000Z', outcome: 'committed' }, reportMarkdown: '# Report\n' };

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-files-'));
  snapshot = { done: null, cluster: null };
  current = null;
  shown = [];
  chosen = join(dir, 'run.md');
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('report: save, then show in folder', () => {
  it('writes the Markdown and its JSON twin, and shows exactly that file', async () => {
    const h = fileHandlers(session, host());
    await expect(h['report.reveal']({})).rejects.toMatchObject({ code: 'no-saved-report' });
    snapshot = { ...snapshot, done: done as never };
    expect(await h['report.save']({})).toEqual({ path: join(dir, 'run.md') });
    expect(await readFile(join(dir, 'run.md'), 'utf8')).toBe('# Report\n');
    expect(JSON.parse(await readFile(join(dir, 'run.json'), 'utf8'))).toMatchObject({ outcome: 'committed' });
    expect(await h['report.reveal']({})).toEqual({ shown: true, folder: dir });
    expect(shown).toEqual([join(dir, 'run.md')]);
  });

  it('a cancelled Save dialog writes nothing; a moved report is said to be gone; no file manager: the folder is named', async () => {
    snapshot = { ...snapshot, done: done as never };
    const h = fileHandlers(session, host(false));
    chosen = null;
    expect(await h['report.save']({})).toEqual({ path: null });
    expect(await readdir(dir)).toEqual([]);
    chosen = join(dir, 'run.md');
    await h['report.save']({});
    expect(await h['report.reveal']({})).toEqual({ shown: false, folder: dir });
    await rm(join(dir, 'run.md'));
    await expect(h['report.reveal']({})).rejects.toMatchObject({ code: 'saved-report-missing' });
  });
});

describe('certificate: save as PEM', () => {
  it('writes a PEM that decodes to the same DER, under a safe file name', async () => {
    const id = await makeIdentity({ subject: 'CN=cucm-1.example.com, O=Example' });
    const der = Buffer.from(id.der).toString('base64');
    const h = fileHandlers(session, host());
    const saved = await h['certificate.savePem']({ der, name: 'cucm-1.example.com' });
    expect(saved.path).toBe(join(dir, 'cucm-1.example.com.pem'));
    const pem = await readFile(saved.path!, 'utf8');
    expect(pem.startsWith('-----BEGIN CERTIFICATE-----\n')).toBe(true);
    expect(pem.split('\n').every((line) => line.length <= 64)).toBe(true);
    expect(Buffer.from(new X509Certificate(pem).rawData).toString('base64')).toBe(der);
  });

  it('refuses bytes that are not a certificate and writes nothing', async () => {
    const h = fileHandlers(session, host());
    await expect(h['certificate.savePem']({ der: Buffer.from('not a certificate').toString('base64'), name: 'x' })).rejects.toMatchObject({ code: 'not-a-certificate' });
    expect(await readdir(dir)).toEqual([]);
  });

  it('file names keep letters, digits, dot, dash and underscore only; the request is bounded', () => {
    expect(pemFileName('CN=../../etc/passwd')).toBe('etc_passwd.pem');
    expect(pemFileName('CN=SAST-ADN0001;OU=IPCBU')).toBe('SAST-ADN0001_OU_IPCBU.pem');
    expect(pemFileName('...')).toBe('certificate.pem');
    expect(requestSchemas['certificate.savePem'].safeParse({ der: 'a'.repeat(100_000), name: 'x' }).success).toBe(false);
    expect(requestSchemas['certificate.savePem'].safeParse({ der: '<script>', name: 'x' }).success).toBe(false);
  });
});

describe("inspector: the cluster's current CTL", () => {
  it('inspects the bytes the session read; says why when there are none', async () => {
    const h = fileHandlers(session, host());
    await expect(h['inspector.openCurrent']({})).rejects.toMatchObject({ code: 'not-connected' });
    snapshot = { ...snapshot, cluster: { name: 'c' } as never };
    await expect(h['inspector.openCurrent']({})).rejects.toMatchObject({ code: 'no-current-ctl' });
    const sast = await makeIdentity({ subject: 'CN=SAST-ADN0001, O=Cisco Systems' });
    current = await signedCtl(sast, [recordFromCertificate('SAST', sast.der)], 1_790_000_000);
    const file = await h['inspector.openCurrent']({});
    expect(file.signature.valid).toBe(true);
    expect(file.entries).toHaveLength(1);
  });
});
