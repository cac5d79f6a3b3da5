// The engine's messages worded for the terminal: English, or Japanese when the locale says so
// (LC_ALL, then LC_MESSAGES, then LANG, as gettext reads them). The wizard words the same
// catalogs through i18next.
import english from '../../shared/i18n/engine.en.json';
import japanese from '../../shared/i18n/engine.ja.json';
import { checklistMessage, checkTitle, formatMessage, ruleMessage, type Catalog, type Message } from '../../shared/session/messages';
import type { CheckId, ChecklistItem, RefusalCode } from '../../shared/session/types';

export type TerminalLanguage = 'en' | 'ja';

export function terminalLanguage(env: NodeJS.ProcessEnv = process.env): TerminalLanguage {
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  return /^ja([_.@-]|$)/i.test(locale) ? 'ja' : 'en';
}

const CATALOGS: Record<TerminalLanguage, Catalog> = { en: english, ja: japanese };

/** A message in the terminal's language. */
export const say = (message: Message, language: TerminalLanguage = terminalLanguage()): string => formatMessage(CATALOGS[language], message);

export const sayRule = (code: RefusalCode, language?: TerminalLanguage): string => say(ruleMessage(code), language);
export const sayCheck = (id: CheckId, language?: TerminalLanguage): string => say(checkTitle(id), language);
export const sayChecklist = (item: Pick<ChecklistItem, 'id'>, language?: TerminalLanguage): string => say(checklistMessage(item), language);
