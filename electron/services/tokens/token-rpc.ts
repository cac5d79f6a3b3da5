// The messages between TokenService's worker backend (main thread) and the token worker,
// typed from the TokenOps interface: a request names one op and carries exactly that op's
// argument tuple; a reply carries its value or a TokenErrorData, rebuilt as a TokenError on the
// main side. The worker checks every message at run time (an unknown op or a malformed
// request gets an error reply, never a method lookup by an arbitrary string).
import type { TokenErrorData } from '../../../shared/tokens/types';
import { TokenError, toTokenError } from './errors';
import type { TokenOps } from './token-ops';

export type OpName = keyof TokenOps;
export type OpArgs<K extends OpName> = Parameters<TokenOps[K]>;
export type OpValue<K extends OpName> = Awaited<ReturnType<TokenOps[K]>>;

/** A request for op K (defaults to the union of every op's request). */
export type OpRequest<K extends OpName = OpName> = { [P in K]: { id: number; op: P; args: OpArgs<P> } }[K];

export type OpReply<K extends OpName = OpName> = { id: number; ok: true; value: OpValue<K> } | { id: number; ok: false; error: TokenErrorData };

/** What the worker dispatches to: one handler per op, with the op's own signature. */
export type OpHandlers = { [K in OpName]: (...args: OpArgs<K>) => Promise<OpValue<K>> };

/** Every op, checked against TokenOps by the compiler (a missing or extra name fails to build). */
const OPS: Readonly<Record<OpName, true>> = {
  init: true,
  list: true,
  login: true,
  sign: true,
  changePin: true,
  release: true,
  rescan: true,
  openTokens: true,
  counts: true,
  resetCounts: true,
  close: true,
};

export function isOpName(value: unknown): value is OpName {
  return typeof value === 'string' && Object.hasOwn(OPS, value);
}

/** An own field of a message (structured clones are plain objects), or undefined. */
function field(message: unknown, name: string): unknown {
  return typeof message === 'object' && message !== null && Object.hasOwn(message, name) ? Reflect.get(message, name) : undefined;
}

/** The message's id when it has a usable one (an error reply needs it to reach its caller). */
export function requestId(message: unknown): number | null {
  const id = field(message, 'id');
  return typeof id === 'number' && Number.isSafeInteger(id) ? id : null;
}

/**
 * A request the worker can run: a safe-integer id, a known op and an argument list. Only the
 * worker backend holds the worker's port and builds requests with OpRequest's types, so the
 * arguments' types come from the compiler; the check here guards the op name and the shape.
 */
export function isOpRequest(message: unknown): message is OpRequest {
  return requestId(message) !== null && isOpName(field(message, 'op')) && Array.isArray(field(message, 'args'));
}

/** Runs one request against the handlers; any failure becomes a TokenErrorData reply. */
export async function handleRequest(handlers: OpHandlers, message: unknown): Promise<OpReply | null> {
  const id = requestId(message);
  if (id === null) return null;
  if (!isOpRequest(message)) {
    const op = field(message, 'op');
    const name = typeof op === 'string' ? JSON.stringify(op.slice(0, 64)) : `of type ${typeof op}`;
    const what = isOpName(op) ? `a malformed ${op} request (no argument list)` : `an unknown operation ${name}`;
    return { id, ok: false, error: new TokenError('function-failed', `The token worker rejected ${what}.`).toData() };
  }
  try {
    return { id, ok: true, value: await dispatch(handlers, message) };
  } catch (error) {
    const typed = error instanceof TokenError ? error : toTokenError(error, `Token operation ${message.op}`);
    return { id, ok: false, error: typed.toData() };
  }
}

/** Calls the handler of request.op with request.args; the compiler ties the two together. */
function dispatch<K extends OpName>(handlers: OpHandlers, request: OpRequest<K>): Promise<OpValue<K>> {
  return handlers[request.op](...request.args);
}
