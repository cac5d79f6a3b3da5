// The session commands the UI and the CLI send to the engine: one zod schema per command is
// the source of their types (z.infer), of the bridge's request schemas (shared/ipc/contract.ts)
// and of the run-time check the engine makes on every command it is sent, so the limits cannot
// differ between the wizard and the command line. Secrets (password, PIN) appear only here and
// are dropped by the engine after use.
import { z } from 'zod';
import { HASH_ALGORITHMS } from '../ctl/model';
import { SESSION_COMMAND_TYPES, SESSION_MODES, isSessionCommandType, type SessionCommandType } from './command-states';
import {
  FIELD_LIMITS, entryIdSchema, fingerprintSchema, hostSchema, passwordSchema, pinSchema, portSchema, tokenSchema, usernameSchema,
} from './fields';
import { describeIssues, fieldProblem, issueMessage } from './field-issues';
import type { Message } from './messages';
import { CHECK_IDS } from './results';

const none = z.strictObject({});
const pinAttempt = { pin: pinSchema.optional(), confirmFinalTry: z.boolean().optional() };
/** An extra server's provider has its own login; the user name defaults to the cluster's. */
const extraServer = z.strictObject({
  host: hostSchema,
  port: portSchema.optional(),
  username: usernameSchema.optional(),
  password: passwordSchema.optional(),
});

/** How this client logs in to an SFTP target: secrets stay in the main process, like the cluster password. */
export const sshAuthSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('key-file'), path: z.string().min(1).max(FIELD_LIMITS.path), passphrase: passwordSchema.optional() }),
  z.strictObject({ kind: z.literal('agent'), socket: z.string().min(1).max(FIELD_LIMITS.path).optional() }),
  z.strictObject({ kind: z.literal('password'), password: passwordSchema }),
  z.strictObject({ kind: z.literal('password-file'), path: z.string().min(1).max(FIELD_LIMITS.path) }),
]);

/** A TFTP root written without a CTL Provider: `sftp://user@host[:port]/path`, `file:///path` or a folder path. */
export const publishTargetSchema = z.strictObject({
  address: z.string().trim().min(1, fieldProblem('address-empty')).max(FIELD_LIMITS.path),
  auth: sshAuthSchema.optional(),
});

/** A server of a cluster without a provider, from its certificate file (as `ctl-client build --entry` takes it). */
export const certificateEntrySchema = z.strictObject({
  role: z.enum(['CCM+TFTP', 'CCM', 'TFTP', 'CAPF']),
  /** The certificate, DER in base64. */
  certificate: z.string().min(1).max(FIELD_LIMITS.certificateBase64).regex(/^[A-Za-z0-9+/]+={0,2}$/, fieldProblem('base64')),
  dnsName: z.string().trim().max(FIELD_LIMITS.host).optional(),
  ip: z.string().trim().regex(/^\d{1,3}(\.\d{1,3}){3}$/, fieldProblem('ipv4')).optional(),
});

/** The payload of every command (everything but `type`). */
export const sessionCommandPayloads = {
  connect: z.strictObject({ host: hostSchema, port: portSchema.optional(), username: usernameSchema, password: passwordSchema }),
  // A cluster without a CTL Provider: its TFTP roots, and its servers' certificates.
  'connect-targets': z.strictObject({
    targets: z.array(publishTargetSchema).min(1, fieldProblem('targets-empty')).max(FIELD_LIMITS.targets),
    entries: z.array(certificateEntrySchema).max(FIELD_LIMITS.certificateEntries),
    // TFTP servers the published file is downloaded from afterwards, as phones do (default: each SFTP host, UDP 69).
    tftpCheck: z.array(z.strictObject({ host: hostSchema, port: portSchema })).max(FIELD_LIMITS.targets).optional(),
  }),
  // The certificates shown in the trust step that the administrator accepts (usually all at once).
  'trust-provider': z.strictObject({ fingerprints: z.array(fingerprintSchema).min(1).max(FIELD_LIMITS.entryIds) }),
  'choose-mode': z.strictObject({ mode: z.enum(SESSION_MODES) }),
  'preview-token': z.strictObject({ token: tokenSchema }),
  'add-token': z.strictObject({ token: tokenSchema, ...pinAttempt }),
  'tokens-done': none,
  'add-tftp-server': extraServer,
  'add-firewall': extraServer,
  'delete-entries': z.strictObject({ ids: z.array(entryIdSchema).min(1, 'Select at least one entry.').max(FIELD_LIMITS.entryIds) }),
  // Every algorithm the format has: the engine refuses SHA-256 by a rule that says why.
  'restore-entries': z.strictObject({ ids: z.array(entryIdSchema).min(1).max(FIELD_LIMITS.entryIds) }),
  'set-hash-algorithm': z.strictObject({ algorithm: z.enum(HASH_ALGORITHMS) }),
  'choose-signer': z.strictObject({ token: tokenSchema }),
  'go-to-review': none,
  'override-check': z.strictObject({ check: z.enum(CHECK_IDS), confirmation: z.string().max(FIELD_LIMITS.confirmation) }),
  sign: z.strictObject(pinAttempt),
  retry: none,
  rollback: none,
  cancel: none,
  back: none,
} as const satisfies { [K in SessionCommandType]: z.ZodObject };

type Payloads = typeof sessionCommandPayloads;

// A strict empty object infers as Record<string, never>, which no `{ type }` satisfies: those
// commands carry their type alone.
type Payload<K extends SessionCommandType> = string extends keyof z.output<Payloads[K]> ? unknown : z.output<Payloads[K]>;

/** A command as the engine receives it: `type` plus that command's payload. */
export type SessionCommand = { [K in SessionCommandType]: { type: K } & Payload<K> }[SessionCommandType];
export type SessionCommandOf<K extends SessionCommandType> = Extract<SessionCommand, { type: K }>;

/** Parses an untrusted value into a SessionCommand; the error names the field, never echoes a secret. */
export function parseSessionCommand(value: unknown): { ok: true; command: SessionCommand } | { ok: false; message: string; problem: Message | null } {
  const type = typeof value === 'object' && value !== null ? (value as { type?: unknown }).type : undefined;
  if (!isSessionCommandType(type)) {
    return { ok: false, message: `invalid session command: type: expected one of ${SESSION_COMMAND_TYPES.join(', ')}`, problem: null };
  }
  const { type: _type, ...payload } = value as { type: SessionCommandType };
  const parsed = sessionCommandPayloads[type].safeParse(payload);
  if (!parsed.success) return { ok: false, message: `invalid session command: ${describeIssues(parsed.error.issues)}`, problem: issueMessage(parsed.error.issues) };
  return { ok: true, command: { type, ...parsed.data } as SessionCommand };
}
