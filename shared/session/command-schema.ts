// Run-time validation of session commands arriving from an untrusted side (the renderer over
// IPC). The main process parses with this before dispatching; the engine then checks that
// the command fits the current state. Mirrors SessionCommand in ./types exactly.
import { z } from 'zod';
import type { SessionCommand } from './types';
import { CHECK_IDS } from './results';

const host = z.string().trim().min(1).max(255);
const port = z.number().int().min(1).max(65535);
const secret = z.string().min(1).max(1024);
const token = z.string().min(1).max(256);
const checkId = z.enum(CHECK_IDS);

export const sessionCommandSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('connect'), host, port: port.optional(), username: z.string().trim().min(1).max(128), password: secret }),
  z.strictObject({ type: z.literal('trust-provider'), fingerprint: z.string().regex(/^[0-9a-fA-F:\s]{64,95}$/, 'expected a SHA-256 fingerprint') }),
  z.strictObject({ type: z.literal('choose-mode'), mode: z.enum(['mixed', 'non-secure', 'update']) }),
  z.strictObject({ type: z.literal('preview-token'), token }),
  z.strictObject({ type: z.literal('add-token'), token, pin: secret.optional(), confirmFinalTry: z.boolean().optional() }),
  z.strictObject({ type: z.literal('tokens-done') }),
  z.strictObject({ type: z.literal('add-tftp-server'), host, port: port.optional(), username: z.string().max(128).optional(), password: secret.optional() }),
  z.strictObject({ type: z.literal('add-firewall'), host, port: port.optional(), username: z.string().max(128).optional(), password: secret.optional() }),
  z.strictObject({ type: z.literal('delete-entries'), ids: z.array(z.string().min(1).max(512)).min(1).max(256) }),
  z.strictObject({ type: z.literal('set-hash-algorithm'), algorithm: z.enum(['sha1', 'sha256', 'sha512']) }),
  z.strictObject({ type: z.literal('choose-signer'), token }),
  z.strictObject({ type: z.literal('go-to-review') }),
  z.strictObject({ type: z.literal('override-check'), check: checkId, confirmation: z.string().max(256) }),
  z.strictObject({ type: z.literal('sign'), pin: secret.optional(), confirmFinalTry: z.boolean().optional() }),
  z.strictObject({ type: z.literal('retry') }),
  z.strictObject({ type: z.literal('rollback') }),
  z.strictObject({ type: z.literal('cancel') }),
  z.strictObject({ type: z.literal('back') }),
]);

/** Parses an untrusted value into a SessionCommand; the error names the field, never echoes a secret. */
export function parseSessionCommand(value: unknown): { ok: true; command: SessionCommand } | { ok: false; message: string } {
  const parsed = sessionCommandSchema.safeParse(value);
  if (parsed.success) return { ok: true, command: parsed.data as SessionCommand };
  const issue = parsed.error.issues[0];
  return { ok: false, message: `invalid session command: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? 'invalid'}` };
}
