// The wizard end to end in real Chromium against `npm run dev:web` (real session engine, real
// token service over SoftHSM demo tokens, real CTL Providers on loopback). One cluster's life:
// first-time mixed mode with SAST-1 and SAST-2, a rogue token refused, a wrong PIN warned, and an
// update adding a TFTP server and a firewall, then an update that reaches both again (carried
// entries). Every step checks the files on disk.
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Browser } from './helpers/browser';
import type { RunningDevWeb } from './helpers/dev-web';
import { addToken, connect, ctlOnDisk, removeAllTokens, setInserted, sha256, signAndPublish, waitDone, waitHeading, useDevWebPage } from './helpers/wizard';

let web: RunningDevWeb;
let b: Browser;
const tokenSubject = new Map<string, string>();

useDevWebPage('wizard-flows', (w, page) => {
  web = w;
  b = page;
});

async function sastSubjects(): Promise<string[]> {
  const { file } = await ctlOnDisk(web.firstNode);
  return file.records.filter((r) => r.role === 'SAST').map((r) => r.subject);
}

describe.sequential('wizard flows', () => {
  it('first-time mixed mode with SAST-1 and SAST-2 writes a signed CTL to every node', async () => {
    const { page } = b;
    for (const node of web.nodes) await expect(readFile(join(node.tftpRoot, 'CTLFile.tlv'))).rejects.toThrow();
    await connect(b, web, { screens: true });
    await b.screen('mode');
    await page.getByLabel('Set the cluster to mixed mode').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await waitHeading(page, 'Security tokens');
    await removeAllTokens(page, web);
    await page.getByTestId('insert-prompt').waitFor();
    await b.screen('tokens-insert');
    // Done is not possible with fewer than two tokens; the reason is shown.
    await expect(page.getByRole('button', { name: 'Done adding tokens' }).isDisabled()).resolves.toBe(true);
    await addToken(b, 'SAST-1', 'token-info');
    await addToken(b, 'SAST-2');
    // Several tokens at once: the guide says one at a time, and the wizard says so.
    await setInserted(page, 'SAST-1', true);
    await setInserted(page, 'SAST-3', true);
    await page.getByText(/tokens are inserted at once/).waitFor();
    await b.screen('tokens-several');
    await setInserted(page, 'SAST-3', false);
    await page.getByRole('button', { name: 'Done adding tokens' }).click();

    await waitHeading(page, 'CTL entries');
    const rows = page.locator('tbody tr');
    expect(await rows.count()).toBe(6); // 3 nodes (CCM+TFTP), CAPF, 2 tokens
    // Server entries cannot be deleted: they cannot be ticked, and say why.
    const server = page.getByLabel('Select cucm-2');
    expect(await server.isDisabled()).toBe(true);
    expect(await page.locator(`#${await server.getAttribute('aria-describedby')}`).innerText()).toMatch(/cannot be deleted/);
    // The tokens added in this session are named by their labels.
    await page.getByRole('cell', { name: 'SAST-1', exact: true }).waitFor();
    await page.getByRole('cell', { name: 'SAST-2', exact: true }).waitFor();
    await b.screen('entries');
    await page.getByRole('button', { name: 'View the certificate of cucm-1' }).first().click();
    await page.getByRole('dialog').getByText('SHA-256 fingerprint').waitFor();
    await b.screen('certificate-viewer');
    await page.getByRole('dialog').getByRole('button', { name: 'Close' }).click();

    await page.getByRole('button', { name: 'Review' }).click();
    await waitHeading(page, 'Review the new CTL');
    await b.screen('review');
    await page.getByRole('button', { name: /sign and publish/ }).click();
    await page.getByRole('dialog').getByLabel('Token user PIN').fill('Cisco123');
    await b.screen('pin-sign');
    await page.getByRole('dialog').getByRole('button', { name: 'Sign and publish' }).click();
    await waitDone(page);
    await waitHeading(page, 'The new CTL is in place');
    expect(await page.getByText('written and verified').count()).toBe(3);
    expect(await page.getByTestId('mode-after').innerText()).toBe('The cluster is now in mixed mode.');
    await b.screen('done');
    await page.getByRole('button', { name: 'Save report' }).click();
    await page.getByText(/Report saved to/).waitFor();

    // On disk: the same signed CTL on every node, listing both tokens and all servers.
    const copies = await Promise.all(web.nodes.map((node) => ctlOnDisk(node)));
    const hashes = new Set(await Promise.all(copies.map((c) => sha256(c.bytes))));
    expect(hashes.size).toBe(1);
    const ctl = copies[0]!;
    expect(ctl.signatureValid).toBe(true);
    expect(ctl.file.records.map((r) => r.role).sort()).toEqual(['CAPF', 'CCM+TFTP', 'CCM+TFTP', 'CCM+TFTP', 'SAST', 'SAST']);
    const sasts = ctl.file.records.filter((r) => r.role === 'SAST');
    expect(ctl.file.signer.subject).toBe(sasts[0]!.subject);
    tokenSubject.set('SAST-1', sasts[0]!.subject);
    tokenSubject.set('SAST-2', sasts[1]!.subject);
    // The report is on disk, names the outcome and holds no secret.
    const reports = await readdir(web.reportsDir);
    expect(reports.filter((f) => f.endsWith('.md'))).toHaveLength(1);
    const markdown = await readFile(join(web.reportsDir, reports.find((f) => f.endsWith('.md'))!), 'utf8');
    expect(markdown).toContain(await sha256(ctl.bytes));
    expect(markdown).not.toContain(web.admin.password);
    expect(markdown).not.toContain('Cisco123');
    // Settings remember the cluster, the trust store the providers' certificates; neither the password.
    const settings = await readFile(join(web.userDataDir, 'settings.json'), 'utf8');
    expect(JSON.parse(settings).recentClusters[0]).toEqual({ host: web.firstNode.host, port: web.firstNode.port, username: web.admin.username });
    expect(settings).not.toContain(web.admin.password);
    const trusted = await readFile(join(web.userDataDir, 'trusted-certificates.json'), 'utf8');
    expect(JSON.parse(trusted).entries[`${web.firstNode.host}:${web.firstNode.port}`]).toMatchObject({ kind: 'tls-certificate', sha256: web.firstNode.fingerprint.toLowerCase() });
    expect(trusted).not.toContain(web.admin.password);
  });

  it('update: a token that is not in the current CTL (ROGUE) cannot prove the update', async () => {
    const { page } = b;
    const before = await sha256((await ctlOnDisk(web.firstNode)).bytes);
    await setInserted(page, 'SAST-1', false);
    await page.getByRole('button', { name: 'Start a new run' }).click();
    await connect(b, web);
    await page.getByLabel('Update the CTL file').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await waitHeading(page, 'Security tokens');
    await page.getByText(/proves itself with its PIN/).waitFor();
    await setInserted(page, 'ROGUE', true);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('heading', { name: 'Token ROGUE' }).waitFor();
    await page.getByText(/not in the current CTL/).waitFor();
    await b.screen('rogue-token');
    const prove = page.getByRole('button', { name: 'Enter PIN and prove' });
    if (await prove.isEnabled()) {
      await prove.click();
      await page.getByRole('dialog').getByLabel('Token user PIN').fill('Cisco123');
      await page.getByRole('dialog').getByRole('button', { name: 'Prove' }).click();
      await page.getByRole('dialog').getByRole('alert').waitFor();
      expect(await page.getByRole('dialog').getByRole('alert').innerText()).toMatch(/not (a SAST|listed|in the current CTL)/i);
      await b.screen('rogue-refused');
      await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();
    }
    await expect(page.getByRole('button', { name: 'Done adding tokens' }).isDisabled()).resolves.toBe(true);
    await setInserted(page, 'ROGUE', false);
    expect(await sha256((await ctlOnDisk(web.firstNode)).bytes)).toBe(before);
    expect(await sastSubjects()).toEqual([tokenSubject.get('SAST-1'), tokenSubject.get('SAST-2')]);
  });

  it('update: a wrong PIN is refused with its warning and the Cisco123 hint; the right one proves the token', async () => {
    const { page } = b;
    await setInserted(page, 'SAST-1', true);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('heading', { name: 'Token SAST-1' }).waitFor();
    await page.getByRole('button', { name: 'Enter PIN and prove' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('The first-time PIN of a Cisco token is Cisco123').waitFor();
    await dialog.getByLabel('Token user PIN').fill('wrong-pin');
    await dialog.getByRole('button', { name: 'Prove' }).click();
    await dialog.getByRole('alert').waitFor();
    const alert = await dialog.getByRole('alert').innerText();
    expect(alert).toMatch(/PIN is (incorrect|wrong)/i);
    expect(alert).toContain('What to do next');
    // The PIN field was cleared: the wrong PIN is not kept anywhere in the page.
    expect(await dialog.getByLabel('Token user PIN').inputValue()).toBe('');
    expect(await page.content()).not.toContain('wrong-pin');
    await b.screen('wrong-pin');
    await dialog.getByLabel('Token user PIN').fill('Cisco123');
    await dialog.getByRole('button', { name: 'Prove' }).click();
    await page.getByRole('cell', { name: 'SAST-1', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Done adding tokens' }).click();
    await waitHeading(page, 'CTL entries');
  });

  it('update: adds an alternate TFTP server and a firewall, signs with the proven token, writes to all targets', async () => {
    const { page } = b;
    const tftp = web.altTftp[0]!;
    const firewall = web.firewalls[0]!;
    await page.getByRole('button', { name: 'Add TFTP Server' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Host name or IP address').fill(tftp.host);
    await dialog.getByLabel('Port', { exact: true }).fill(String(tftp.port));
    expect(await dialog.getByLabel('User name').inputValue()).toBe(web.admin.username);
    await dialog.getByLabel('Password').fill(web.admin.password);
    await b.screen('add-tftp');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await addAfterTrust();
    await page.locator('td').getByText(tftp.name, { exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add Firewall' }).click();
    await dialog.getByLabel('Host name or IP address').fill(firewall.host);
    // The firewall port is fixed (the demo's firewall listens on its own loopback port).
    expect(await dialog.getByLabel('Port', { exact: true }).getAttribute('readonly')).not.toBeNull();
    // No password typed: the cluster's login (same user) is used, as the original client does.
    expect(await dialog.getByLabel('Password').inputValue()).toBe('');
    await b.screen('add-firewall');
    await dialog.getByRole('button', { name: 'Add', exact: true }).click();
    await addAfterTrust();
    await page.locator('td').getByText(firewall.name, { exact: true }).waitFor();
    await b.screen('entries-update');

    await page.getByRole('button', { name: 'Review' }).click();
    await waitHeading(page, 'Review the new CTL');
    expect(await page.getByRole('cell', { name: 'added', exact: true }).count()).toBeGreaterThanOrEqual(2);
    await b.screen('review-update');
    await signAndPublish(b.page);
    await b.screen('done-update');

    const targets = [...web.nodes, tftp, firewall];
    const copies = await Promise.all(targets.map((t) => ctlOnDisk(t)));
    expect(new Set(await Promise.all(copies.map((c) => sha256(c.bytes)))).size).toBe(1);
    const ctl = copies[0]!;
    expect(ctl.signatureValid).toBe(true);
    expect(ctl.file.signer.subject).toBe(tokenSubject.get('SAST-1'));
    expect(ctl.file.records.filter((r) => r.role === 'SAST').map((r) => r.subject)).toEqual([tokenSubject.get('SAST-1'), tokenSubject.get('SAST-2')]);
    expect(ctl.file.records.some((r) => r.role === 'TFTP' && r.dnsName === tftp.name)).toBe(true);
    // An ASA firewall is written as a CCM entry.
    expect(ctl.file.records.some((r) => r.role === 'CCM' && r.dnsName === firewall.name)).toBe(true);
  });

  it('the next update reaches the carried TFTP server and firewall (demo ports) and writes to all five TFTP roots', async () => {
    const { page } = b;
    const tftp = web.altTftp[0]!;
    const firewall = web.firewalls[0]!;
    const targets = [...web.nodes, tftp, firewall];
    const before = await sha256((await ctlOnDisk(web.firstNode)).bytes);
    await page.getByRole('button', { name: 'Start a new run' }).click();
    await connect(b, web);
    await page.getByLabel('Update the CTL file').check();
    await page.getByRole('button', { name: 'Next' }).click();
    await waitHeading(page, 'Security tokens');
    // SAST-1 is still inserted from the previous run: prove it again in this session.
    await setInserted(page, 'SAST-1', false);
    await setInserted(page, 'SAST-1', true);
    await page.getByRole('button', { name: 'OK', exact: true }).click();
    await page.getByRole('heading', { name: 'Token SAST-1' }).waitFor();
    await page.getByRole('button', { name: 'Enter PIN and prove' }).click();
    await page.getByRole('dialog').getByLabel('Token user PIN').fill('Cisco123');
    await page.getByRole('dialog').getByRole('button', { name: 'Prove' }).click();
    await page.getByRole('cell', { name: 'SAST-1', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Done adding tokens' }).click();
    await waitHeading(page, 'CTL entries');
    // Both carried servers are listed (and were refreshed from their providers).
    await page.locator('td').getByText(tftp.name, { exact: true }).waitFor();
    await page.locator('td').getByText(firewall.name, { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Review' }).click();
    await waitHeading(page, 'Review the new CTL');
    const reach = page.locator('ul.checks li').filter({ hasText: 'Every server is reachable' });
    expect(await reach.innerText()).toContain('Every node and server answered.');
    expect(await reach.locator('.badge').getAttribute('class')).toContain('pass');
    await signAndPublish(b.page);
    expect(await page.getByText('written and verified').count()).toBe(targets.length);
    const copies = await Promise.all(targets.map((t) => ctlOnDisk(t)));
    const hashes = new Set(await Promise.all(copies.map((c) => sha256(c.bytes))));
    expect(hashes.size).toBe(1);
    expect(hashes.has(before)).toBe(false);
    expect(copies[0]!.signatureValid).toBe(true);
    expect(copies[0]!.file.records.some((r) => r.role === 'TFTP' && r.dnsName === tftp.name)).toBe(true);
    expect(copies[0]!.file.records.some((r) => r.role === 'CCM' && r.dnsName === firewall.name)).toBe(true);
  });

  it('every screen passes axe (no serious or critical violations) and the page logged no errors', () => {
    expect(b.findings).toEqual([]);
    expect(b.pageErrors).toEqual([]);
  });
});

/** The extra server's certificate is new: trust it, then the dialog reopens for the password. */
/** The added server's certificate is new: trusting it finishes the add, with no password asked again. */
async function addAfterTrust(): Promise<void> {
  const { page } = b;
  await page.getByRole('heading', { level: 1, name: "Check the server's certificate" }).waitFor();
  await b.screen('trust-extra');
  await page.getByRole('button', { name: /trust and continue/ }).click();
  await waitHeading(page, 'CTL entries');
  expect(await page.getByRole('dialog').count()).toBe(0);
}
