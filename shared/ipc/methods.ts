// The names of every bridge method and event, free of zod so the renderer and the preload can
// import them without pulling the schema library into their bundles. `contract.ts` pairs each
// name with its request schema and reply type; the compiler checks the two lists agree.

import { SESSION_COMMAND_TYPES, type SessionCommandType } from '../session/command-states';

/** `trust-provider` -> `trustProvider`, at the type level. */
type Camel<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<Camel<Tail>>}` : S;

/** The bridge method of a session command: `session.` and the command in camelCase. */
export type SessionMethodOf<T extends SessionCommandType> = `session.${Camel<T>}`;
export type SessionCommandMethod = SessionMethodOf<SessionCommandType>;

export function sessionMethodOf<T extends SessionCommandType>(type: T): SessionMethodOf<T> {
  return `session.${type.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())}` as SessionMethodOf<T>;
}

/** Session methods and the engine command each one sends, derived from the command list. */
export const SESSION_COMMANDS = Object.fromEntries(SESSION_COMMAND_TYPES.map((type) => [sessionMethodOf(type), type])) as {
  [T in SessionCommandType as SessionMethodOf<T>]: T;
};

/** Methods that are not one session command each. */
const OTHER_METHOD_NAMES = [
  'app.about',
  'session.snapshot',
  'session.restart',
  'session.certificate',
  'settings.get',
  'settings.set',
  'settings.trustedCertificates',
  'settings.forgetTrustedCertificate',
  'tokens.list',
  'tokens.chooseModule',
  'tokens.changePin',
  'inspector.open',
  'report.save',
  'report.reveal',
  'certificate.savePem',
  'inspector.openCurrent',
] as const;

export type MethodName = (typeof OTHER_METHOD_NAMES)[number] | SessionCommandMethod;

export const METHOD_NAMES: readonly MethodName[] = [...OTHER_METHOD_NAMES, ...SESSION_COMMAND_TYPES.map(sessionMethodOf)];

/** Events main pushes to the renderer. */
export const EVENT_NAMES = ['session:snapshot', 'tokens:event', 'inspector:open-file'] as const;
export type EventName = (typeof EVENT_NAMES)[number];

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && (METHOD_NAMES as readonly string[]).includes(name);
}
