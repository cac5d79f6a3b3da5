// Turns an error into the words the banner shows: what happened, the rule behind a refusal
// (in the UI language for known refusal codes), and what to do next. Free of React so it is
// unit-tested with a real i18next instance.
import type { TFunction } from 'i18next';
import type { UiError } from '../store/app-store';

export interface DescribedError {
  title: string;
  message: string;
  /** The engine's own (English) sentence naming what was refused, when `message` is the translated rule. */
  detail: string | null;
  next: string;
  rule: string | null;
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

/** The rule of a known refusal code in the UI language, or null for a code the UI does not know. */
function translatedRule(t: TFunction, code: string): string | null {
  const key = `errors.rules.${code}`;
  const text = t(key);
  return text === key ? null : text;
}

export function describeError(t: TFunction, ui: UiError): DescribedError {
  if (ui.source === 'session') {
    const e = ui.error;
    if (e.kind === 'refused') {
      // The engine's rule text is English; a known code shows the rule in the UI language and
      // keeps the engine's specific sentence (which entry, which token) as the detail. A code
      // this build does not know falls back to the engine's text.
      const rule = translatedRule(t, e.code);
      if (rule !== null) return { title: t('errors.refused'), message: rule, detail: e.message, next: nextStep(t, e.code), rule: null, guide: guideText(t, e.guidePages) };
      return { title: t('errors.refused'), message: e.message, detail: null, next: nextStep(t, e.code), rule: e.rule, guide: guideText(t, e.guidePages) };
    }
    const code = e.code === 'token-error' && e.tokenError ? e.tokenError.code : e.code;
    return { title: t('errors.failed'), message: e.message, detail: null, next: nextStep(t, code), rule: null, guide: null };
  }
  return { title: t('errors.bridge'), message: ui.error.message, detail: null, next: nextStep(t, ui.error.code), rule: null, guide: null };
}
