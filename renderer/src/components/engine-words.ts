// The engine's messages (codes with parameters) in the UI language: the catalogs of
// shared/i18n are the `engine` section of each language's texts (see i18n.ts).
import type { TFunction } from 'i18next';
import { checklistMessage, checkTitle, ruleMessage, wordingParams, type Message } from '../../../shared/session/messages';
import type { CheckId, ChecklistItem, RefusalCode } from '../../../shared/session/types';

export function wordMessage(t: TFunction, message: Message): string {
  return t(`engine.${message.code}`, wordingParams(message, (nested) => wordMessage(t, nested)));
}

export const wordRule = (t: TFunction, code: RefusalCode): string => wordMessage(t, ruleMessage(code));
export const wordCheck = (t: TFunction, id: CheckId): string => wordMessage(t, checkTitle(id));
export const wordChecklist = (t: TFunction, item: Pick<ChecklistItem, 'id'>): string => wordMessage(t, checklistMessage(item));
