// Moving between steps: Back, and entering the review. Going back keeps what was done
// (tokens added, the proof, entries) except leaving the mode step, which disconnects.
import { msg } from '../../shared/session/messages';
import type { Ctx } from './context';
import { fail, refuse } from './errors';
import { proofFirst } from './rules';
import { forgetDeleted } from './entries';
import { readTargetCtls } from './target-ctls';

/** The review compares against what every target holds: targets not read yet are read now. */
export async function enterReview(ctx: Ctx): Promise<void> {
  const blocked = proofFirst(ctx.data.cluster?.current != null, ctx.data.tokens.some((t) => t.proven), 'review');
  if (blocked) throw refuse(blocked.code, blocked.message);
  await readTargetCtls(ctx);
  await forgetDeleted(ctx);
  ctx.data.kind = 'review';
}

export async function goBack(ctx: Ctx, disconnect: () => Promise<void>): Promise<void> {
  const data = ctx.data;
  switch (data.kind) {
    case 'trust':
      data.kind = data.trust?.returnTo ?? 'connect';
      data.trust = null;
      ctx.resume = null; // not trusted: the command that waited is dropped with its password
      return;
    case 'mode':
      await disconnect();
      data.cluster = null;
      data.targetCtls.clear();
      // Their sessions were closed with the cluster's; a new connect opens them again.
      data.extraTargets = [];
      if (data.server) data.server.session = null;
      data.notices = [];
      data.kind = 'connect';
      return;
    case 'tokens':
      data.kind = 'mode';
      return;
    case 'entries':
      await forgetDeleted(ctx);
      data.kind = 'tokens';
      return;
    case 'review':
      data.kind = 'entries';
      return;
    default:
      throw fail('invalid-command', msg('failure.no-step-before', { step: data.kind }));
  }
}
