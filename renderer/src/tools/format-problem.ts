// Where a malformed CTL/ITL stopped making sense, from the main process's `ctl-format` error:
// the byte offset, the tag when the decoder named one, and what is wrong (a message worded in
// the UI's language; the decoder's English sentence when the details carry no message).
import { isMessage, type Message } from '../../../shared/session/messages';
import type { UiError } from '../store/app-store';

export interface FormatProblem {
  offset: number;
  tag: number | null;
  problem: Message | null;
  reason: string;
}

/** The offset, tag and reason of a `ctl-format` error, or null for any other error. */
export function formatProblem(error: UiError): FormatProblem | null {
  if (error.source !== 'bridge' || error.error.code !== 'ctl-format') return null;
  const details = error.error.details ?? {};
  const offset = typeof details.offset === 'number' ? details.offset : null;
  const reason = typeof details.reason === 'string' ? details.reason : error.error.message;
  if (offset === null) return null;
  const problem = isMessage(details.problem) ? details.problem : null;
  const tag = problem ? problem.params['tag'] : undefined;
  return { offset, tag: typeof tag === 'number' ? tag : null, problem, reason };
}
