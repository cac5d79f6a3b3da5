// After a publish: the file as phones get it. Each TFTP server is asked for CTLFile.tlv over
// TFTP and what it sends is compared byte for byte with what was signed. It runs only once
// every target has answered, and never changes the outcome: a server that cannot be reached
// is a warning; one that serves other bytes is shown as such, per server.
import type { PhoneCheckResult } from '../../shared/session/types';
import { TFTP_PORT } from '../services/tftp/constants';
import type { Ctx } from './context';

/** The servers to check: the option's list, or (auto) each SFTP target's host on the TFTP port. */
export function phoneCheckServers(ctx: Ctx): { host: string; port: number }[] {
  const option = ctx.options.phoneCheck;
  if (option !== 'auto') return [...option];
  if (!ctx.data.cluster?.standalone) return [];
  if (ctx.data.cluster.standalone.phoneCheck) return [...ctx.data.cluster.standalone.phoneCheck];
  const hosts = ctx.data.cluster.nodes.flatMap((n) => (n.session?.identity.sshKey ? [n.session.identity.host] : []));
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
