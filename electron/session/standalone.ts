// Connect for a cluster without a CTL Provider ("standalone"): plain TFTP servers reached
// over SFTP or as folders. Each TFTP root is a node of the session (its publish target, with
// no entry of its own); the servers' entries come from certificate files, as
// `ctl-client build --entry` takes them, and, in an update, from the current CTL read from
// the first root. From the mode step on, the engine runs exactly as for a provider cluster:
// every rule, the review, the two-phase publish and the read-back.
import { msg } from '../../shared/session/messages';
import { CtlCertificateError } from '../../shared/ctl';
import type { CtlRole } from '../../shared/ctl/model';
import type { SessionCommandOf } from '../../shared/session/types';
import type { Ctx } from './context';
import { askTrust, decodeCurrent } from './connect';
import { fail, targetProblem, toCommandError } from './errors';
import type { ClusterState, CurrentCtl, Entry, NodeState } from './model';
import { mapLimit } from './pool';
import { UntrustedProvider, type ProviderSession } from './ports';
import { makeEntry } from './records';
import { targetCtlOf } from './target-ctls';

type ConnectTargets = SessionCommandOf<'connect-targets'>;

/** The cluster name of a session without a provider (reports tell it apart by this). */
export const STANDALONE_CLUSTER = 'standalone';

/** The server entries the certificate files describe (ids as a provider cluster's nodes have them). */
export function certificateEntries(ctx: Ctx, specs: ConnectTargets['entries']): Entry[] {
  const entries: Entry[] = [];
  const where = new Map<string, number>();
  specs.forEach((spec, i) => {
    const index = i + 1;
    const der = new Uint8Array(Buffer.from(spec.certificate, 'base64'));
    let entry: Entry;
    try {
      // Without a DNS name the certificate's CN names the server (what phones and administrators see).
      const named = ctx.certs.record(spec.role as CtlRole, der, { dnsName: spec.dnsName ?? '', ipAddress: spec.ip ?? null });
      const cn = /(?:^|;)CN=([^;]+)/.exec(named.subject)?.[1] ?? '';
      const record = spec.dnsName || !cn ? named : ctx.certs.record(spec.role as CtlRole, der, { dnsName: cn, ipAddress: spec.ip ?? null });
      const name = (record.dnsName || record.subject).toLowerCase();
      entry = spec.role === 'CAPF'
        ? makeEntry(`capf:${name}`, 'cluster-capf', record, {}, ctx.certs)
        : makeEntry(`node:${name}`, 'cluster-node', record, {}, ctx.certs);
    } catch (err) {
      const reason = err instanceof CtlCertificateError || err instanceof Error ? err.message : String(err);
      throw fail('invalid-command', msg('failure.entry-unusable', { index, role: spec.role, reason }));
    }
    const first = where.get(entry.id);
    if (first !== undefined) {
      throw fail('invalid-command', msg('failure.entry-duplicate', { first, second: index, server: entry.record.dnsName || entry.record.subject }));
    }
    where.set(entry.id, index);
    entries.push(entry);
  });
  return entries;
}

async function closeAll(sessions: readonly ProviderSession[]): Promise<void> {
  await Promise.all(sessions.map((s) => s.close().catch(() => undefined)));
}

export async function connectTargets(ctx: Ctx, command: ConnectTargets): Promise<void> {
  const port = ctx.ports.targets;
  if (!port) throw fail('invalid-command', msg('failure.no-targets-port'));
  const fileEntries = certificateEntries(ctx, command.entries);
  const trust = ctx.ports.trust;
  ctx.busy('opening-targets', String(command.targets.length));
  const results = await mapLimit(command.targets, ctx.options.concurrency, (t) => port.open(t.address, t.auth, (id) => trust.isTrusted(id)));
  const opened = results.flatMap((r) => (r.ok ? [r.value] : []));
  const untrusted = results.flatMap((r) => (!r.ok && r.error instanceof UntrustedProvider ? [r.error.identity] : []));
  if (untrusted.length > 0) {
    // Every host key to compare is shown at once; the command runs again once they are trusted.
    await closeAll(opened);
    return askTrust(ctx, 'cluster', untrusted, 'connect', command);
  }
  const failed = results.find((r) => !r.ok);
  if (failed && !failed.ok) {
    await closeAll(opened);
    throw toCommandError(failed.error);
  }
  const sessions = opened;
  try {
    ctx.busy('reading-current-ctl', String(sessions.length));
    const served = await Promise.all(sessions.map((s) => s.getCtl()));
    for (const [i, s] of sessions.entries()) ctx.data.targetCtls.set(s, await targetCtlOf(served[i]!));
    const primary = sessions[0]!;
    const first = served[0]!;
    let current: CurrentCtl | null = null;
    if (first.bytes) {
      try {
        current = await decodeCurrent(first.bytes);
      } catch (err) {
        throw fail('provider-error', msg('failure.current-ctl-unreadable', { host: primary.host, reason: targetProblem(err) }), { host: primary.host });
      }
    }
    if (!current && !fileEntries.some((e) => e.record.role !== 'CAPF')) throw fail('invalid-command', msg('failure.no-server-entries'));
    const nodes: NodeState[] = sessions.map((session, i) => ({
      node: { name: session.host, host: session.host, port: session.port, ip: null, roles: [], firstNode: i === 0 },
      session, problem: null, certificates: [],
    }));
    const cluster: ClusterState = { id: STANDALONE_CLUSTER, securityMode: first.securityMode, nodes, current, carried: [], standalone: { entries: fileEntries, ...(command.tftpCheck ? { phoneCheck: command.tftpCheck } : {}) } };
    ctx.data.cluster = cluster;
    ctx.data.server = { host: primary.host, port: primary.port, username: '', identity: primary.identity, session: primary };
    // Kept in memory only, like the cluster login: a target lost during the upload is opened again with it.
    ctx.targetLogins = new Map(sessions.map((s, i) => [s, { address: command.targets[i]!.address, auth: command.targets[i]!.auth }]));
    ctx.data.kind = 'mode';
    ctx.data.notices = [];
  } catch (err) {
    await closeAll(sessions);
    throw toCommandError(err);
  }
}
