// Runs one bridge call: checks the method name, validates the payload with its schema, calls
// the handler and wraps the outcome in an IpcResult. Electron main and the web preview both
// go through here, so validation cannot differ between them.
import { requestSchemas } from '../../shared/ipc/contract';
import type { Replies } from '../../shared/ipc/contract';
import { isMethodName } from '../../shared/ipc/methods';
import type { MethodName } from '../../shared/ipc/methods';
import type { IpcResult } from '../../shared/ipc/result';
import type { z } from 'zod';
import { describeIssues, issueMessage } from '../../shared/session/field-issues';
import { msg } from '../../shared/session/messages';
import { toIpcError } from './errors';

type Parsed<M extends MethodName> = z.output<(typeof requestSchemas)[M]>;

export type Handlers = { [M in MethodName]: (request: Parsed<M>) => Promise<Replies[M]> };

export async function dispatch(handlers: Handlers, method: unknown, payload: unknown): Promise<IpcResult<unknown>> {
  if (!isMethodName(method)) {
    return { ok: false, error: { code: 'unknown-method', message: 'Unknown bridge method.' } };
  }
  const schema: z.ZodType = requestSchemas[method];
  const parsed = schema.safeParse(payload ?? {});
  if (!parsed.success) {
    return {
      ok: false,
      error: {
        code: 'invalid-request',
        message: `Invalid ${method} request: ${describeIssues(parsed.error.issues)}`,
        details: { fields: parsed.error.issues.map((i) => i.path.join('.')) },
        problem: msg('failure.invalid-command', { reason: issueMessage(parsed.error.issues) }),
      },
    };
  }
  const handler = handlers[method] as (request: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (error) {
    return { ok: false, error: toIpcError(error) };
  }
}
