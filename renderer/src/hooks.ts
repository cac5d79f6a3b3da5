// React bindings of the vanilla store.
import { useStore } from 'zustand';
import { appStore } from './store/app-store';
import type { AppState } from './store/app-store';

const EMPTY: readonly never[] = Object.freeze([]);

/**
 * The empty list for a selector's `?? none()`: a selector must return the same value for the
 * same state (a new `[]` on each call makes React warn, and re-render, while it hydrates the page).
 */
export function none<T>(): readonly T[] {
  return EMPTY;
}

/** A selection of the app's state; re-renders when it changes (by identity). */
export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
