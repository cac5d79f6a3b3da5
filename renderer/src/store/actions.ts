// Actions: every call to main goes through `call`, which tracks the pending method and turns
// failures into a UiError. Session commands also surface the engine's refusal, if any.
import type { Replies } from '../../../shared/ipc/contract';
import type { IpcResult } from '../../../shared/ipc/result';
import type { Settings, SettingsPatch, TrustedCertificateView } from '../../../shared/ipc/settings';
import type { CommandResult, SessionSnapshot } from '../../../shared/session/types';
import type { AppStore, View } from './app-store';
import { applyOpenedFile, applySnapshot } from './app-store';

export async function call<T>(store: AppStore, name: string, run: () => Promise<IpcResult<T>>): Promise<T | undefined> {
  store.setState({ pending: name, error: null });
  try {
    const result = await run();
    if (!result.ok) {
      store.setState({ error: { source: 'bridge', error: result.error } });
      return undefined;
    }
    return result.value;
  } catch (error) {
    store.setState({ error: { source: 'bridge', error: { code: 'bridge-failed', message: (error as Error).message } } });
    return undefined;
  } finally {
    if (store.getState().pending === name) store.setState({ pending: null });
  }
}

/** Runs a session command; resolves true when the engine accepted it. */
export async function command(store: AppStore, name: string, run: () => Promise<IpcResult<CommandResult>>): Promise<boolean> {
  const result = await call(store, name, run);
  if (!result) return false;
  if (!result.ok) {
    store.setState({ error: { source: 'session', error: result.error } });
    return false;
  }
  return true;
}

function client(store: AppStore) {
  const c = store.getState().client;
  if (!c) throw new Error('No bridge to the main process.');
  return c;
}

/** Loads settings, about and the current snapshot, and subscribes to events. */
export async function connectStore(store: AppStore): Promise<() => void> {
  const c = client(store);
  const offSnapshot = c.onSessionSnapshot((snapshot) => applySnapshot(store, snapshot));
  const offTokens = c.onTokenEvent((tokenEvent) => store.setState({ tokenEvent }));
  const offOpened = c.onInspectorOpenFile((opened) => applyOpenedFile(store, opened));
  const [settings, about, snapshot] = await Promise.all([
    call(store, 'settings.get', () => c.settings.get()),
    call(store, 'app.about', () => c.app.about()),
    call(store, 'session.snapshot', () => c.session.snapshot()),
  ]);
  store.setState({ settings: settings ?? null, about: about ?? null });
  if (snapshot) applySnapshot(store, snapshot);
  return () => {
    offSnapshot();
    offTokens();
    offOpened();
  };
}

export async function updateSettings(store: AppStore, patch: SettingsPatch): Promise<Settings | undefined> {
  const settings = await call(store, 'settings.set', () => client(store).settings.set(patch));
  if (settings) store.setState({ settings });
  return settings;
}

/** The provider certificates accepted so far (the trust store the app shares with ctl-client). */
export async function listTrustedCertificates(store: AppStore): Promise<TrustedCertificateView[] | undefined> {
  return call(store, 'settings.trustedCertificates', () => client(store).settings.trustedCertificates());
}

/** Forgets one: the next connection to that node asks to confirm its certificate again. */
export async function forgetTrustedCertificate(store: AppStore, host: string, port: number): Promise<TrustedCertificateView[] | undefined> {
  return call(store, 'settings.forgetTrustedCertificate', () => client(store).settings.forgetTrustedCertificate({ host, port }));
}

/** Asks main to show its PKCS#11 module dialog; main decides and stores the path. */
export async function chooseModule(store: AppStore): Promise<boolean> {
  const result = await call(store, 'tokens.chooseModule', () => client(store).tokens.chooseModule());
  if (!result || 'cancelled' in result) return false;
  store.setState({ settings: result });
  return true;
}

/**
 * Reads the engine's current snapshot. Replies and streamed snapshots travel separately, so a
 * screen that must know where a command left the engine asks instead of guessing.
 */
export async function refreshSnapshot(store: AppStore): Promise<SessionSnapshot | undefined> {
  const snapshot = await call(store, 'session.snapshot', () => client(store).session.snapshot());
  if (snapshot) applySnapshot(store, snapshot);
  return store.getState().snapshot ?? undefined;
}

export async function restartSession(store: AppStore): Promise<Replies['session.restart'] | undefined> {
  const snapshot = await call(store, 'session.restart', () => client(store).session.restart());
  if (snapshot) applySnapshot(store, snapshot);
  return snapshot;
}

export function showView(store: AppStore, view: View): void {
  store.setState({ view, error: null });
}

export function clearError(store: AppStore): void {
  store.setState({ error: null });
}

export { client as bridgeClient };
