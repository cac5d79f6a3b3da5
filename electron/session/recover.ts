// A target whose connection was lost during the upload. The session still has what it needs
// in memory (the login, the signed and verified CTL, the signer's token login), so it opens
// the connection again and reads back before doing anything else: the final state of every
// target is what was read back, never what was intended. It prefers rolling forward (stage
// and commit the same file again, compare-and-swap against the CTL reviewed) to rolling back.
import { msg, type Message } from '../../shared/session/messages';
import type { Ctx } from './context';
import { ctlNamed, TargetProblem, targetProblem } from './errors';
import type { PublishState, TargetRun } from './model';
import { ProviderFailure, type ProviderSession, type ServedCtl } from './ports';
import { proveOne } from './proof';
import { sha256Hex } from '../../shared/node/hash';
import { proofSigner } from './tokens';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A timeout or a dropped connection: the channel is closed and the session is gone. */
export function isConnectionLoss(err: unknown): boolean {
  return err instanceof ProviderFailure && (err.code === 'closed' || err.code === 'connect-failed');
}

export const servedSha = (served: ServedCtl): string | null => (served.bytes ? sha256Hex(served.bytes) : null);

/** What a target that could not be reached again is reported with (no pretended state). */
export function lostProblem(run: TargetRun, pub: PublishState, cause: unknown): Message {
  const params = { host: run.progress.host, sha256: pub.sha256, previous: ctlNamed(run.expected, 'none') };
  return cause === undefined ? msg('target-problem.lost-earlier', params) : msg('target-problem.lost', { ...params, problem: targetProblem(cause) });
}

/** Puts `next` wherever the engine keeps `old` (node, extra target, the CTL it held), so later steps use it. */
function replaceSession(ctx: Ctx, old: ProviderSession, next: ProviderSession): void {
  for (const n of ctx.data.cluster?.nodes ?? []) if (n.session === old) n.session = next;
  for (const t of ctx.data.extraTargets) if (t.session === old) t.session = next;
  if (ctx.data.server?.session === old) ctx.data.server.session = next;
  const held = ctx.data.targetCtls.get(old);
  if (held) ctx.data.targetCtls.set(next, held);
  ctx.data.reopened.push(next);
}

/**
 * Opens the target's connection again, trying until the reconnect window closes (a restarting
 * provider takes a moment, longer on a loaded server); null when it cannot.
 */
export async function reopen(ctx: Ctx, run: TargetRun): Promise<ProviderSession | null> {
  const login = ctx.login;
  const old = run.session;
  const root = ctx.targetLogins?.get(old);
  const targets = ctx.ports.targets;
  if (!login && !(root && targets)) return null;
  old.close().catch(() => undefined);
  const deadline = Date.now() + ctx.options.reconnectWindowMs;
  let pause = ctx.options.reconnectDelayMs;
  for (;;) {
    try {
      const accept = (id: Parameters<typeof ctx.ports.trust.isTrusted>[0]) => ctx.ports.trust.isTrusted(id);
      const next = root && targets ? await targets.open(root.address, root.auth, accept) : await ctx.ports.providers.open(old.host, old.port, login!, accept);
      if (root) ctx.targetLogins!.set(next, root);
      replaceSession(ctx, old, next);
      run.session = next;
      run.lost = false;
      return next;
    } catch {
      if (Date.now() + pause > deadline) return null;
      await delay(pause);
      pause = Math.min(pause * 2, 2000);
    }
  }
}

/** Takes the lock and proves the signer on a new connection (writes need both). */
async function writerOn(ctx: Ctx, session: ProviderSession): Promise<void> {
  await session.lock();
  const signer = ctx.data.tokens.find((t) => t.view.serial === ctx.data.signerSerial && t.loggedIn);
  if (signer) await proveOne(session, proofSigner(ctx, signer), ctx.ports.providers.proofBatch);
}

/** Stages the signed CTL on `session` (compare-and-swap against the reviewed CTL), proving the signer when asked. */
export async function stageOn(ctx: Ctx, pub: PublishState, run: TargetRun, session: ProviderSession): Promise<string> {
  try {
    return (await session.stage(pub.bytes, pub.securityMode, run.expected)).stageId;
  } catch (err) {
    // A target that holds a CTL wants a proof on this connection; the signer is logged in.
    const signer = ctx.data.tokens.find((t) => t.view.serial === ctx.data.signerSerial && t.loggedIn);
    if (!(err instanceof ProviderFailure && err.code === 'proof-required' && signer)) throw err;
    await proveOne(session, proofSigner(ctx, signer), ctx.ports.providers.proofBatch);
    return (await session.stage(pub.bytes, pub.securityMode, run.expected)).stageId;
  }
}

/** The target holds a CTL that is neither the new one nor the one reviewed: left as it is. */
export function strangerError(run: TargetRun, got: string | null): Error {
  run.stale = { currentSha256: got };
  return new TargetProblem(msg('target-problem.stranger', { host: run.progress.host, held: ctlNamed(got), previous: ctlNamed(run.expected, 'none') }));
}

/**
 * After a connection loss while committing: reconnect, read back, and roll forward when the
 * target still holds the CTL reviewed. Resolves with the read-back of the new CTL; throws
 * (with run.lost set when it cannot be reached) otherwise.
 */
export async function recoverCommit(ctx: Ctx, pub: PublishState, run: TargetRun, cause: unknown): Promise<ServedCtl> {
  run.stageId = null;
  let last = cause;
  for (let round = 0; round < ctx.options.reconnectAttempts; round++) {
    const session = await reopen(ctx, run);
    if (!session) break;
    try {
      const served = await session.getCtl();
      const got = servedSha(served);
      Object.assign(run.progress, { readBackSha256: got });
      if (got === pub.sha256) {
        // The commit whose reply was lost went through. CAPF still goes to this target: it writes, so lock and prove.
        if (run.needsCapf) await writerOn(ctx, session);
        return served;
      }
      if (got !== run.expected) throw strangerError(run, got);
      run.progress.attempts += 1;
      await session.lock();
      const stageId = await stageOn(ctx, pub, run, session);
      const committing = session.commit(stageId, run.expected);
      const readBack = session.getCtl();
      readBack.catch(() => undefined);
      await committing;
      return await readBack;
    } catch (err) {
      if (!isConnectionLoss(err)) throw err;
      last = err;
    }
  }
  run.lost = true;
  run.progress.readBackSha256 = null;
  throw new TargetProblem(lostProblem(run, pub, last), { cause: last });
}

/** Reads what the target holds now, reconnecting once if the connection is gone; null when it cannot be read. */
export async function readHeld(ctx: Ctx, run: TargetRun, connectionGone = false): Promise<{ sha256: string | null } | null> {
  try {
    if (!run.lost && !connectionGone) return { sha256: servedSha(await run.session.getCtl()) };
  } catch (err) {
    if (!isConnectionLoss(err)) return null;
  }
  const session = await reopen(ctx, run);
  if (!session) return null;
  try {
    return { sha256: servedSha(await session.getCtl()) };
  } catch {
    return null;
  }
}
