// After a publish: the file as phones get it. Each TFTP server is asked for CTLFile.tlv over
// TFTP and what it sends is compared byte for byte with what was signed. It runs only once
// every target has answered, and never changes the outcome: a server that cannot be reached
// is a warning; one that serves other bytes is shown as such, per server.
import type { PhoneCheckResult } from '../../shared/session/types';
import { TFTP_PORT } from '../services/tftp/constants';
import type { Ctx } from './context';
import { isLoopbackHost } from './rules';

/**
 * The servers to check: the option's list, else (auto) the TFTP servers phones use, on the TFTP
 * port. Without a provider: the servers named at connect, or each SFTP target's host. With one:
 * the nodes running TFTP and the alternate TFTP servers the CTL goes to, except loopback
 * hosts: a demo cluster on this computer runs no TFTP server, and waiting for its silence
 * would only delay the result.
 */
export function phoneCheckServers(ctx: Ctx): { host: string; port: number }[] {
  const option = ctx.options.phoneCheck;
  if (option !== 'auto') return [...option];
  const cluster = ctx.data.cluster;
  if (!cluster) return [];
  if (cluster.standalone?.phoneCheck) return [...cluster.standalone.phoneCheck];
  const hosts = cluster.standalone
    ? cluster.nodes.flatMap((n) => (n.session?.identity.sshKey ? [n.session.identity.host] : []))
    : [
      ...cluster.nodes.filter((n) => n.session && n.node.roles.includes('TFTP')).map((n) => n.node.ip ?? n.node.host),
      ...ctx.data.extraTargets.filter((t) => t.kind === 'tftp-server').map((t) => t.host),
    ].filter((h) => !isLoopbackHost(h));
  return [...new Set(hosts)].map((host) => ({ host, port: TFTP_PORT }));
}

export async function checkAsPhones(ctx: Ctx): Promise<PhoneCheckResult[]> {
  const tftp = ctx.ports.tftp;
  const published = ctx.data.publish?.bytes;
  const servers = phoneCheckServers(ctx);
  if (!tftp || !published || servers.length === 0) return [];
  ctx.busy('checking-tftp', String(servers.length));
  return Promise.all(servers.map((server) => tftp.check(server, published)));
}
