// The CTL entries window: Add TFTP Server, Add Firewall (port fixed), Delete Selected, and
// the signer and hash choices. Each extra server's own provider is contacted for its
// certificate and kept open as a target of the upload.
import { isIpv4, isWritableHash, recordFromCertificate } from '../../shared/ctl';
import type { HashAlgorithm } from '../../shared/ctl/model';
import { msg } from '../../shared/session/messages';
import type { SessionCommand } from '../../shared/session/types';
import type { Ctx } from './context';
import { checkHostPort, askTrust } from './connect';
import { fail, refuse, toCommandError } from './errors';
import type { AddedTokenState, EngineData } from './model';
import { UntrustedProvider, type ProviderSession } from './ports';
import { makeEntry, recordKey, sameSastIdentity } from './records';
import { canDeleteAll, type ProofFirstAction, type SignerOfCtl, firewallPortFor, firewallPortRequest, proofFirst, tftpPortFor } from './rules';
import { proveTo } from './tokens';

type AddServer = Extract<SessionCommand, { type: 'add-tftp-server' | 'add-firewall' }>;

function requireProof(ctx: Ctx, what: ProofFirstAction): void {
  const blocked = proofFirst(ctx.data.cluster?.current != null, ctx.data.tokens.some((t) => t.proven), what);
  if (blocked) throw refuse(blocked.code, blocked.message);
}

export async function addServer(ctx: Ctx, command: AddServer): Promise<void> {
  const firewall = command.type === 'add-firewall';
  if (ctx.data.cluster?.standalone) throw fail('invalid-command', msg('failure.standalone-add-server'));
  requireProof(ctx, firewall ? 'add-firewall' : 'add-tftp-server');
  if (firewall) {
    // The port is fixed (2444); a demo cluster on loopback may use another (options.firewallPort), nowhere else.
    const r = firewallPortRequest(command.host.trim(), command.port, ctx.options.firewallPort);
    if (r) throw refuse(r.code, r.message);
  }
  const { host, port } = checkHostPort(command.host,
    firewall ? firewallPortFor(command.host.trim(), ctx.options.firewallPort) : command.port ?? tftpPortFor(command.host.trim(), ctx.options.alternateTftpPort));
  const cluster = ctx.data.cluster!;
  const taken = cluster.nodes.some((n) => n.node.host === host && n.node.port === port)
    || ctx.data.extraTargets.some((t) => t.host === host && t.port === port);
  if (taken) throw refuse('entry-duplicate', msg('refusal.target-listed', { host, port }));
  const username = command.username?.trim() || ctx.data.server!.username;
  // One login, as the original client: without a password of its own, the server is tried with
  // the cluster's (kept in memory since connect); another user name needs its own.
  const password = command.password ?? (ctx.login && username === ctx.login.username ? ctx.login.password : undefined);
  if (!password) throw fail('credentials-required', msg('failure.password-needed', { username, host }));
  ctx.busy(firewall ? 'adding-firewall' : 'adding-tftp-server', `${host}:${port}`);

  let session: ProviderSession;
  try {
    session = await ctx.ports.providers.open(host, port, { username, password }, (id) => ctx.ports.trust.isTrusted(id), ['describe', 'certificates']);
  } catch (err) {
    if (err instanceof UntrustedProvider) return askTrust(ctx, firewall ? 'firewall' : 'tftp', [err.identity], 'entries', command);
    throw toCommandError(err);
  }
  try {
    const description = await session.describe();
    if (description.kind === 'cluster-node' && description.clusterId === cluster.id) {
      throw refuse('entry-duplicate', msg('refusal.host-is-node', { host, node: description.thisNode }));
    }
    const certs = await session.certificates();
    const wanted = firewall ? ['CCM'] : ['TFTP', 'CCM'];
    const cert = wanted.map((r) => certs.find((c) => c.role === r)).find((c) => c !== undefined);
    if (!cert) throw fail('provider-error', msg(firewall ? 'failure.no-firewall-certificate' : 'failure.no-tftp-certificate', { host }), { host });
    const self = description.nodes.find((n) => n.name === description.thisNode);
    const ip = self?.ip ?? (isIpv4(host) ? host : null);
    // A firewall is written as CCM; an alternate TFTP server as TFTP.
    const record = recordFromCertificate(firewall ? 'CCM' : 'TFTP', cert.der, { dnsName: description.thisNode, ipAddress: ip });
    const key = recordKey(record);
    const clash = ctx.data.entries.find((e) => recordKey(e.record) === key);
    // A carried entry whose server answered at connect is a target already; one that did not is replaced below.
    if (clash && (clash.source !== 'carried' || clash.targetId)) throw refuse('entry-duplicate', msg('refusal.server-listed', { server: description.thisNode }));
    if (description.currentCtlSha256) await proveTo(ctx, session);
    const targetId = `${firewall ? 'firewall' : 'tftp'}:${host}:${port}`;
    // A record the current CTL carries for the same server is refreshed, not doubled.
    ctx.data.entries = ctx.data.entries.filter((e) => e !== clash);
    ctx.data.entries.push(makeEntry(targetId, firewall ? 'firewall' : 'tftp-server', record, { targetId }));
    ctx.data.extraTargets.push({ id: targetId, kind: firewall ? 'firewall' : 'tftp-server', host, port, name: description.thisNode, session });
  } catch (err) {
    await session.close().catch(() => undefined);
    throw toCommandError(err);
  }
}

