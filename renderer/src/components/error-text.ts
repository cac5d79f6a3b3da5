// Turns an error into the words the banner shows: what happened, the rule behind a refusal
// (in the UI language for known refusal codes), and what to do next. Free of React so it is
// unit-tested with a real i18next instance.
import type { TFunction } from 'i18next';
import type { UiError } from '../store/app-store';
import { wordMessage, wordRule } from './engine-words';

export interface DescribedError {
  title: string;
  message: string;
  /** What exactly was refused (which entry, which token), when `message` is the rule. */
  detail: string | null;
  next: string;
  /** Where Cisco's security guide states the rule ("Security guide, p. 3-17"), when it does. */
  guide: string | null;
}

/** The guide pages of a rule in the UI language, or null for a rule of this product's own. */
export function guideText(t: TFunction, pages: readonly string[]): string | null {
  return pages.length > 0 ? t('errors.guidePages', { pages: pages.join(', ') }) : null;
}

/** Codes whose "next step" sentence is translated; others fall back to a generic one. */
function nextStep(t: TFunction, code: string): string {
  const key = `errors.next.${code}`;
  const text = t(key);
  return text === key ? t('errors.next.default') : text;
}

export function describeError(t: TFunction, ui: UiError): DescribedError {
  if (ui.source === 'session') {
    const e = ui.error;
    if (e.kind === 'refused') {
      // The rule in the user's words is the message; what exactly was refused (which entry,
      // which token) is the detail.
      return { title: t('errors.refused'), message: wordRule(t, e.code), detail: wordMessage(t, e.message), next: nextStep(t, e.code), guide: guideText(t, e.guidePages) };
    }
    const code = e.code === 'token-error' && e.tokenError ? e.tokenError.code : e.code;
    return { title: t('errors.failed'), message: wordMessage(t, e.message), detail: null, next: nextStep(t, code), guide: null };
  }
  const message = ui.error.problem ? wordMessage(t, ui.error.problem) : ui.error.message;
  return { title: t('errors.bridge'), message, detail: null, next: nextStep(t, ui.error.code), guide: null };
}
