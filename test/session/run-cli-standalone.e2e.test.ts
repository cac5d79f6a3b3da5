// `ctl-client run --target …` end to end, for TFTP servers that run no CTL Provider: two real
// OpenSSH sshd on loopback (each with its own TFTP root and host key), one local folder, the
// real in.tftpd serving the SFTP roots for the phone's-eye check, SoftHSM demo tokens, and
// the CLI in a child process. Every test checks the bytes in every root.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import type { SessionReport } from '../../shared/session/types';
import { makeIdentity, toPem } from '../helpers/pki';
import { named, noSshd, noTftpd } from '../helpers/real-servers';
import { createDemoTokens, runCtlClient, type CliResult, type DemoTokens } from '../helpers/softhsm';
import { startSshd, type Sshd } from '../helpers/sshd';
import { startTftpd, type Tftpd } from '../helpers/tftpd';

const missing = noSshd ?? noTftpd;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

interface Lab {
  dir: string;
  ssh: Sshd[];
  tftp: Tftpd[];
  folder: string;
  roots: string[];
  base: string[];
  run(args: string[]): Promise<CliResult>;
  disks(): Promise<string[]>;
}

describe.skipIf(missing)(named('ctl-client run --target (sshd, in.tftpd, folder, SoftHSM)', missing), () => {
  let tokens: DemoTokens;
  let lab: Lab | null = null;
  const extra: Sshd[] = [];

  beforeAll(async () => { tokens = await createDemoTokens(); }, 120_000);
  afterAll(async () => { await tokens?.cleanup(); });
  afterEach(async () => {
    if (lab) {
      await Promise.all([...lab.ssh.map((s) => s.stop()), ...lab.tftp.map((t) => t.stop()), rm(lab.dir, { recursive: true, force: true })]);
      lab = null;
    }
    await Promise.all(extra.splice(0).map((s) => s.stop()));
  });

  async function makeLab(): Promise<Lab> {
    const dir = await mkdtemp(path.join(tmpdir(), 'ctl-standalone-e2e-'));
    const ssh = [await startSshd(), await startSshd()];
    // One administrator key for both servers, as one --ssh-key gives.
    await writeFile(path.join(ssh[1]!.dir, 'authorized_keys'), await readFile(`${ssh[0]!.userKey}.pub`));
    const tftp = [await startTftpd(ssh[0]!.root), await startTftpd(ssh[1]!.root)];
    const folder = path.join(dir, 'local-tftp');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    const certFile = async (cn: string) => {
      const id = await makeIdentity({ subject: `CN=${cn}, O=Lab`, modulusBits: 1024 });
      const file = path.join(dir, `${cn}.pem`);
      await writeFile(file, toPem(id.der, 'CERTIFICATE'));
      return file;
    };
    const pinFile = path.join(dir, 'pin');
    await writeFile(pinFile, 'Cisco123\n', { mode: 0o600 });
    const base = [
      'run', ...ssh.flatMap((s) => ['--target', `sftp://root@127.0.0.1:${s.port}${s.root}`]), '--target', folder,
      '--ssh-key', ssh[0]!.userKey, '--pin-file', pinFile, '--trust-store', path.join(dir, 'trust.json'),
      ...tftp.flatMap((t) => ['--tftp-check', `127.0.0.1:${t.port}`]),
    ];
    const entries = [
      '--entry', `role=CCM+TFTP,cert=${await certFile('cucm-lab')},dns=cucm-lab,ip=192.0.2.20`,
      '--entry', `role=TFTP,cert=${await certFile('tftp-lab')},dns=tftp-lab,ip=192.0.2.21`,
    ];
    const roots = [ssh[0]!.root, ssh[1]!.root, folder];
    const l: Lab = {
      dir, ssh, tftp, folder, roots, base: [...base, ...entries],
      run: (args) => runCtlClient([...l.base, ...args], { env: tokens.childEnv, timeoutMs: 120_000 }),
      disks: () => Promise.all(roots.map((r) => readFile(path.join(r, 'CTLFile.tlv')).then(sha, () => 'none'))),
    };
    lab = l;
    return l;
  }

  const trustBoth = (l: Lab) => l.ssh.flatMap((s) => ['--trust', s.hostKeyFingerprint]);

  async function firstMixed(l: Lab): Promise<string> {
    const report = path.join(l.dir, 'first.json');
    const r = await l.run([...trustBoth(l), '--mode', 'mixed', '--token', 'SAST-1', '--token', 'SAST-2', '--yes', '--report', report]);
    expect(r.code, r.stderr).toBe(0);
    const disks = await l.disks();
    expect(new Set(disks).size).toBe(1);
    return disks[0]!;
  }

  it('lists every untrusted host key in one failed run; trusted, writes the first CTL everywhere and phones fetch it over TFTP', async () => {
    const l = await makeLab();
    const untrusted = await l.run(['--mode', 'mixed', '--token', 'SAST-1', '--token', 'SAST-2', '--yes']);
    expect(untrusted.code).toBe(4);
    for (const s of l.ssh) expect(untrusted.stderr).toContain(s.hostKeyFingerprint);
    expect(await l.disks()).toEqual(['none', 'none', 'none']);

    const sum = await firstMixed(l);
    const bytes = await readFile(path.join(l.folder, 'CTLFile.tlv'));
    const file = decodeCtl(bytes);
    expect(file.records.map((r) => `${r.role}:${r.dnsName}`)).toEqual(expect.arrayContaining(['CCM+TFTP:cucm-lab', 'TFTP:tftp-lab']));
    expect(file.records.filter((r) => r.role === 'SAST')).toHaveLength(2);
    expect((await verifyCtl(bytes)).signatureValid).toBe(true);
    for (const root of l.roots) expect((await stat(path.join(root, 'CTLFile.tlv'))).mode & 0o777).toBe(0o644);
    const report = JSON.parse(await readFile(path.join(l.dir, 'first.json'), 'utf8')) as SessionReport;
    expect(report.targets.map((t) => t.status)).toEqual(['verified', 'verified', 'verified']);
    expect(report.phoneCheck.map((c) => [c.server, c.outcome, c.sha256])).toEqual(l.tftp.map((t) => [`127.0.0.1:${t.port}`, 'matches', sum]));
    // The host keys were pinned in the trust store; no secret reached the report.
    expect(JSON.parse(await readFile(path.join(l.dir, 'trust.json'), 'utf8')).entries[`127.0.0.1:${l.ssh[0]!.port}`]).toMatchObject({ kind: 'ssh-host-key', fingerprint: l.ssh[0]!.hostKeyFingerprint });
    expect(JSON.stringify(report)).not.toContain('Cisco123');
  });

  it('updates: SAST-1 proves itself, SAST-3 is added, every root gets the new CTL', async () => {
    const l = await makeLab();
    const before = await firstMixed(l);
    const r = await l.run(['--mode', 'update', '--token', 'SAST-1', '--token', 'SAST-3', '--yes', '--json']);
    expect(r.code, r.stderr).toBe(0);
    const disks = await l.disks();
    expect(new Set(disks).size).toBe(1);
    expect(disks[0]).not.toBe(before);
    const file = decodeCtl(await readFile(path.join(l.ssh[1]!.root, 'CTLFile.tlv')));
    expect(file.records.filter((x) => x.role === 'SAST')).toHaveLength(3);
    const out = JSON.parse(r.stdout) as { report: SessionReport };
    expect(out.report.phoneCheck.every((c) => c.outcome === 'matches')).toBe(true);
  });

  it('refuses a rogue token with nothing changed', async () => {
    const l = await makeLab();
    const before = await firstMixed(l);
    const r = await l.run(['--mode', 'update', '--token', 'ROGUE', '--yes']);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/token-not-in-ctl/);
    expect(await l.disks()).toEqual([before, before, before]);
  });

  it('refuses a changed host key, naming both keys, with nothing changed anywhere', async () => {
    const l = await makeLab();
    const before = await firstMixed(l);
    const old = l.ssh[1]!.hostKeyFingerprint;
    await l.ssh[1]!.replaceHostKey();
    const r = await l.run(['--mode', 'update', '--token', 'SAST-1', '--yes']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(old);
    expect(r.stderr).toContain(l.ssh[1]!.hostKeyFingerprint);
    expect(r.stderr).toMatch(/CHANGED/);
    expect(await l.disks()).toEqual([before, before, before]);
  });

  it('aborts the whole publish when one root refuses the write: nothing changes on any target', async () => {
    const l = await makeLab();
    const before = await firstMixed(l);
    // A third server whose login cannot write its TFTP root (sshd as nobody; the root belongs to root).
    const locked = await startSshd({ as: 'nobody' });
    extra.push(locked);
    await writeFile(path.join(locked.dir, 'authorized_keys'), await readFile(`${l.ssh[0]!.userKey}.pub`));
    const { copyFile } = await import('node:fs/promises');
    await copyFile(path.join(l.folder, 'CTLFile.tlv'), path.join(locked.root, 'CTLFile.tlv'));
    l.base.push('--target', `sftp://nobody@127.0.0.1:${locked.port}${locked.root}`, '--trust', locked.hostKeyFingerprint);
    const r = await l.run(['--mode', 'update', '--token', 'SAST-1', '--token', 'SAST-3', '--yes']);
    expect(r.code, r.stderr).toBe(5);
    expect(r.stderr).toMatch(/nothing changed/);
    expect(await l.disks()).toEqual([before, before, before]);
    expect(sha(await readFile(path.join(locked.root, 'CTLFile.tlv')))).toBe(before);
  });
});
