// Finish, part two: the two-phase upload. Stage on every target in parallel (limited); if
// any stage fails or cancel is pressed, abort everywhere — nothing changed. Otherwise each
// target commits (retried), reads the CTL back and compares hashes, receives the CAPF
// certificate when it needs it, and unlocks. Failures are kept per target, with retry and
// rollback (to the CTL each provider kept at commit) offered.
import type { Ctx } from './context';
import { describeError } from './errors';
import type { PublishState, TargetRun } from './model';
import { mapLimit } from './pool';
import { ProviderFailure, type ServedCtl } from './ports';
import { sha256Hex } from './records';
import { proveOne } from './proof';
import { proofSigner } from './tokens';

export type PublishOutcome = 'done' | 'failed' | 'cancelled';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function set(ctx: Ctx, run: TargetRun, patch: Partial<TargetRun['progress']>): void {
  Object.assign(run.progress, patch);
  ctx.changed();
}

function capfCertificate(ctx: Ctx): Uint8Array | null {
  return ctx.data.entries.find((e) => e.source === 'cluster-capf')?.record.certificate ?? null;
}

async function stageOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  if (ctx.cancelRequested()) throw new Error('cancelled before staging');
  set(ctx, run, { phase: 'staging', status: 'active', error: null });
  // lock and stage leave together (one round trip); a refused lock explains the refused stage.
  const locking = run.session.lock();
  const staging = run.session.stage(pub.bytes, pub.securityMode);
  staging.catch(() => undefined);
  await locking;
  try {
    run.stageId = (await staging).stageId;
  } catch (err) {
    // A target that holds a CTL wants a proof on this connection; the signer is logged in.
    const signer = ctx.data.tokens.find((t) => t.view.serial === ctx.data.signerSerial && t.loggedIn);
    if (!(err instanceof ProviderFailure && err.code === 'proof-required' && signer)) throw err;
    await proveOne(run.session, proofSigner(ctx, signer));
    run.stageId = (await run.session.stage(pub.bytes, pub.securityMode)).stageId;
  }
  set(ctx, run, { phase: 'staged', status: 'ok' });
}

/** Stages everywhere; true when every target staged and cancel was not pressed. */
async function stageAll(ctx: Ctx, pub: PublishState, runs: TargetRun[]): Promise<boolean> {
  pub.stage = 'staging';
  ctx.busy('staging', `${runs.length} target(s)`);
  const results = await mapLimit(runs, ctx.options.concurrency, (run) => stageOne(ctx, pub, run));
  results.forEach((r, i) => {
    const run = runs[i]!;
    if (!r.ok) set(ctx, run, { status: 'failed', error: describeError(r.error) });
  });
  return results.every((r) => r.ok) && !ctx.cancelRequested();
}

/** Aborts every staged CTL and releases the locks: every target keeps its CTL. */
async function abortAll(ctx: Ctx, pub: PublishState): Promise<void> {
  pub.stage = 'aborting';
  ctx.busy('aborting', null);
  await mapLimit(pub.targets, ctx.options.concurrency, async (run) => {
    if (run.stageId) {
      set(ctx, run, { phase: 'aborting' });
      await run.session.abort(run.stageId).catch(() => undefined);
      run.stageId = null;
    }
    await run.session.unlock().catch(() => undefined);
    // Targets that staged fine end `aborted/ok` (unchanged); the ones that failed keep their error.
    set(ctx, run, { phase: 'aborted', status: run.progress.status === 'failed' ? 'failed' : 'ok' });
  });
}

/** A timeout or a dropped connection: the channel is closed and the session is gone. */
export function isConnectionLoss(err: unknown): boolean {
  return err instanceof ProviderFailure && (err.code === 'closed' || err.code === 'connect-failed');
}

/** What a target whose connection dropped during commit is reported with (no pretended retry). */
export function lostMessage(run: TargetRun, pub: PublishState, cause: string): string {
  return `connection lost during commit (${cause}): whether ${run.progress.host} now serves the new CTL (SHA-256 ${pub.sha256}) `
    + 'or the previous one is unknown, and it cannot be retried or rolled back on this connection; reconnect and run again';
}

