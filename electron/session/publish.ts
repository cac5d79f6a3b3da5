// Finish, part two: the two-phase upload. Stage on every target in parallel (limited); if
// any stage fails or cancel is pressed, abort everywhere — nothing changed. Otherwise each
// target commits (retried), reads the CTL back and compares hashes, receives the CAPF
// certificate when it needs it, and unlocks. Failures are kept per target, with retry and
// rollback (to the CTL each provider kept at commit) offered.
import type { Ctx } from './context';
import { msg } from '../../shared/session/messages';
import { ctlNamed, TargetProblem, targetProblem } from './errors';
import type { PublishState, TargetRun } from './model';
import { mapLimit } from './pool';
import { ProviderFailure, type ServedCtl } from './ports';
import { isConnectionLoss, lostProblem, readHeld, recoverCommit, servedSha, stageOn, strangerError } from './recover';

/** 'stale': a target holds another CTL than at review; every stage was aborted, nothing changed. */
export type PublishOutcome = 'done' | 'failed' | 'cancelled' | 'stale';

const delay = (ms: number) => new Promise((r) => setTimeout(r, ms));

function set(ctx: Ctx, run: TargetRun, patch: Partial<TargetRun['progress']>): void {
  Object.assign(run.progress, patch);
  ctx.changed();
}

function capfCertificate(ctx: Ctx): Uint8Array | null {
  return ctx.data.entries.find((e) => e.source === 'cluster-capf')?.record.certificate ?? null;
}

async function stageOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  if (ctx.cancelRequested()) throw new TargetProblem(msg('target-problem.cancelled-before-staging'));
  set(ctx, run, { phase: 'staging', status: 'active', error: null });
  // lock and stage leave together (one round trip); a refused lock explains the refused stage.
  const locking = run.session.lock();
  const staging = stageOn(ctx, pub, run, run.session);
  staging.catch(() => undefined);
  await locking;
  try {
    run.stageId = await staging;
  } catch (err) {
    if (err instanceof ProviderFailure && err.code === 'stale') run.stale = { currentSha256: err.currentSha256 };
    throw err;
  }
  set(ctx, run, { phase: 'staged', status: 'ok' });
}

/** Stages everywhere; true when every target staged and cancel was not pressed. */
async function stageAll(ctx: Ctx, pub: PublishState, runs: TargetRun[]): Promise<boolean> {
  pub.stage = 'staging';
  ctx.busy('staging', String(runs.length));
  const results = await mapLimit(runs, ctx.options.concurrency, (run) => stageOne(ctx, pub, run));
  results.forEach((r, i) => {
    const run = runs[i]!;
    if (!r.ok) set(ctx, run, { status: 'failed', error: targetProblem(r.error) });
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

/** Reads the target's CTL: true when it is the signed one (a commit whose reply was lost went through). */
async function holdsNew(run: TargetRun, pub: PublishState): Promise<{ yes: boolean; served: ServedCtl }> {
  const served = await run.session.getCtl();
  return { yes: servedSha(served) === pub.sha256, served };
}

async function commitOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  if (run.lost) throw new TargetProblem(run.progress.error ?? lostProblem(run, pub, undefined));
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
      if (!run.stageId) run.stageId = await stageOn(ctx, pub, run, run.session);
      // The read-back leaves right behind the commit (one round trip); it is used only if the commit succeeded.
      const committing = run.session.commit(run.stageId, run.expected);
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
        // The outcome is unknown: reconnect and read back before anything else, then roll forward.
        set(ctx, run, { error: msg('target-problem.attempt-reconnecting', { attempt, problem: targetProblem(err) }) });
        run.readBack = Promise.resolve(await recoverCommit(ctx, pub, run, err));
        set(ctx, run, { phase: 'committed', status: 'active', error: null });
        return;
      }
      if (err instanceof ProviderFailure && err.code === 'stale') {
        // The file changed behind the provider since staging: left as it is, with what it holds.
        throw strangerError(run, err.currentSha256);
      }
      if (err instanceof ProviderFailure && err.code === 'not-found') run.stageId = null;
      set(ctx, run, { error: msg('target-problem.attempt', { attempt, problem: targetProblem(err) }) });
      if (attempt < ctx.options.commitAttempts) await delay(ctx.options.commitRetryDelayMs);
    }
  }
  throw last;
}

