// `ctl-client cluster` as a child process against a real loopback provider.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { canonicalDn } from '../../shared/ctl';
import * as x509 from '../../shared/ctl/x509';
import { pemBlocks } from '../../electron/services/signing/pem';
import { startTestProvider, admin, makeToken, makeCtl, PASSWORD, USER, type TestProvider } from './fixtures';

let p: TestProvider;
let pwFile: string;
let trustStore: string;

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [path.resolve('bin/ctl-client.cjs'), 'cluster', ...args], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

beforeAll(async () => {
  p = await startTestProvider();
  pwFile = path.join(p.dir, 'pw.txt');
  trustStore = path.join(p.dir, 'trusted-certificates.json');
  await writeFile(pwFile, `${PASSWORD}\n`);
  const [t1, t2] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2')]);
  const s = await admin(p);
  await s.lock();
  await s.commit((await s.stage(await makeCtl(t1, [t1, t2]), 1, (await s.getCtl()).sha256)).stageId, (await s.getCtl()).sha256);
  s.close();
});
afterAll(async () => { await p.stop(); });

describe('ctl-client cluster', () => {
  it('refuses an unknown certificate and prints how to accept it', async () => {
    const r = await cli(['--server', `127.0.0.1:${p.running.port}`, '--user', USER, '--password-file', pwFile, '--trust-store', trustStore]);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`--trust ${p.running.fingerprint}`);
  });

  it('prints mode, nodes, certificates and the current CTL once trusted; the trust store keeps the certificate', async () => {
    const args = ['--server', `127.0.0.1:${p.running.port}`, '--user', USER, '--password-file', pwFile, '--trust-store', trustStore];
    const r = await cli([...args, '--trust', p.running.fingerprint]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/security mode: 1 \(mixed\)/);
    expect(r.stdout).toMatch(/node-1 {2}127\.0\.0\.1:2444 {2}CallManager, TFTP, CAPF {2}\[first node\]/);
    expect(r.stdout).toMatch(/CAPF: .*CN=CAPF-node-1/);
    expect(r.stdout).toMatch(/signature valid/);
    expect(r.stdout).not.toContain(PASSWORD);
    const j = await cli([...args, '--json']);
    expect(j.code).toBe(0);
    const report = JSON.parse(j.stdout) as { securityMode: number; currentCtl: { signer: string; records: { role: string; subject: string }[] }; certificates: { sha256: string; subject: string }[] };
    // One DN rendering (the codec's canonicalDn) for certificates and CTL records alike.
    const capfDer = pemBlocks(await readFile(path.join(p.dir, 'capf.crt.pem'), 'utf8'))[0]!.der;
    expect(report.certificates.map((c) => c.subject)).toContain(canonicalDn(new x509.X509Certificate(capfDer).subjectName));
    for (const c of report.certificates) expect(c.subject).not.toContain(', ');
    expect(report.currentCtl.records.map((x) => x.subject)).toEqual(['CN=SAST-1;O=Cisco Manufacturing CA test;C=US', 'CN=SAST-2;O=Cisco Manufacturing CA test;C=US']);
    expect(report.currentCtl.signer).toBe('CN=SAST-1;O=Cisco Manufacturing CA test;C=US');
    expect(report.securityMode).toBe(1);
    expect(report.currentCtl.records.map((x) => x.role)).toEqual(['SAST', 'SAST']);
    expect(report.certificates[0]!.sha256).toBe(p.running.fingerprint);
  });

  it('exits 4 with a clear message on a wrong password', async () => {
    await writeFile(path.join(p.dir, 'bad.txt'), 'nope\n');
    const r = await cli(['--server', `127.0.0.1:${p.running.port}`, '--user', USER, '--password-file', path.join(p.dir, 'bad.txt'), '--trust-store', trustStore]);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/user name or password is wrong/);
  });
});
