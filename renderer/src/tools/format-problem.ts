// Where a malformed CTL/ITL stopped making sense, from the main process's `ctl-format` error:
// the byte offset, the tag when the decoder named one, and the decoder's own sentence.
import type { UiError } from '../store/app-store';

export interface FormatProblem {
  offset: number;
  tag: number | null;
  reason: string;
}

/** The offset, tag and reason of a `ctl-format` error, or null for any other error. */
export function formatProblem(error: UiError): FormatProblem | null {
  if (error.source !== 'bridge' || error.error.code !== 'ctl-format') return null;
  const details = error.error.details ?? {};
  const offset = typeof details.offset === 'number' ? details.offset : null;
  const reason = typeof details.reason === 'string' ? details.reason : error.error.message;
  if (offset === null) return null;
  const tag = /\btag (\d+)/.exec(reason);
  return { offset, tag: tag ? Number(tag[1]) : null, reason };
}
