// Connect: log in to the first node (pin-checked), discover the cluster, open a session to
// every other node in parallel, fetch certificates and the CTL every node holds. The login
// is kept in memory (ctx.login, never in data or snapshots) only to reopen a connection lost
// during the upload; sessions stay open otherwise.
import { msg, type Message } from '../../shared/session/messages';
import { decodeCtl, verifyDecoded } from '../../shared/ctl';
import type { ProviderIdentity, ProviderPurpose, SessionCommand, SessionStateKind } from '../../shared/session/types';
import { DEFAULT_PROVIDER_PORT } from '../../shared/session/types';
import { canonicalFingerprint } from '../../shared/session/fingerprint';
import type { Ctx } from './context';
import { fail, problemOf, targetProblem, toCommandError } from './errors';
import type { ClusterState, CurrentCtl, NodeState } from './model';
import { openCarried } from './carried';
import { mapLimit } from './pool';
import { UntrustedProvider, type DiscoveredNode, type ProviderSession, type ServedCertificate } from './ports';
import { sha256Hex } from '../../shared/node/hash';
import { nodeEntries } from './records';
import { targetCtlOf } from './target-ctls';

type ConnectCommand = Extract<SessionCommand, { type: 'connect' }>;

export function checkHostPort(host: string, port: number | undefined): { host: string; port: number } {
  const h = host.trim();
  const p = port ?? DEFAULT_PROVIDER_PORT;
  if (!h || /\s/.test(h) || h.length > 255) throw fail('invalid-command', msg('failure.bad-host', { host }));
  if (!Number.isInteger(p) || p < 1 || p > 65535) throw fail('invalid-command', msg('failure.bad-port', { port: String(port) }));
  return { host: h, port: p };
}

/** Moves to the trust state showing what was presented; once it is trusted, `resume` runs again. */
export function askTrust(ctx: Ctx, purpose: ProviderPurpose, presented: ProviderIdentity[], returnTo: SessionStateKind, resume: SessionCommand): void {
  const [first, ...others] = presented;
  if (!first) return;
  ctx.data.trust = { purpose, presented: first, others, returnTo };
  ctx.data.kind = 'trust';
  ctx.resume = resume;
}

export async function decodeCurrent(bytes: Uint8Array): Promise<CurrentCtl> {
  const file = decodeCtl(bytes);
  const verification = await verifyDecoded(bytes, file);
  return { bytes, file, sha256: sha256Hex(bytes), signatureValid: verification.signatureValid, problem: verification.message };
}

async function closeAll(sessions: (ProviderSession | null)[]): Promise<void> {
  await Promise.all(sessions.map((s) => s?.close().catch(() => undefined)));
}

