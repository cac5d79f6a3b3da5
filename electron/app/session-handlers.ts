// Session methods of the contract: each one becomes the engine command of the same name
// (shared/ipc/methods.ts SESSION_COMMANDS). Secrets pass straight through to the engine and
// are not kept here.
import { parseSessionCommand } from '../../shared/session/command-schema';
import type { SessionCommand } from '../../shared/session/types';
import { AppError } from './errors';
import { SESSION_COMMANDS } from '../../shared/ipc/methods';
import type { SessionCommandMethod } from '../../shared/ipc/methods';
import type { Handlers } from './dispatch';
import type { SessionPort } from './ports';

type SessionHandlers = Pick<Handlers, SessionCommandMethod>;

/**
 * The engine command for a validated request. It is parsed once more with the engine's own
 * command schema, so the contract and the engine cannot drift apart silently.
 */
export function toCommand(method: SessionCommandMethod, request: object): SessionCommand {
  const parsed = parseSessionCommand({ ...request, type: SESSION_COMMANDS[method] });
  if (!parsed.ok) throw new AppError('invalid-request', parsed.message);
  return parsed.command;
}

/** `after` runs once a command succeeded (e.g. to remember a trusted fingerprint). */
export function sessionHandlers(current: () => SessionPort, after?: (command: SessionCommand) => Promise<void>): SessionHandlers {
  const handlers = {} as Record<SessionCommandMethod, (request: object) => ReturnType<SessionPort['execute']>>;
  for (const method of Object.keys(SESSION_COMMANDS) as SessionCommandMethod[]) {
    handlers[method] = async (request) => {
      const command = toCommand(method, request);
      const result = await current().execute(command);
      if (result.ok && after) await after(command);
      return result;
    };
  }
  return handlers as SessionHandlers;
}
