// Every session command and the steps that accept it: the one list of command names. The
// zod schemas (./command-schema.ts) are checked against its keys, the bridge's method names
// (shared/ipc/methods.ts) and the engine's per-step table (electron/session/engine.ts) are
// derived from it. Free of zod so the renderer and the preload can import it.
import type { SessionStateKind } from './types';

/** What a run does to the cluster (`update` is offered only when a CTL exists). */
export const SESSION_MODES = ['mixed', 'non-secure', 'update'] as const;

// Cancel is accepted in every step that has not ended; while a command runs, only cancel is
// (the engine decides then whether it is still possible).
export const SESSION_COMMAND_STATES = {
  connect: ['connect'],
  'connect-targets': ['connect'],
  'trust-provider': ['trust'],
  'choose-mode': ['mode'],
  // Tokens are named by serial (preferred) or label; Add Tokens is also offered on the entries step.
  'preview-token': ['tokens', 'entries'],
  'add-token': ['tokens', 'entries'],
  'tokens-done': ['tokens'],
  'add-tftp-server': ['entries'],
  'add-firewall': ['entries'],
  'delete-entries': ['entries'],
  // Undo of a deletion, until the entries step is left.
  'restore-entries': ['entries'],
  'set-hash-algorithm': ['entries', 'review'],
  'choose-signer': ['entries', 'review'],
  'go-to-review': ['entries'],
  'override-check': ['review'],
  sign: ['review'],
  retry: ['publish-failed'],
  rollback: ['publish-failed'],
  cancel: ['connect', 'trust', 'mode', 'tokens', 'entries', 'review', 'publishing', 'publish-failed'],
  back: ['trust', 'mode', 'tokens', 'entries', 'review'],
} as const satisfies Record<string, readonly SessionStateKind[]>;

export type SessionCommandType = keyof typeof SESSION_COMMAND_STATES;

export const SESSION_COMMAND_TYPES = Object.keys(SESSION_COMMAND_STATES) as SessionCommandType[];

/** The commands a step accepts, in the order of the list above. */
export function commandsAllowedIn(state: SessionStateKind): SessionCommandType[] {
  return SESSION_COMMAND_TYPES.filter((type) => (SESSION_COMMAND_STATES[type] as readonly SessionStateKind[]).includes(state));
}

export function isSessionCommandType(value: unknown): value is SessionCommandType {
  return typeof value === 'string' && Object.hasOwn(SESSION_COMMAND_STATES, value);
}