export async function connect(ctx: Ctx, command: ConnectCommand): Promise<void> {
  const { host, port } = checkHostPort(command.host, command.port);
  const username = command.username.trim();
  if (!username) throw fail('invalid-command', msg('failure.username-needed'));
  if (!command.password) throw fail('invalid-command', msg('failure.password-missing'));
  const credentials = { username, password: command.password };
  const trust = ctx.ports.trust;
  ctx.data.server = { host, port, username, identity: null, session: null };
  ctx.busy('connecting', `${host}:${port}`);

  let primary: ProviderSession;
  try {
    // Its reads ride with the login: hello, login, describe, getCtl, certificates in one round trip.
    primary = await ctx.ports.providers.open(host, port, credentials, (id) => trust.isTrusted(id), ['describe', 'getCtl', 'certificates']);
  } catch (err) {
    if (err instanceof UntrustedProvider) return askTrust(ctx, 'cluster', [err.identity], 'connect', command);
    throw toCommandError(err);
  }
  const opened: (ProviderSession | null)[] = [primary];
  try {
    ctx.busy('discovering', host);
    const description = await primary.describe();
    const others = description.nodes.filter((n) => n.name !== description.thisNode);
    // The first node's own requests and the other nodes' logins + certificates run side by
    // side; each worker chains one node's open and certificates (one wave per node).
    // The current CTL names the alternate TFTP servers and firewalls: they are contacted
    // as soon as it is read, side by side with the other nodes (carried.ts).
    const nodeNames = new Set(description.nodes.map((n) => n.name.toLowerCase()));
    const [ownResult, otherResults] = await Promise.all([
      (async () => {
        const [served, certificates] = await Promise.all([primary.getCtl(), primary.certificates()]);
        const self = description.nodes.find((n) => n.name === description.thisNode);
        if (self) prebuild(ctx, self, certificates);
        let current: CurrentCtl | null = null;
        if (served.bytes) {
          try {
            current = await decodeCurrent(served.bytes);
          } catch (err) {
            throw fail('provider-error', msg('failure.current-ctl-unreadable', { host, reason: targetProblem(err) }), { host });
          }
        }
        const carried = current
          ? await openCarried(ctx, current, nodeNames, description.clusterId, credentials, (s) => opened.push(s))
          : { servers: [], untrusted: [] };
        return { served, certificates, current, carried };
      })(),
      mapLimit(others, ctx.options.concurrency, async (n) => {
        // Every node's own CTL rides with its certificates: a cluster whose nodes differ is shown at review.
        const session = await ctx.ports.providers.open(n.host, n.port, credentials, (id) => trust.isTrusted(id), ['certificates', 'getCtl']);
        opened.push(session);
        try {
          const [certificates, served] = await Promise.all([session.certificates(), session.getCtl()]);
          prebuild(ctx, n, certificates);
          ctx.data.targetCtls.set(session, await targetCtlOf(served));
          return { session, certificates, problem: null };
        } catch (err) {
          return { session, certificates: [], problem: unreachable(err) };
        }
      }),
    ]);
    const untrusted = [
      ...otherResults.flatMap((r) => (!r.ok && r.error instanceof UntrustedProvider ? [r.error.identity] : [])),
      ...ownResult.carried.untrusted,
    ];
    if (untrusted.length > 0) {
      await closeAll(opened);
      return askTrust(ctx, 'cluster', untrusted, 'connect', command);
    }
    const nodes: NodeState[] = description.nodes.map((node) => {
      if (node.name === description.thisNode) return { node, session: primary, problem: null, certificates: ownResult.certificates };
      const r = otherResults[others.indexOf(node)];
      if (!r?.ok) return { node, session: null, problem: unreachable(r?.error), certificates: [] };
      return { node, ...r.value };
    });
    const { current } = ownResult;
    ctx.data.targetCtls.set(primary, current
      ? { sha256: current.sha256, file: current.file, problem: current.signatureValid ? null : current.problem }
      : { sha256: null, file: null, problem: null });
    ctx.login = credentials;
    const carried = ownResult.carried.servers;
    const cluster: ClusterState = { id: description.clusterId, securityMode: ownResult.served.securityMode, nodes, current, carried };
    ctx.data.cluster = cluster;
    ctx.data.server = { host, port, username, identity: primary.identity, session: primary };
    ctx.data.kind = 'mode';
    ctx.data.notices = [
      ...nodes.filter((n) => n.problem).map((n) => msg('notice.node-unreachable', { node: n.node.name, problem: n.problem! })),
      ...carried.filter((c) => c.problem).map((c) => msg(c.kind === 'firewall' ? 'notice.firewall-unreachable' : 'notice.tftp-unreachable', {
        server: current?.file.records[c.recordIndex]?.dnsName || c.host, host: c.host, port: c.port, problem: c.problem!,
      })),
    ];
  } catch (err) {
    await closeAll(opened);
    throw toCommandError(err);
  }
}

/**
 * Parses a node's certificates into the session's cache while other nodes are still
 * answering, so choose-mode builds the entries from the cache. Deferred to the next turn of
 * the event loop: the worker sends its next node's requests first, and the parsing (about a
 * millisecond per certificate) overlaps that round trip instead of delaying it. What is not
 * parsed by choose-mode is parsed there (nodeEntries never throws).
 */
function prebuild(ctx: Ctx, node: DiscoveredNode, certificates: readonly ServedCertificate[]): void {
  setImmediate(() => nodeEntries(node, certificates, ctx.certs));
}

const unreachable = (error: unknown): Message => (error === undefined ? msg('problem.not-connected') : problemOf(error));

/**
 * Trust command: trusts the presented certificates it names (all of them at once, or some);
 * when none is left, returns to the step. A fingerprint that was not presented changes nothing.
 */
export function trustProvider(ctx: Ctx, fingerprints: readonly string[]): void {
  const pending = ctx.data.trust;
  if (!pending) throw fail('invalid-command', msg('failure.nothing-to-trust'));
  const all = [pending.presented, ...pending.others];
  const matches = fingerprints.map((fingerprint) => {
    const wanted = canonicalFingerprint(fingerprint);
    const match = all.find((id) => id.fingerprint === wanted);
    if (!match) throw fail('invalid-command', msg('failure.fingerprint-not-presented', { fingerprint }));
    return match;
  });
  for (const match of matches) ctx.ports.trust.trust(match);
  const rest = all.filter((id) => !matches.includes(id));
  const [next, ...others] = rest;
  if (next) {
    ctx.data.trust = { ...pending, presented: next, others };
    return;
  }
  ctx.data.trust = null;
  ctx.data.kind = pending.returnTo;
}
