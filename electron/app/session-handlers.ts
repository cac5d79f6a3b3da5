// Session methods of the contract: each one becomes the engine command it is named for
// (shared/ipc/methods.ts SESSION_COMMANDS). The bridge validated the payload with that
// command's schema, and the engine checks every command against it again, whoever sends it.
// Secrets pass straight through to the engine and are not kept here.
import type { SessionCommand } from '../../shared/session/types';
import { SESSION_COMMANDS } from '../../shared/ipc/methods';
import type { SessionCommandMethod } from '../../shared/ipc/methods';
import type { Handlers } from './dispatch';
import type { SessionPort } from './ports';

type SessionHandlers = Pick<Handlers, SessionCommandMethod>;

/** `after` runs once a command succeeded (e.g. to remember a trusted fingerprint). */
export function sessionHandlers(current: () => SessionPort, after?: (command: SessionCommand) => Promise<void>): SessionHandlers {
  const handlers = {} as Record<SessionCommandMethod, (request: object) => ReturnType<SessionPort['execute']>>;
  for (const method of Object.keys(SESSION_COMMANDS) as SessionCommandMethod[]) {
    handlers[method] = async (request) => {
      // The payload of this method is the payload of this command (one schema for both).
      const command = { ...request, type: SESSION_COMMANDS[method] } as SessionCommand;
      const result = await current().execute(command);
      if (result.ok && after) await after(command);
      return result;
    };
  }
  return handlers as SessionHandlers;
}
