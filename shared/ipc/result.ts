// The reply envelope every bridge method resolves to. Electron's IPC keeps only the message
// of a thrown Error, so failures travel as data: a stable code the UI maps to a translated
// "what to do next" message, plus a plain-English message for logs and the CLI.
import type { Message } from '../session/messages';

export interface IpcError {
  /** Stable machine code, e.g. "invalid-request", "pin-incorrect", "ctl-format". */
  code: string;
  /** English description without secrets (never echoes a password or PIN). */
  message: string;
  /** Small, serializable facts the UI may show (field path, byte offset, PIN state...). */
  details?: Record<string, unknown>;
  /** What went wrong as a message, worded in the UI language, when there is one. */
  problem?: Message;
}

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

export function ok<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function fail(code: string, message: string, details?: Record<string, unknown>): IpcResult<never> {
  return { ok: false, error: details ? { code, message, details } : { code, message } };
}
