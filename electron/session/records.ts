// CTL records for the session: how entries are built from what the cluster, the tokens and
// the current CTL provide, and how two records are recognised as the same thing.
import { msg, type Message } from '../../shared/session/messages';
import { certificateFacts } from '../../shared/node/certificate-facts';
import { sha256Hex } from '../../shared/node/hash';
import { hexSerial, isUnknownRole, recordFromCertificate, sameDn, sameSerial } from '../../shared/ctl';
import type { CtlRecord, CtlRole } from '../../shared/ctl/model';
import type { EntrySource } from '../../shared/session/types';
import type { CertificateCache } from './cert-cache';
import type { CarriedServer, Entry } from './model';
import type { DiscoveredNode, ServedCertificate } from './ports';


/** Fingerprints by certificate array: every snapshot diffs every record (records' bytes are never changed in place). */
const fingerprints = new WeakMap<Uint8Array, string>();

export function certificateSha256(record: Pick<CtlRecord, 'certificate'>): string | null {
  const der = record.certificate;
  if (!der) return null;
  let hex = fingerprints.get(der);
  if (hex === undefined) {
    hex = sha256Hex(der);
    fingerprints.set(der, hex);
  }
  return hex;
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) =>
  a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);

/** Same token: issuer, serial and (when both carry it) public key. */
export function sameSastIdentity(a: CtlRecord, b: CtlRecord): boolean {
  if (!sameDn(a.issuer, b.issuer) || !sameSerial(a.serial, b.serial)) return false;
  return a.publicKey === null || b.publicKey === null || sameBytes(a.publicKey, b.publicKey);
}

/** What a record stands for, so the diff pairs the old and new record of one thing. */
export function recordKey(r: CtlRecord): string {
  if (r.role === 'SAST') return `sast:${r.issuer}:${hexSerial(r.serial)}`;
  if (isUnknownRole(r.role)) return `${r.role}:${r.dnsName.toLowerCase()}:${hexSerial(r.serial)}`;
  const name = (r.dnsName || r.subject).toLowerCase();
  return r.role === 'CAPF' ? `capf:${name}` : `server:${name}`;
}

/** `certs`, when given, parses each certificate once per session (cert-cache.ts). */
export function makeEntry(id: string, source: EntrySource, record: CtlRecord, extra: Partial<Entry> = {}, certs?: CertificateCache): Entry {
  return { id, source, record, ...(certs ? certs.certificateFacts(record.certificate) : certificateFacts(record.certificate)), ...extra };
}

/** The role of a node's server entry: CCM+TFTP, CCM or TFTP (null when it runs neither). */
export function serverRole(roles: readonly string[]): CtlRole | null {
  const ccm = roles.includes('CCM');
  const tftp = roles.includes('TFTP');
  if (ccm && tftp) return 'CCM+TFTP';
  if (ccm) return 'CCM';
  if (tftp) return 'TFTP';
  return null;
}

/**
 * The entries of one cluster node: its server entry (with the CallManager certificate, or the
 * TFTP one on a TFTP-only node) and a CAPF entry when the node runs CAPF.
 */
export function nodeEntries(node: DiscoveredNode, certs: readonly ServedCertificate[], cache?: CertificateCache): { entries: Entry[]; problems: Message[] } {
  const toRecord = (role: CtlRole, der: Uint8Array, options: { dnsName: string; ipAddress: string | null }) =>
    (cache ? cache.record(role, der, options) : recordFromCertificate(role, der, options));
  const entries: Entry[] = [];
  const problems: Message[] = [];
  const options = { dnsName: node.name, ipAddress: node.ip };
  const role = serverRole(node.roles);
  if (role) {
    const cert = certs.find((c) => c.role === (role === 'TFTP' ? 'TFTP' : 'CCM')) ?? certs.find((c) => c.role === 'CCM' || c.role === 'TFTP');
    if (!cert) problems.push(msg('problem.no-node-certificate', { node: node.name }));
    else {
      try {
        entries.push(makeEntry(`node:${node.name}`, 'cluster-node', toRecord(role, cert.der, options), {}, cache));
      } catch (err) {
        problems.push(msg('problem.certificate-unparsable', { node: node.name, role, reason: (err as Error).message }));
      }
    }
  }
  if (node.roles.includes('CAPF')) {
    const cert = certs.find((c) => c.role === 'CAPF');
    if (!cert) problems.push(msg('problem.no-capf-certificate', { node: node.name }));
    else {
      try {
        entries.push(makeEntry(`capf:${node.name}`, 'cluster-capf', toRecord('CAPF', cert.der, options), {}, cache));
      } catch (err) {
        problems.push(msg('problem.certificate-unparsable', { node: node.name, role: 'CAPF', reason: (err as Error).message }));
      }
    }
  }
  return { entries, problems };
}

export function tokenEntry(der: Uint8Array, cache?: CertificateCache): Entry {
  const record = cache ? cache.record('SAST', der, {}) : recordFromCertificate('SAST', der, {});
  return makeEntry(`token:${sha256Hex(der)}`, 'token', record, {}, cache);
}

export const carriedTargetId = (s: Pick<CarriedServer, 'kind' | 'host' | 'port'>) => `${s.kind === 'firewall' ? 'firewall' : 'tftp'}:${s.host}:${s.port}`;

/**
 * Entries kept from the current CTL in an update: its SAST records, and records of servers
 * that are not cluster nodes (alternate TFTP servers, firewalls). A carried server contacted
 * at connect (`servers`, by record index) is refreshed from it and is a target (`targetId`);
 * one that was not reached is kept as the current CTL has it, with why (`problem`).
 */
export function carriedEntries(current: readonly CtlRecord[], clusterNames: ReadonlySet<string>, servers: readonly CarriedServer[] = [], cache?: CertificateCache): Entry[] {
  const out: Entry[] = [];
  current.forEach((record, index) => {
    if (record.role === 'SAST') {
      const id = record.certificate ? `token:${sha256Hex(record.certificate)}` : `token:${record.issuer}:${hexSerial(record.serial)}`;
      out.push(makeEntry(id, 'token', record, {}, cache));
      return;
    }
    // A role this client does not know is carried byte for byte (the same record object), whatever it names.
    if (isUnknownRole(record.role)) {
      out.push(makeEntry(`unknown:${index}:${record.role}:${hexSerial(record.serial)}`, 'carried', record, {}, cache));
      return;
    }
    if (clusterNames.has(record.dnsName.toLowerCase())) return;
    const server = servers.find((s) => s.recordIndex === index);
    if (server?.session && server.record) {
      const id = carriedTargetId(server);
      out.push(makeEntry(id, 'carried', server.record, { targetId: id }, cache));
      return;
    }
    const entry = makeEntry(`carried:${index}:${record.dnsName || hexSerial(record.serial)}`, 'carried', record, {}, cache);
    if (server?.problem) entry.problem = server.problem;
    out.push(entry);
  });
  return out;
}