/** Reads the target's CTL: true when it is the signed one (a commit whose reply was lost went through). */
async function holdsNew(run: TargetRun, pub: PublishState): Promise<{ yes: boolean; served: ServedCtl }> {
  const served = await run.session.getCtl();
  return { yes: (served.bytes ? sha256Hex(served.bytes) : null) === pub.sha256, served };
}

async function commitOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  if (run.lost) throw new Error(run.progress.error ?? lostMessage(run, pub, 'earlier'));
  set(ctx, run, { phase: 'committing', status: 'active', error: null });
  let last: unknown = null;
  for (let attempt = 1; attempt <= ctx.options.commitAttempts; attempt++) {
    if (attempt > 1) {
      // A failed reply does not prove nothing was written: read back before committing again.
      const check = await holdsNew(run, pub).catch(() => null);
      if (check?.yes) {
        run.readBack = Promise.resolve(check.served);
        run.stageId = null;
        set(ctx, run, { phase: 'committed', status: 'active', error: null });
        return;
      }
    }
    run.progress.attempts += 1;
    try {
      if (!run.stageId) run.stageId = (await run.session.stage(pub.bytes, pub.securityMode)).stageId;
      // The read-back leaves right behind the commit (one round trip); it is used only if the commit succeeded.
      const committing = run.session.commit(run.stageId);
      const readBack = run.session.getCtl();
      readBack.catch(() => undefined);
      const result = await committing;
      run.readBack = readBack;
      run.stageId = null;
      set(ctx, run, { phase: 'committed', status: 'active', fileLocation: result.fileLocation });
      return;
    } catch (err) {
      last = err;
      if (isConnectionLoss(err)) {
        // Retrying on a dead connection can only fail, and the password to open another is gone.
        run.lost = true;
        run.stageId = null;
        throw new Error(lostMessage(run, pub, describeError(err)), { cause: err });
      }
      if (err instanceof ProviderFailure && err.code === 'not-found') run.stageId = null;
      set(ctx, run, { error: `attempt ${attempt}: ${describeError(err)}` });
      if (attempt < ctx.options.commitAttempts) await delay(ctx.options.commitRetryDelayMs);
    }
  }
  throw last;
}

async function verifyOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  set(ctx, run, { phase: 'verifying', status: 'active' });
  const pending = run.readBack;
  run.readBack = null;
  const served = await (pending ?? run.session.getCtl());
  const got = served.bytes ? sha256Hex(served.bytes) : null;
  set(ctx, run, { readBackSha256: got });
  if (got !== pub.sha256) {
    throw new Error(`read-back mismatch: the target serves ${got ?? 'no CTL'}, the signed CTL is ${pub.sha256}`);
  }
  set(ctx, run, { phase: 'verified' });
}

async function capfOne(ctx: Ctx, run: TargetRun): Promise<void> {
  const der = capfCertificate(ctx);
  if (!run.needsCapf || !der || run.progress.capf === 'done') return;
  try {
    await run.session.putCapf(der);
    set(ctx, run, { capf: 'done' });
  } catch (err) {
    set(ctx, run, { capf: 'failed' });
    throw new Error(`CAPF certificate distribution failed: ${describeError(err)}`, { cause: err });
  }
}

/** After every stage succeeded: commit, read back, CAPF, per target, side by side. */
async function finishAll(ctx: Ctx, pub: PublishState, runs: TargetRun[], restage: boolean): Promise<void> {
  pub.stage = 'committing';
  ctx.busy('committing', `${runs.length} target(s)`);
  await mapLimit(runs, ctx.options.concurrency, async (run) => {
    try {
      const p = run.progress.phase;
      const committed = p === 'committed' || p === 'verified';
      if (restage && p !== 'verified') run.stageId = null;
      if (!committed || restage) await commitOne(ctx, pub, run);
      if (run.progress.phase !== 'verified') await verifyOne(ctx, pub, run);
      await capfOne(ctx, run);
      set(ctx, run, { status: 'ok', error: null });
    } catch (err) {
      set(ctx, run, { status: 'failed', error: describeError(err) });
    }
  });
  pub.stage = 'finished';
}

