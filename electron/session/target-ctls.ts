// The CTL each target holds, read from every target (not from the first node only): the
// review shows a cluster whose nodes already differ, the upload is a compare-and-swap against
// exactly what each target held at review, and a `stale` refusal brings the new file back in.
import { msg, type Message } from '../../shared/session/messages';
import type { CtlFile } from '../../shared/ctl/model';
import type { Ctx } from './context';
import { CtlFormatError } from '../../shared/ctl/errors';
import { problemOf, refuse, type CommandError } from './errors';
import type { AddedTokenState, EngineData, TargetCtl } from './model';
import { mapLimit } from './pool';
import type { ProviderSession, ServedCtl } from './ports';
import { sha256Hex } from '../../shared/node/hash';
import { sameSastIdentity } from './records';
import { decodeCurrent } from './connect';

/** Decodes what a target served; a file that does not decode is kept with why (it is still compared by hash). */
export async function targetCtlOf(served: ServedCtl): Promise<TargetCtl> {
  if (!served.bytes) return { sha256: null, file: null, problem: null };
  const sha256 = sha256Hex(served.bytes);
  try {
    const current = await decodeCurrent(served.bytes);
    return { sha256, file: current.file, problem: current.signatureValid ? null : current.problem };
  } catch (err) {
    return { sha256, file: null, problem: err instanceof CtlFormatError ? err.problem : problemOf(err) };
  }
}

/** Every session a CTL goes to, with the name the review shows for it. */
export function targetSessions(data: EngineData): { name: string; session: ProviderSession }[] {
  const out: { name: string; session: ProviderSession }[] = [];
  for (const n of data.cluster?.nodes ?? []) if (n.session) out.push({ name: n.node.name, session: n.session });
  for (const t of data.extraTargets) out.push({ name: t.name, session: t.session });
  return out;
}

/** Reads the CTL of every target not read yet (nodes are read at connect, with their certificates). */
export async function readTargetCtls(ctx: Ctx): Promise<void> {
  const missing = targetSessions(ctx.data).filter((t) => !ctx.data.targetCtls.has(t.session));
  if (missing.length === 0) return;
  ctx.busy('reading-current-ctl', String(missing.length));
  await mapLimit(missing, ctx.options.concurrency, async (t) => {
    ctx.data.targetCtls.set(t.session, await targetCtlOf(await t.session.getCtl()));
  });
}

/** Targets grouped by the CTL they hold (first group: the one the review diffs against). */
export interface CtlGroup {
  sha256: string | null;
  targets: string[];
  file: CtlFile | null;
  problem: Message | null;
}

export function ctlGroups(data: EngineData): CtlGroup[] {
  const groups: CtlGroup[] = [];
  const reviewed = data.cluster?.current?.sha256 ?? null;
  for (const t of targetSessions(data)) {
    const held = data.targetCtls.get(t.session);
    if (!held) continue;
    let group = groups.find((g) => g.sha256 === held.sha256);
    if (!group) {
      group = { sha256: held.sha256, targets: [], file: held.file, problem: held.problem };
      groups.push(group);
    }
    group.targets.push(t.name);
  }
  return groups.sort((a, b) => Number(b.sha256 === reviewed) - Number(a.sha256 === reviewed));
}

/** True when `signer` is a SAST of the group's file (a target without a CTL trusts any signer). */
export function groupListsSigner(group: CtlGroup, signer: AddedTokenState | null): boolean {
  if (group.sha256 === null) return true;
  return !!signer && !!group.file?.records.some((r) => r.role === 'SAST' && sameSastIdentity(r, signer.record));
}

/** What a target held at review: the `expected` of its compare-and-swap. */
export function expectedFor(data: EngineData, session: ProviderSession): string | null {
  const held = data.targetCtls.get(session);
  return held ? held.sha256 : data.cluster?.current?.sha256 ?? null;
}

/**
 * A stage was refused as stale: some target holds another CTL than at review. Every stage was
 * aborted (nothing changed anywhere). The CTL of every target is read again, the review is
 * shown again against the new current CTL (its diff shows what changed), and the refusal says
 * which targets changed.
 */
export async function backToReview(ctx: Ctx): Promise<CommandError> {
  const pub = ctx.data.publish!;
  const changed = pub.targets.filter((r) => r.stale).map((r) => `${r.progress.host} (now ${r.stale!.currentSha256 ?? 'no CTL'})`);
  ctx.data.publish = null;
  ctx.data.signerSerial = null;
  ctx.data.overrides = [];
  ctx.data.targetCtls.clear();
  await readTargetCtls(ctx).catch(() => undefined);
  const cluster = ctx.data.cluster!;
  // The review diffs against the CTL of the node the administrator connected to, as at connect.
  const primary = ctx.data.server?.session ?? null;
  const fresh = primary ? await primary.getCtl().catch(() => null) : null;
  if (fresh) cluster.current = fresh.bytes ? await decodeCurrent(fresh.bytes).catch(() => cluster.current) : null;
  ctx.data.kind = 'review';
  return refuse('ctl-changed', msg('refusal.ctl-changed', { targets: changed.join(', ') }));
}
