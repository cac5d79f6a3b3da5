// Turns anything a handler throws into a serializable IpcError. Service errors already carry
// a stable `code` and an actionable message; unknown errors keep their message but get the
// generic code "internal". Request payloads are never copied into an error (they may hold
// a password or PIN).
import { CtlFormatError } from '../../shared/ctl/errors';
import type { IpcError } from '../../shared/ipc/result';

/** An error a handler raises on purpose, with a code the renderer translates. */
export class AppError extends Error {
  override readonly name = 'AppError';
  constructor(
    readonly code: string,
    message: string,
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Plain, JSON-safe copy of small detail objects (drops functions, cycles, big values). */
function jsonSafe(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value)) return undefined;
  try {
    const text = JSON.stringify(value);
    return text.length <= 4096 ? (JSON.parse(text) as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

export function toIpcError(error: unknown): IpcError {
  if (error instanceof CtlFormatError) {
    return { code: 'ctl-format', message: error.message, details: { offset: error.offset, reason: error.reason, problem: error.problem } };
  }
  if (error instanceof AppError) {
    return error.details ? { code: error.code, message: error.message, details: error.details } : { code: error.code, message: error.message };
  }
  if (isRecord(error) && typeof error.code === 'string' && typeof error.message === 'string') {
    // Token errors expose toData() with the PIN state; other service errors may carry details.
    const data = typeof error.toData === 'function' ? jsonSafe((error.toData as () => unknown).call(error)) : undefined;
    const details = data ?? jsonSafe(error.details);
    const out: IpcError = { code: error.code, message: error.message };
    if (details) out.details = details;
    return out;
  }
  const message = error instanceof Error ? error.message : String(error);
  return { code: 'internal', message: message || 'Unexpected error.' };
}