async function verifyOne(ctx: Ctx, pub: PublishState, run: TargetRun): Promise<void> {
  set(ctx, run, { phase: 'verifying', status: 'active' });
  const pending = run.readBack;
  run.readBack = null;
  let got: string | null;
  try {
    got = servedSha(await (pending ?? run.session.getCtl()));
  } catch (err) {
    if (!isConnectionLoss(err)) throw err;
    // Lost during the read-back: read it on a new connection (the commit was answered, so it is on disk).
    const held = await readHeld(ctx, run, true);
    if (!held) {
      run.lost = true;
      throw new TargetProblem(lostProblem(run, pub, err), { cause: err });
    }
    got = held.sha256;
  }
  set(ctx, run, { readBackSha256: got });
  if (got !== pub.sha256) {
    throw new TargetProblem(msg('target-problem.read-back-mismatch', { held: ctlNamed(got), sha256: pub.sha256 }));
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
    throw new TargetProblem(msg('target-problem.capf-failed', { problem: targetProblem(err) }), { cause: err });
  }
}

/** After every stage succeeded: commit, read back, CAPF, per target, side by side. */
async function finishAll(ctx: Ctx, pub: PublishState, runs: TargetRun[], restage: boolean): Promise<void> {
  pub.stage = 'committing';
  ctx.busy('committing', String(runs.length));
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
      set(ctx, run, { status: 'failed', error: targetProblem(err) });
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
    if (!cancelled && pub.targets.some((r) => r.stale)) return 'stale';
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
  // A target that could not be reached again, or holds a stranger CTL, stays as reported.
  const failed = pub.targets.filter((r) => r.progress.status === 'failed' && !r.lost && !r.stale);
  // A read-back mismatch rewrites the file; a failed commit commits (or re-stages) again.
  const mismatch = failed.filter((r) => r.progress.phase === 'verifying');
  await finishAll(ctx, pub, failed.filter((r) => !mismatch.includes(r)), false);
  if (mismatch.length > 0) await finishAll(ctx, pub, mismatch, true);
  return settle(ctx, pub);
}

/**
 * Rollback: every target is read first (a lost connection is opened again); only when every
 * target that holds the new CTL can be reached is anything rolled back: a rollback that
 * leaves one committed target behind would split the cluster further. Each target ends with
 * what it was read back to hold.
 */
export async function rollback(ctx: Ctx): Promise<void> {
  const pub = ctx.data.publish!;
  pub.stage = 'rolling-back';
  ctx.busy('rolling-back', null);
  const held = await mapLimit(pub.targets, ctx.options.concurrency, async (run) => {
    if (run.stageId) await run.session.abort(run.stageId).catch(() => undefined);
    run.stageId = null;
    return readHeld(ctx, run);
  });
  const unknown = pub.targets.filter((_, i) => { const r = held[i]; return !r || !r.ok || r.value === null; });
  if (unknown.length > 0) {
    const names = unknown.map((r) => r.progress.host).join(', ');
    for (const run of pub.targets) {
      const r = held[pub.targets.indexOf(run)];
      const sha = r?.ok && r.value ? r.value.sha256 : null;
      const error = unknown.includes(run)
        ? msg('target-problem.rollback-unknown', { problem: run.progress.error ?? msg('target-problem.not-reachable') })
        : msg('target-problem.rollback-skipped', { hosts: names });
      set(ctx, run, { status: 'failed', error, readBackSha256: unknown.includes(run) ? null : sha });
    }
    pub.stage = 'finished';
    return;
  }
  await mapLimit(pub.targets, ctx.options.concurrency, async (run, i) => {
    const r = held[i];
    const sha = r?.ok && r.value ? r.value.sha256 : null;
    try {
      if (sha === pub.sha256) {
        set(ctx, run, { phase: 'rolling-back', status: 'active' });
        await run.session.rollback(pub.sha256);
        const back = await readHeld(ctx, run);
        set(ctx, run, { readBackSha256: back?.sha256 ?? null });
        if (!back || back.sha256 !== run.expected) throw new TargetProblem(msg('target-problem.rollback-read-back', { held: ctlNamed(back?.sha256), previous: ctlNamed(run.expected, 'none') }));
        set(ctx, run, { phase: 'rolled-back', status: 'ok', error: null });
      } else if (sha === run.expected) {
        // Keep why it never committed: the report shows it beside "unchanged".
        const why = run.progress.error ? msg('target-problem.not-committed', { problem: run.progress.error }) : null;
        set(ctx, run, { phase: 'aborted', status: 'ok', error: why, readBackSha256: sha });
      } else {
        set(ctx, run, { status: 'failed', readBackSha256: sha, error: msg('target-problem.left-as-is', { held: ctlNamed(sha) }) });
      }
    } catch (err) {
      set(ctx, run, { status: 'failed', error: msg('target-problem.rollback-failed', { problem: targetProblem(err) }) });
    }
    await run.session.unlock().catch(() => undefined);
  });
  pub.stage = 'finished';
}
