// The wizard for TFTP servers without a CTL Provider, in real Chromium against `npm run
// dev:web` (real engine, SoftHSM demo tokens): the first step's choice, an OpenSSH sshd on
// loopback as one TFTP root and a local folder as another, the server's host key trusted on
// its own screen, a first mixed-mode CTL with two tokens, and the phone's-eye check against
// the real in.tftpd serving the SFTP root. The files on disk are checked.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import { makeIdentity, toPem } from '../helpers/pki';
import { named, noSshd, noTftpd } from '../helpers/real-servers';
import { startSshd, type Sshd } from '../helpers/sshd';
import { startTftpd, type Tftpd } from '../helpers/tftpd';
import type { Browser } from './helpers/browser';
import type { RunningDevWeb } from './helpers/dev-web';
import { mixedWithTwoTokens, setInserted, signAndPublish, waitHeading, useDevWebPage } from './helpers/wizard';

const missing = noSshd ?? noTftpd;

describe.skipIf(missing)(named('wizard: TFTP servers without a CTL Provider', missing), () => {
  let web: RunningDevWeb;
  let b: Browser;
  let ssh: Sshd;
  let tftp: Tftpd;
  let dir: string;
  useDevWebPage('standalone-wizard', (w, page) => {
    web = w;
    b = page;
  });
  beforeAll(async () => {
    ssh = await startSshd();
    tftp = await startTftpd(ssh.root);
    dir = await mkdtemp(path.join(tmpdir(), 'ctl-standalone-wizard-'));
  });
  afterAll(async () => {
    await tftp?.stop();
    await ssh?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('opens an SFTP root and a folder, trusts the host key once, publishes a first CTL and checks it over TFTP', async () => {
    const { page } = b;
    const folder = path.join(dir, 'tftp');
    await import('node:fs/promises').then((fs) => fs.mkdir(folder));
    const cert = path.join(dir, 'cucm-lab.pem');
    await writeFile(cert, toPem((await makeIdentity({ subject: 'CN=cucm-lab, O=Lab', modulusBits: 1024 })).der, 'CERTIFICATE'));

    await waitHeading(page, 'Connect to the cluster');
    await page.getByLabel(/TFTP servers \(SSH or folder\)/).check();
    await page.getByLabel('TFTP server 1').fill(`sftp://root@127.0.0.1:${ssh.port}${ssh.root}`);
    await page.getByRole('button', { name: 'Add a TFTP server' }).click();
    await page.getByLabel('TFTP server 2').fill(folder);
    await page.getByLabel('Private key file', { exact: true }).last().fill(ssh.userKey);
    await page.locator('#cert-files').setInputFiles(cert);
    await page.getByRole('group', { name: 'cucm-lab.pem' }).waitFor();
    await page.getByLabel(/TFTP servers to check afterwards/).fill(`127.0.0.1:${tftp.port}`);
    await b.screen('standalone-targets');
    await page.getByRole('button', { name: 'Open the TFTP servers' }).click();

    // First contact with the SSH server: its host key, as ssh-keygen prints it.
    await waitHeading(page, "Check the server's certificate");
    expect(await page.getByTestId('fingerprint').innerText()).toBe(ssh.hostKeyFingerprint);
    await page.getByText(/ssh-keygen -lf/).waitFor();
    await b.screen('standalone-trust');
    await page.getByRole('button', { name: /trust and continue/ }).click();

    await waitHeading(page, 'Choose the security mode');
    await page.getByRole('heading', { name: 'TFTP servers without a CTL Provider: 2' }).waitFor();
    await mixedWithTwoTokens(b, web);
    await page.getByRole('button', { name: 'Done adding tokens' }).click();
    await waitHeading(page, 'CTL entries');
    await page.getByRole('cell', { name: 'cucm-lab', exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await waitHeading(page, 'Review the new CTL');
    expect(await page.getByText('TFTP folder').count()).toBe(2);
    // The signer signs: it is inserted again, as the wizard asks.
    await setInserted(page, 'SAST-1', true);
    await signAndPublish(page, true);
    await waitHeading(page, 'The new CTL is in place');
    const check = page.getByTestId('phone-check');
    await check.getByText('same file').waitFor();
    expect(await check.getByRole('cell', { name: `127.0.0.1:${tftp.port}` }).count()).toBe(1);
    await b.screen('standalone-done');

    const sftpBytes = await readFile(path.join(ssh.root, 'CTLFile.tlv'));
    expect(sftpBytes.equals(await readFile(path.join(folder, 'CTLFile.tlv')))).toBe(true);
    const file = decodeCtl(sftpBytes);
    expect(file.records.map((r) => `${r.role}:${r.dnsName}`)).toEqual(expect.arrayContaining(['CCM+TFTP:cucm-lab']));
    expect(file.records.filter((r) => r.role === 'SAST')).toHaveLength(2);
    expect((await verifyCtl(sftpBytes)).signatureValid).toBe(true);
  });
});
