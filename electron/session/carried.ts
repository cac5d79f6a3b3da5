// Servers the current CTL lists that are not cluster nodes — alternate TFTP servers (TFTP
// records) and firewalls (CCM records). The CTL goes to them too (seed-requirements §1.28;
// guide P.3-11, L2847-2862), so connect contacts each one while it has the password: the
// guide says a firewall uses the administrator's credentials and an alternate TFTP server
// needs none of its own (L3175-3206). Each one that answers is refreshed (its certificate
// from its provider: a CTL written in non-secure mode carries none) and becomes a target;
// one that does not is kept as it is and named by the targets-reachable check.
import { msg, type Message } from '../../shared/session/messages';
import { isIpv4, recordFromCertificate } from '../../shared/ctl';
import type { CtlRecord } from '../../shared/ctl/model';
import type { ProviderIdentity } from '../../shared/session/types';
import type { Ctx } from './context';
import { problemOf } from './errors';
import type { CarriedServer, CurrentCtl, ExtraTarget } from './model';
import { mapLimit } from './pool';
import { ProviderFailure, UntrustedProvider, type ProviderSession } from './ports';
import { carriedTargetId } from './records';
import { firewallPortFor, tftpPortFor } from './rules';

type Planned = Omit<CarriedServer, 'record' | 'session' | 'problem'>;

/** Which records of the current CTL name an alternate TFTP server or a firewall. */
export function plannedCarried(ctx: Ctx, records: readonly CtlRecord[], nodeNames: ReadonlySet<string>): (Planned & { problem: Message | null })[] {
  const out: (Planned & { problem: Message | null })[] = [];
  records.forEach((r, recordIndex) => {
    if (r.role !== 'TFTP' && r.role !== 'CCM') return;
    if (nodeNames.has(r.dnsName.toLowerCase())) return;
    const kind = r.role === 'CCM' ? 'firewall' : 'tftp-server';
    const host = r.ipAddress || r.dnsName;
    if (!host) {
      out.push({ recordIndex, kind, host: '', port: 0, problem: msg('problem.no-address') });
      return;
    }
    const port = kind === 'firewall' ? firewallPortFor(host, ctx.options.firewallPort) : tftpPortFor(host, ctx.options.alternateTftpPort);
    out.push({ recordIndex, kind, host, port, problem: null });
  });
  return out;
}

function whyNot(err: unknown, kind: CarriedServer['kind']): Message {
  if (err instanceof ProviderFailure && err.code === 'auth-failed') return msg(kind === 'firewall' ? 'problem.firewall-login-refused' : 'problem.tftp-login-refused');
  return problemOf(err);
}

/** Opens, checks and refreshes one carried server; the session is closed when it is not usable. */
async function refresh(ctx: Ctx, plan: Planned, old: CtlRecord, clusterId: string, credentials: { username: string; password: string },
  opened: (s: ProviderSession) => void): Promise<CarriedServer> {
  const session = await ctx.ports.providers.open(plan.host, plan.port, credentials, (id) => ctx.ports.trust.isTrusted(id), ['describe', 'certificates']);
  opened(session);
  try {
    const description = await session.describe();
    if (description.kind === 'cluster-node' && description.clusterId === clusterId) {
      throw new Error(`${plan.host}:${plan.port} answers as node ${description.thisNode} of this cluster, not as the ${plan.kind === 'firewall' ? 'firewall' : 'alternate TFTP server'} ${old.dnsName}`);
    }
    const certs = await session.certificates();
    const wanted = plan.kind === 'firewall' ? ['CCM'] : ['TFTP', 'CCM'];
    const cert = wanted.map((role) => certs.find((c) => c.role === role)).find((c) => c !== undefined);
    if (!cert) throw new Error(`${plan.host} serves no ${plan.kind === 'firewall' ? 'CallManager (firewall)' : 'TFTP'} certificate`);
    const self = description.nodes.find((n) => n.name === description.thisNode);
    const ip = self?.ip ?? (isIpv4(plan.host) ? plan.host : old.ipAddress);
    const record = recordFromCertificate(old.role, cert.der, { dnsName: description.thisNode || old.dnsName, ipAddress: ip });
    return { ...plan, record, session, problem: null };
  } catch (err) {
    await session.close().catch(() => undefined);
    return { ...plan, record: null, session: null, problem: problemOf(err) };
  }
}

/**
 * Contacts every carried server in parallel (limited). Returns them, and the certificates
 * that must be trusted first (nothing was sent to those).
 */
export async function openCarried(ctx: Ctx, current: CurrentCtl, nodeNames: ReadonlySet<string>, clusterId: string,
  credentials: { username: string; password: string }, opened: (s: ProviderSession) => void): Promise<{ servers: CarriedServer[]; untrusted: ProviderIdentity[] }> {
  const planned = plannedCarried(ctx, current.file.records, nodeNames);
  const untrusted: ProviderIdentity[] = [];
  const results = await mapLimit(planned, ctx.options.concurrency, async (plan) => {
    if (plan.problem) return { ...plan, record: null, session: null };
    const old = current.file.records[plan.recordIndex]!;
    try {
      return await refresh(ctx, plan, old, clusterId, credentials, opened);
    } catch (err) {
      if (err instanceof UntrustedProvider) untrusted.push(err.identity);
      return { ...plan, record: null, session: null, problem: whyNot(err, plan.kind) };
    }
  });
  const servers = results.map((r, i) => (r.ok ? r.value : { ...planned[i]!, record: null, session: null, problem: problemOf(r.error) }));
  return { servers, untrusted };
}

/** The upload target of a carried server that answered; null when it did not. */
export function carriedTarget(server: CarriedServer): ExtraTarget | null {
  if (!server.session || !server.record) return null;
  return { id: carriedTargetId(server), kind: server.kind, host: server.host, port: server.port, name: server.record.dnsName || server.host, session: server.session };
}
