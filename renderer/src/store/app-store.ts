// The wizard's store (zustand, vanilla so it is tested without React). It holds what the UI
// renders: the engine's latest snapshot, settings, the last error and which view is open.
// Secrets never enter it: passwords and PINs live in the form that collects them and go
// straight into the bridge call.
import { createStore } from 'zustand/vanilla';
import type { CtlClient } from '../../../shared/ipc/client';
import type { IpcError } from '../../../shared/ipc/result';
import type { Settings } from '../../../shared/ipc/settings';
import type { AboutInfo, InspectedFile, OpenedFile } from '../../../shared/ipc/views';
import type { SessionError, SessionSnapshot } from '../../../shared/session/types';
import type { TokenEvent } from '../../../shared/tokens/types';
import type { DemoControls } from '../bridge/demo-types';

/** The views of the header, in their order there. */
export const VIEWS = ['wizard', 'inspector', 'change-pin', 'settings', 'about'] as const;
export type View = (typeof VIEWS)[number];

/** An error to show: from the bridge (IpcError) or a refused/failed engine command. */
export type UiError = { source: 'bridge'; error: IpcError } | { source: 'session'; error: SessionError };

export interface AppState {
  client: CtlClient | null;
  demo: DemoControls | null;
  snapshot: SessionSnapshot | null;
  settings: Settings | null;
  about: AboutInfo | null;
  view: View;
  /** The bridge method in flight, for disabling buttons and announcing progress. */
  pending: string | null;
  error: UiError | null;
  /** The last token hot-plug event, announced to screen readers. */
  tokenEvent: TokenEvent | null;
  /** The file the inspector shows (opened in the window or handed over by the OS). */
  inspectedFile: InspectedFile | null;
}

export function initialState(): AppState {
  return { client: null, demo: null, snapshot: null, settings: null, about: null, view: 'wizard', pending: null, error: null, tokenEvent: null, inspectedFile: null };
}

export const appStore = createStore<AppState>(() => initialState());

export type AppStore = typeof appStore;

/**
 * A file the OS opened with the app (double-clicked .tlv, File > Open CTL…): switch to the
 * inspector and show it, or say why it could not be read. The wizard's session is untouched.
 */
export function applyOpenedFile(store: AppStore, opened: OpenedFile): void {
  if (opened.ok) store.setState({ view: 'inspector', inspectedFile: opened.file, error: null });
  else store.setState({ view: 'inspector', inspectedFile: null, error: { source: 'bridge', error: opened.error } });
}

/** Applies a snapshot unless an older one arrives late (events and replies can cross). */
export function applySnapshot(store: AppStore, snapshot: SessionSnapshot): void {
  const current = store.getState().snapshot;
  if (current && snapshot.seq < current.seq) return;
  store.setState({ snapshot });
}