export async function deleteEntries(ctx: Ctx, ids: readonly string[]): Promise<void> {
  requireProof(ctx, 'delete');
  if (ids.length === 0) throw fail('invalid-command', msg('failure.select-entries'));
  const refusal = canDeleteAll(ids, ctx.data.entries, signerOfCtl(ctx.data));
  if (refusal) throw refuse(refusal.code, refusal.message);
  const data = ctx.data;
  // Kept with their place (and their server's open session) until the step is left, so a
  // deletion can be undone without logging in to that server again.
  for (const [index, entry] of data.entries.entries()) {
    if (!ids.includes(entry.id)) continue;
    const target = data.extraTargets.find((t) => t.id === entry.targetId) ?? null;
    data.deleted.push({ entry, index, target });
  }
  data.entries = data.entries.filter((e) => !ids.includes(e.id));
  const targets = new Set(data.deleted.flatMap((d) => (d.target ? [d.target.id] : [])));
  data.extraTargets = data.extraTargets.filter((t) => !targets.has(t.id));
}

/** Puts deleted entries back where they stood, with their upload targets. */
export function restoreEntries(ctx: Ctx, ids: readonly string[]): void {
  const data = ctx.data;
  const missing = ids.filter((id) => !data.deleted.some((d) => d.entry.id === id));
  if (missing.length > 0) throw refuse('entry-not-found', msg('refusal.not-deleted', { id: missing[0]! }));
  const restoring = data.deleted.filter((d) => ids.includes(d.entry.id));
  for (const d of restoring) {
    if (data.entries.some((e) => e.id === d.entry.id)) throw refuse('entry-duplicate', msg('refusal.restored-already', { id: d.entry.id }));
  }
  // Restored in their original order, each at its former place (or the end of a shorter list).
  for (const d of [...restoring].sort((a, b) => a.index - b.index)) {
    data.entries.splice(Math.min(d.index, data.entries.length), 0, d.entry);
    if (d.target && !data.extraTargets.some((t) => t.id === d.target!.id)) data.extraTargets.push(d.target);
  }
  data.deleted = data.deleted.filter((d) => !ids.includes(d.entry.id));
}

/** Leaving the entries step makes its deletions final: the deleted servers' sessions close. */
export async function forgetDeleted(ctx: Ctx): Promise<void> {
  const closing = ctx.data.deleted.flatMap((d) => (d.target ? [d.target.session] : []));
  ctx.data.deleted = [];
  await Promise.all(closing.map((s) => s.close().catch(() => undefined)));
}

export function setHashAlgorithm(ctx: Ctx, algorithm: HashAlgorithm): void {
  if (algorithm === 'sha256') {
    throw refuse('hash-not-verifiable', msg('refusal.sha256'));
  }
  if (!isWritableHash(algorithm)) throw fail('invalid-command', msg('failure.unknown-hash', { algorithm: String(algorithm) }));
  ctx.data.hashAlgorithm = algorithm;
  ctx.data.hashChosen = true;
}

/** A token qualifies to sign when it is a SAST of the new CTL and of the current one (if any). */
export function qualifies(data: EngineData, token: AddedTokenState): boolean {
  const inNew = data.entries.some((e) => e.record.role === 'SAST' && sameSastIdentity(e.record, token.record));
  const current = data.cluster?.current;
  const inCurrent = !current || current.file.records.some((r) => r.role === 'SAST' && sameSastIdentity(r, token.record));
  return inNew && inCurrent;
}

/** The signer as the deletion rule needs it (its entry stays), or null while there is none. */
export function signerOfCtl(data: EngineData): SignerOfCtl | null {
  const signer = resolveSigner(data);
  return signer ? { record: signer.record, label: signer.view.label } : null;
}

/**
 * The chosen signer if it qualifies; else, of the added tokens that qualify, one still logged
 * in (no PIN at Finish), else one inserted now, else the first added. Finish signs with the
 * token in the port, so the default is never a token that was pulled while another is in.
 */
export function resolveSigner(data: EngineData): AddedTokenState | null {
  if (data.signerSerial) {
    const chosen = data.tokens.find((t) => t.view.serial === data.signerSerial);
    return chosen && qualifies(data, chosen) ? chosen : null;
  }
  const candidates = data.tokens.filter((t) => qualifies(data, t));
  return candidates.find((t) => t.loggedIn) ?? candidates.find((t) => data.present.includes(t.view.serial)) ?? candidates[0] ?? null;
}

export function chooseSigner(ctx: Ctx, ref: string): void {
  const token = ctx.data.tokens.find((t) => t.view.serial === ref) ?? ctx.data.tokens.find((t) => t.view.label === ref);
  if (!token) throw fail('invalid-command', msg('failure.token-not-added', { token: ref }));
  if (!qualifies(ctx.data, token)) {
    throw refuse('signer-not-qualified', msg(ctx.data.cluster?.current ? 'refusal.signer-not-in-both' : 'refusal.signer-not-in-new', { token: token.view.label }));
  }
  ctx.data.signerSerial = token.view.serial;
}
