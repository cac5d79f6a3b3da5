// `ctl-client fetch` as a user runs it, against a real tftpd-hpa serving a published CTL.
import 'reflect-metadata';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import { openTarget } from '../../electron/services/targets';
import { makeIdentity, signedCtl } from '../helpers/pki';
import { sha256 } from '../helpers/rejection';
import { named, noTftpd } from '../helpers/real-servers';
import { freeUdpPort, startTftpd, type Tftpd } from '../helpers/tftpd';
import { runCli } from './run-cli';

describe.skipIf(noTftpd)(named('ctl-client fetch', noTftpd), () => {
  let dir: string;
  let root: string;
  let tftpd: Tftpd;
  let ctl: Uint8Array;
  let published: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ctl-fetch-cli-'));
    root = path.join(dir, 'tftp');
    await mkdir(root);
    await chmod(dir, 0o755);
    await chmod(root, 0o755);
    const sast = await makeIdentity({ subject: 'CN=SAST-1,O=Example' });
    const ccm = await makeIdentity({ subject: 'CN=cucm1,O=Example' });
    ctl = await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', ccm.der, { dnsName: 'cucm1', ipAddress: '10.0.0.1' })]);
    const target = await openTarget(root);
    const staged = await target.stage(ctl);
    await target.commit(staged.stageId, null);
    await target.close();
    published = path.join(dir, 'published.tlv');
    await writeFile(published, ctl);
    tftpd = await startTftpd(root);
  });
  afterAll(async () => {
    await tftpd?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('downloads, prints size, SHA-256 and the signer, says identical, saves with --out', async () => {
    const out = path.join(dir, 'fetched.tlv');
    const r = await runCli(['fetch', '--tftp', `127.0.0.1:${tftpd.port}`, '--compare', published, '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`127.0.0.1:${tftpd.port}  CTLFile.tlv: ${ctl.length} bytes, SHA-256 ${sha256(ctl)}`);
    expect(r.stdout).toMatch(/CTL signed 2027-01-15T08:00:00.000Z by CN=SAST-1.O=Example, 2 records, signature valid/);
    expect(r.stdout).toContain(`identical to ${published}`);
    expect(sha256(await readFile(out))).toBe(sha256(ctl));
  });

  it('reports a difference with the first differing byte (exit 3), per server in JSON', async () => {
    const other = Uint8Array.from(ctl);
    other[100] = other[100]! ^ 0xff;
    const local = path.join(dir, 'other.tlv');
    await writeFile(local, other);
    const r = await runCli(['fetch', '--tftp', `127.0.0.1:${tftpd.port}`, '--compare', local, '--json']);
    expect(r.code).toBe(3);
    const report = JSON.parse(r.stdout) as { servers: Array<{ ok: boolean; compare: { identical: boolean; firstDifference: number } }> };
    expect(report.servers[0]).toMatchObject({ ok: true, compare: { identical: false, firstDifference: 100 } });
  });

  it('a server that does not answer, among working ones, fails the command (exit 4) and is named', async () => {
    const silent = await freeUdpPort();
    const r = await runCli(['fetch', '--tftp', `127.0.0.1:${tftpd.port}`, '--tftp', `127.0.0.1:${silent}`, '--timeout', '100', '--retries', '1']);
    expect(r.code).toBe(4);
    expect(r.stdout).toContain(`127.0.0.1:${tftpd.port}  CTLFile.tlv: ${ctl.length} bytes`);
    expect(r.stdout).toContain(`127.0.0.1:${silent}  CTLFile.tlv: FAILED (timeout)`);
  });

  it('a missing file is exit 4 (file-not-found); bad arguments are usage errors', async () => {
    const missing = await runCli(['fetch', '--tftp', `127.0.0.1:${tftpd.port}`, '--file', 'ITLFile.tlv']);
    expect(missing.code).toBe(4);
    expect(missing.stdout).toContain('FAILED (file-not-found)');
    const noServer = await runCli(['fetch']);
    expect(noServer.code).toBe(1);
    expect(noServer.stderr).toContain('--tftp is required');
    const badPort = await runCli(['fetch', '--tftp', 'host:70000']);
    expect(badPort.stderr).toContain('out of range');
    const help = await runCli(['fetch', '--help']);
    expect(help.stdout).toContain('Usage: ctl-client fetch --tftp <host[:port]>');
    const list = await runCli(['--help']);
    expect(list.stdout).toMatch(/fetch\s+download a CTL over TFTP/);
  });
});