/** Runs the upload from staging. */
export async function publish(ctx: Ctx): Promise<PublishOutcome> {
  const pub = ctx.data.publish!;
  const staged = await stageAll(ctx, pub, pub.targets);
  if (!staged) {
    const cancelled = ctx.cancelRequested();
    await abortAll(ctx, pub);
    pub.stageFailed = !cancelled;
    pub.stage = 'finished';
    return cancelled ? 'cancelled' : 'failed';
  }
  await finishAll(ctx, pub, pub.targets, false);
  return settle(ctx, pub);
}

async function settle(_ctx: Ctx, pub: PublishState): Promise<PublishOutcome> {
  // On success the engine closes every session next, which releases the locks on the
  // providers' side; an explicit unlock would cost one more round trip per target.
  return pub.targets.every((r) => r.progress.status === 'ok') ? 'done' : 'failed';
}

/** Retry: after a stage failure, the whole upload again; after commit failures, the failed targets. */
export async function retry(ctx: Ctx): Promise<PublishOutcome> {
  const pub = ctx.data.publish!;
  if (pub.stageFailed) {
    for (const run of pub.targets) {
      Object.assign(run.progress, { phase: 'waiting', status: 'pending', error: null });
      run.stageId = null;
    }
    pub.stageFailed = false;
    return publish(ctx);
  }
  // A target whose connection dropped stays as reported (connection lost; reconnect and run again).
  const failed = pub.targets.filter((r) => r.progress.status === 'failed' && !r.lost);
  // A read-back mismatch rewrites the file; a failed commit commits (or re-stages) again.
  const mismatch = failed.filter((r) => r.progress.phase === 'verifying');
  await finishAll(ctx, pub, failed.filter((r) => !mismatch.includes(r)), false);
  if (mismatch.length > 0) await finishAll(ctx, pub, mismatch, true);
  return settle(ctx, pub);
}

/** Rollback: committed targets go back to the previous CTL; staged ones are aborted. */
export async function rollback(ctx: Ctx): Promise<void> {
  const pub = ctx.data.publish!;
  pub.stage = 'rolling-back';
  ctx.busy('rolling back', null);
  await mapLimit(pub.targets, ctx.options.concurrency, async (run) => {
    const p = run.progress.phase;
    if (run.lost) {
      // No connection to read back or roll back on: say so, never "unchanged".
      set(ctx, run, { status: 'failed', error: `${run.progress.error ?? lostMessage(run, pub, 'earlier')}; not rolled back` });
      return;
    }
    try {
      // A commit that failed (or never answered) may still have gone through: decide from a read-back.
      const committed = p === 'committed' || p === 'verified' || p === 'verifying'
        || (p === 'committing' && (await holdsNew(run, pub)).yes);
      if (committed) {
        set(ctx, run, { phase: 'rolling-back', status: 'active' });
        await run.session.rollback();
        set(ctx, run, { phase: 'rolled-back', status: 'ok', error: null });
      } else {
        if (run.stageId) await run.session.abort(run.stageId).catch(() => undefined);
        run.stageId = null;
        // Keep why it never committed: the report shows it beside "unchanged".
        const why = run.progress.error ? `not committed (${run.progress.error}); staged CTL aborted` : null;
        set(ctx, run, { phase: 'aborted', status: 'ok', error: why });
      }
    } catch (err) {
      const why = isConnectionLoss(err) ? `connection lost; whether ${run.progress.host} holds the new or the previous CTL is unknown: reconnect and run again` : describeError(err);
      set(ctx, run, { status: 'failed', error: `rollback failed: ${why}` });
    }
    await run.session.unlock().catch(() => undefined);
  });
  pub.stage = 'finished';
}
