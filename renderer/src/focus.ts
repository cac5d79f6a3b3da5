// Keeps keyboard focus somewhere useful. When the focused control disappears (a dialog closed,
// a token's card replaced, a list re-rendered) or is disabled while a command runs, browsers
// drop focus to <body> and a keyboard user starts again from the top of the window. This puts
// it back: on the same control if it came back enabled once the command finished, otherwise on
// the screen's marked next step ([data-focus-target]), otherwise on the screen's heading.
// Controls that take a trust or publish decision are never chosen, so Enter cannot press them
// by accident.
import type { AppStore } from './store/app-store';

const FOCUSABLE = 'button, [href], input, select, textarea, [tabindex]';

function usable(element: Element | null): element is HTMLElement {
  if (!(element instanceof HTMLElement) || !element.isConnected) return false;
  if ((element as HTMLButtonElement).disabled || element.closest('[inert]')) return false;
  return element.getClientRects().length > 0;
}

/** Where focus goes when its control is gone: inside an open dialog, else in the main panel. */
export function fallbackTarget(root: Document = document): HTMLElement | null {
  const dialogs = [...root.querySelectorAll('dialog[open]')];
  const scope = (dialogs[dialogs.length - 1] as HTMLElement | undefined) ?? root.getElementById('main');
  if (!scope) return null;
  const marked = [...scope.querySelectorAll('[data-focus-target]')].find(usable);
  if (marked) return marked;
  const heading = scope.querySelector<HTMLElement>('h1, h2');
  if (heading && usable(heading)) {
    if (!heading.hasAttribute('tabindex')) heading.tabIndex = -1;
    return heading;
  }
  return [...scope.querySelectorAll(FOCUSABLE)].find((el): el is HTMLElement => usable(el) && !el.hasAttribute('data-decision')) ?? null;
}

export function installFocusRescue(store: AppStore): () => void {
  let last: HTMLElement | null = null;
  // Set once the last focused control was seen gone or disabled with focus on <body>; a click
  // on an empty part of the page also leaves focus on <body> but must not move it anywhere.
  let lost = false;
  let timer: ReturnType<typeof setTimeout> | null = null;
  const onFocusIn = (event: FocusEvent) => {
    if (event.target instanceof HTMLElement && event.target !== document.body) {
      last = event.target;
      lost = false;
    }
  };
  const check = () => {
    timer = null;
    const active = document.activeElement;
    if (!last || (active && active !== document.body)) return;
    if (!usable(last)) lost = true;
    // Wait for the command: its button comes back enabled, or the screen changes.
    if (!lost || store.getState().pending !== null) return;
    const target = usable(last) && !last.hasAttribute('data-decision') ? last : fallbackTarget();
    target?.focus();
  };
  const schedule = () => {
    if (timer === null) timer = setTimeout(check, 50);
  };
  document.addEventListener('focusin', onFocusIn);
  document.addEventListener('focusout', schedule);
  const unsubscribe = store.subscribe(schedule);
  // A control removed without a focusout (React replacing a subtree) is noticed here.
  const observer = new MutationObserver(schedule);
  observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['disabled'] });
  return () => {
    document.removeEventListener('focusin', onFocusIn);
    document.removeEventListener('focusout', schedule);
    unsubscribe();
    observer.disconnect();
    if (timer !== null) clearTimeout(timer);
  };
}

/**
 * onKeyDown of a form whose button takes a trust or publish decision ([data-decision]): Enter
 * in a field moves focus to that button instead of submitting, so pressing it stays a
 * deliberate second step. Enter on a button is a deliberate press of that button.
 */
export function enterMovesToDecision(event: { key: string; target: EventTarget; currentTarget: HTMLElement; preventDefault(): void; nativeEvent: { isComposing?: boolean } }): void {
  if (event.key !== 'Enter' || event.nativeEvent.isComposing || event.target instanceof HTMLButtonElement) return;
  event.preventDefault();
  event.currentTarget.querySelector<HTMLElement>('[data-decision]')?.focus();
}
