// ctl-client cluster: connects to a CTL Provider (pinned TLS), logs in and prints the
// cluster: security mode, nodes and roles, this node's certificates, the current CTL.
import { createInterface } from 'node:readline/promises';
import { decodeCtl, describeCertificate, verifyDecoded, hexSerial } from '../../../shared/ctl';
import { DEFAULT_PROVIDER_PORT, formatFingerprint, normalizeFingerprint } from '../../../shared/provider-protocol';
import { ProviderClient, ProviderError, type FirstContact } from '../../services/provider-client';
import { CliError, UsageError, parseCommandArgs } from '../args';
import { readSecretFile } from '../secret-file';
import { TRUST_STORE_OPTIONS, trustStoreOption } from '../trust-store-option';
import type { TrustedCertificateStore } from '../../services/trust-store';
import { printLine } from '../print';


export const EXIT_PROVIDER = 4;
export const EXIT_UNTRUSTED = 5;

export function parseServer(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--server "${text}" is not host or host:port`);
  const port = m[2] === undefined ? DEFAULT_PROVIDER_PORT : Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--server port ${port} is out of range`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

async function certificateView(role: string, der: Uint8Array) {
  const c = await describeCertificate(der);
  return { role, subject: c.subject, issuer: c.issuer, serial: c.serialHex, notAfter: c.notAfter.toISOString(), sha256: normalizeFingerprint(c.sha256Fingerprint) ?? c.sha256Fingerprint };
}

async function ctlView(bytes: Uint8Array | null, sha256: string | null) {
  if (!bytes) return null;
  try {
    const file = decodeCtl(bytes);
    const v = await verifyDecoded(bytes, file);
    return {
      sha256, bytes: bytes.length, timestamp: new Date(file.timestamp * 1000).toISOString(), signer: file.signer.subject,
      signerSerial: hexSerial(file.signer.serial), signatureValid: v.signatureValid,
      records: file.records.map((r) => ({ role: r.role, dnsName: r.dnsName, subject: r.subject, ipAddress: r.ipAddress })),
    };
  } catch (e) {
    return { sha256, bytes: bytes.length, error: `not a well-formed CTL: ${(e as Error).message}` };
  }
}

function formatText(report: Awaited<ReturnType<typeof collect>>): string {
  const out: string[] = [];
  out.push(`Cluster ${report.clusterId} (${report.kind}), security mode: ${report.securityMode === 1 ? '1 (mixed)' : '0 (non-secure)'}`);
  out.push(`Provider ${report.server} certificate SHA-256 ${formatFingerprint(report.fingerprint)}`, '', 'Nodes:');
  for (const n of report.nodes) {
    out.push(`  ${n.name}  ${n.host}${n.ip && n.ip !== n.host ? ` (${n.ip})` : ''}:${n.port}  ${n.roles.join(', ')}${n.firstNode ? '  [first node]' : ''}`);
  }
  out.push('', `Certificates of ${report.thisNode}:`);
  for (const c of report.certificates) {
    out.push(`  ${c.role}: ${c.subject}`, `    expires ${c.notAfter}  SHA-256 ${formatFingerprint(c.sha256)}`);
  }
  out.push('');
  const ctl = report.currentCtl;
  if (!ctl) out.push('Current CTL: none');
  else if ('error' in ctl) out.push(`Current CTL: ${ctl.bytes} bytes, ${ctl.error}`);
  else {
    out.push(`Current CTL: ${ctl.bytes} bytes, SHA-256 ${ctl.sha256}, signed ${ctl.timestamp} by ${ctl.signer}`
      + ` (signature ${ctl.signatureValid ? 'valid' : 'INVALID'})`);
    for (const r of ctl.records) out.push(`  ${r.role.padEnd(8)} ${r.dnsName || '-'}  ${r.subject}${r.ipAddress ? `  ${r.ipAddress}` : ''}`);
  }
  return out.join('\n');
}

/** On a terminal, show the fingerprint and ask; elsewhere refuse (use --trust). */
async function askOnTerminal(c: FirstContact): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stderr.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    process.stderr.write(`First contact with ${c.host}:${c.port}\n  certificate ${c.subject}\n  valid until ${c.validTo}\n`
      + `  SHA-256 ${formatFingerprint(c.fingerprint)}\nCompare this fingerprint with the one shown on the server.\n`);
    return /^(y|yes)$/i.test((await rl.question('Accept and remember it? [y/N] ')).trim());
  } finally {
    rl.close();
  }
}

async function collect(opts: { host: string; port: number; user: string; password: string; trustStore: TrustedCertificateStore; trust?: string; tofu: boolean }) {
  const session = await ProviderClient.connect({
    host: opts.host, port: opts.port, trustStore: opts.trustStore, trustOnFirstUse: opts.tofu, onFirstContact: askOnTerminal,
    ...(opts.trust ? { trust: opts.trust } : {}),
  });
  try {
    await session.login(opts.user, opts.password);
    const d = await session.describe();
    const certs = await session.getCertificates();
    const ctl = await session.getCtl();
    return {
      server: `${opts.host}:${opts.port}`, fingerprint: session.fingerprint, ...d,
      certificates: await Promise.all(certs.map((c) => certificateView(c.role, c.der))),
      currentCtl: await ctlView(ctl.bytes, ctl.sha256),
    };
  } finally {
    await session.close();
  }
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    server: { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' }, trust: { type: 'string' },
    'trust-on-first-use': { type: 'boolean', default: false }, ...TRUST_STORE_OPTIONS, json: { type: 'boolean', default: false },
  }, false);
  if (!values.server || !values.user || !values['password-file']) throw new UsageError('--server, --user and --password-file are required');
  if (values.trust && values['trust-on-first-use']) throw new UsageError('use --trust or --trust-on-first-use, not both');
  const trust = values.trust === undefined ? undefined : normalizeFingerprint(values.trust);
  if (trust === null) throw new UsageError('--trust must be a SHA-256 fingerprint (64 hex digits, colons allowed)');
  const password = await readSecretFile(values['password-file'], 'password');
  const { host, port } = parseServer(values.server);
  try {
    const report = await collect({ host, port, user: values.user, password, trustStore: await trustStoreOption(values), tofu: values['trust-on-first-use'], ...(trust ? { trust } : {}) });
    printLine(values.json ? JSON.stringify(report, null, 2) : formatText(report));
    return 0;
  } catch (e) {
    if (!(e instanceof ProviderError)) throw e;
    const untrusted = e.code === 'certificate-changed' || e.code === 'untrusted-first-contact';
    const hint = untrusted && e.details.actual ? `\n  to accept it: --trust ${e.details.actual}` : '';
    throw new CliError(`${e.message}${hint}`, untrusted ? EXIT_UNTRUSTED : EXIT_PROVIDER);
  }
}
