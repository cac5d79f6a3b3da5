// The login request: the throttle reserves the attempt before the password is hashed, so
// parallel attempts from one source cannot all be checked (throttle.ts); refusals are
// aggregated in the audit log and unknown user names appear only hashed (login-audit.ts).
import type { Request } from '../../shared/provider-protocol';
import { problem, ProtocolFailure, type ServerContext } from './context';
import type { Reply, SessionState } from './handlers';
import { verifyPassword, dummyPasswordHash } from './passwords';
import { hashUserName } from './login-audit';

export async function login(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'login' }>): Promise<Reply> {
  if (s.username) throw new ProtocolFailure('bad-request', 'already logged in');
  const attempt = await ctx.throttle.admit(s.source);
  if (!attempt.ok) {
    ctx.throttledAttempts.note(s.source);
    const seconds = Math.ceil(attempt.retryAfterMs / 1000);
    const why = problem(attempt.reason === 'locked' ? 'throttled-failures' : 'throttled-parallel', { source: s.source, seconds });
    throw ProtocolFailure.of('throttled', why, { retryAfterMs: attempt.retryAfterMs });
  }
  const user = ctx.config.users.find((u) => u.username === req.username);
  let ok: boolean;
  try {
    ok = await verifyPassword(req.password, user?.passwordHash ?? await dummyPasswordHash());
  } catch (err) {
    attempt.ticket.fail();
    throw err;
  }
  if (!user || !ok) {
    const lockout = attempt.ticket.fail();
    await ctx.audit.record({
      event: 'login-failed', source: s.source, failures: ctx.throttle.failureCount(s.source),
      // A name that is not a user may be a password typed into the wrong field.
      ...(user ? { username: user.username } : { usernameHash: hashUserName(ctx.nameSalt, req.username) }),
    });
    throw ProtocolFailure.of('bad-login', problem('bad-login'), lockout > 0 ? { retryAfterMs: lockout } : {});
  }
  attempt.ticket.succeed();
  const candidate = { sessionId: s.sessionId, source: s.source, username: user.username };
  if (!ctx.admission.admit(candidate)) {
    const holder = ctx.admission.describeHolder();
    throw ProtocolFailure.of('busy', problem('sessions-full', { count: ctx.config.limits.maxSessions }), holder ? { holder } : {});
  }
  s.username = user.username;
  await ctx.audit.record({ event: 'login', username: s.username, source: s.source });
  return { fields: { username: s.username, sessionsInUse: ctx.admission.count } };
}
