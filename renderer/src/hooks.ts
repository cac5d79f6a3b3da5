// React bindings of the vanilla store.
import { useStore } from 'zustand';
import { appStore } from './store/app-store';
import type { AppState } from './store/app-store';

export function useApp<T>(selector: (state: AppState) => T): T {
  return useStore(appStore, selector);
}
