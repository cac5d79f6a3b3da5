// The engine's words as data. The engine and the services behind it never send a sentence: they
// send a message code (a key of the catalogs shared/i18n/engine.<lang>.json) and its
// parameters; the wizard (i18next, section `engine`) and the command line (formatMessage) word
// them in the user's language from the same catalogs. The English catalog is the source of the
// codes; a test keeps the Japanese one in step (same keys, same placeholders).
import type english from '../i18n/engine.en.json';
import type { RefusalCode } from './refusals';
import type { CheckId, ChecklistItem } from './results';
import { EXPIRY_WARNING_DAYS, FIREWALL_PORT, MINIMUM_TOKENS } from './types';

type Leaves<T, P extends string = ''> = {
  [K in keyof T & string]: T[K] extends string ? `${P}${K}` : Leaves<T[K], `${P}${K}.`>;
}[keyof T & string];

/** Every message the engine can send, e.g. `refusal.token-already-added`. */
export type MessageCode = Leaves<typeof english>;

/**
 * Names, numbers, hosts, fingerprints: never a sentence of ours (a service's own error text may
 * be a `reason`). A parameter may be a message itself (why a node is unreachable, inside the
 * notice that names the node); it is worded in the same language.
 */
export type MessageParams = Readonly<Record<string, string | number | Message>>;

export interface Message {
  code: MessageCode;
  params: MessageParams;
}

export const isMessage = (value: unknown): value is Message => typeof value === 'object' && value !== null && 'code' in value;

export const msg = (code: MessageCode, params: MessageParams = {}): Message => ({ code, params });

/** A catalog as loaded from JSON: nested sections of `{{param}}` templates. */
export interface Catalog {
  readonly [key: string]: string | Catalog;
}

/** The template of a code in a catalog, or null when the catalog has none. */
export function template(catalog: Catalog, code: string): string | null {
  let node: string | Catalog | undefined = catalog;
  for (const part of code.split('.')) {
    if (typeof node !== 'object' || node === null) return null;
    node = node[part];
  }
  return typeof node === 'string' ? node : null;
}

/** Numbers some rules and check titles state: every message is worded with them (wordingParams). */
const FIXED_PARAMS = { minimum: MINIMUM_TOKENS, port: FIREWALL_PORT, days: EXPIRY_WARNING_DAYS } as const;

/** The rule behind a refusal code, as a message. */
export const ruleMessage = (code: RefusalCode): Message => msg(`rule.${code}`);

/** The title of a review check. */
export const checkTitle = (id: CheckId): Message => msg(`check.${id}.title`);

/** What an item of the after-publish checklist asks. */
export const checklistMessage = (item: Pick<ChecklistItem, 'id'>): Message => msg(`checklist.${item.id}`);

/**
 * The parameters a message is worded with: its own, the fixed numbers, and what is derived
 * from them in the reader's language (a `check` id gives `checkTitle`). `word` words a nested
 * message (the check's title) the same way the caller words the message itself.
 */
export function wordingParams(message: Message, word: (m: Message) => string): Readonly<Record<string, string | number>> {
  const params: Record<string, string | number> = { ...FIXED_PARAMS };
  for (const [name, value] of Object.entries(message.params)) params[name] = isMessage(value) ? word(value) : value;
  const check = message.params['check'];
  if (typeof check === 'string' && message.code !== `check.${check}.title`) params['checkTitle'] = word(checkTitle(check as CheckId));
  return params;
}

/**
 * Words a message with a catalog (the command line's renderer; the wizard uses i18next on the
 * same catalogs). An unknown code or a missing parameter stays visible (`{{name}}`, the code)
 * rather than vanishing, so a gap shows in tests instead of reading as a shorter sentence.
 */
export function formatMessage(catalog: Catalog, message: Message): string {
  const text = template(catalog, message.code);
  if (text === null) return `${message.code} ${JSON.stringify(message.params)}`;
  const params = wordingParams(message, (m) => formatMessage(catalog, m));
  return text.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}
