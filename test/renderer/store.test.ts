// The wizard's store and actions, without React: snapshot ordering, error capture, and that
// session refusals and bridge failures become UiErrors the banner can explain.
import { msg } from '../../shared/session/messages';
import { describe, expect, it } from 'vitest';
import type { CtlClient } from '../../shared/ipc/client';
import type { IpcResult } from '../../shared/ipc/result';
import type { InspectedFile, OpenedFile } from '../../shared/ipc/views';
import type { SessionSnapshot } from '../../shared/session/types';
import { createStore } from 'zustand/vanilla';
import { applySnapshot, initialState } from '../../renderer/src/store/app-store';
import type { AppState } from '../../renderer/src/store/app-store';
import { call, command, connectStore, restartSession } from '../../renderer/src/store/actions';

function snap(seq: number, kind: SessionSnapshot['kind'] = 'connect'): SessionSnapshot {
  return {
    kind, seq, busy: null, allowed: [], server: null, cluster: null, modeChoices: [], mode: null, tokens: null, entries: [],
    hashAlgorithm: 'sha1', review: null, publish: null, done: null, notices: [], lastError: null,
  } as SessionSnapshot;
}

const fresh = () => createStore<AppState>(() => initialState());

describe('store', () => {
  it('keeps the newest snapshot when an older one arrives late', () => {
    const store = fresh();
    applySnapshot(store, snap(5, 'mode'));
    applySnapshot(store, snap(4, 'connect'));
    expect(store.getState().snapshot?.kind).toBe('mode');
    applySnapshot(store, snap(6, 'tokens'));
    expect(store.getState().snapshot?.kind).toBe('tokens');
  });

  it('call(): tracks the pending method and stores a bridge error', async () => {
    const store = fresh();
    let resolve!: (r: IpcResult<number>) => void;
    const running = call(store, 'tokens.list', () => new Promise<IpcResult<number>>((r) => (resolve = r)));
    expect(store.getState().pending).toBe('tokens.list');
    resolve({ ok: false, error: { code: 'module-load-failed', message: 'no module' } });
    expect(await running).toBeUndefined();
    expect(store.getState()).toMatchObject({ pending: null, error: { source: 'bridge', error: { code: 'module-load-failed' } } });
    // A thrown bridge failure is captured too, and a success clears the error.
    expect(await call(store, 'x', () => Promise.reject(new Error('socket closed')))).toBeUndefined();
    expect(store.getState().error).toMatchObject({ source: 'bridge', error: { code: 'bridge-failed', message: 'socket closed' } });
    expect(await call(store, 'y', async () => ({ ok: true, value: 7 }))).toBe(7);
    expect(store.getState().error).toBeNull();
  });

  it('command(): an engine refusal becomes a session UiError and resolves false', async () => {
    const store = fresh();
    const refusal = { kind: 'refused' as const, code: 'tokens-below-minimum' as const, guidePages: ['3-11', '3-17'], message: msg('refusal.delete-below-minimum', { entry: 'SAST-2', minimum: 2 }) };
    expect(await command(store, 'session.deleteEntries', async () => ({ ok: true, value: { ok: false, error: refusal } }))).toBe(false);
    expect(store.getState().error).toEqual({ source: 'session', error: refusal });
    expect(await command(store, 'session.back', async () => ({ ok: true, value: { ok: true } }))).toBe(true);
    expect(store.getState().error).toBeNull();
  });

  it('connectStore(): loads settings, about and the snapshot, then follows events until unsubscribed', async () => {
    const store = fresh();
    const listeners: ((s: SessionSnapshot) => void)[] = [];
    const opened: ((o: OpenedFile) => void)[] = [];
    const client = {
      settings: { get: async () => ({ ok: true, value: { language: 'ja' } }) },
      app: { about: async () => ({ ok: true, value: { version: '9.9.9' } }) },
      session: { snapshot: async () => ({ ok: true, value: snap(2, 'mode') }), restart: async () => ({ ok: true, value: snap(10, 'connect') }) },
      onSessionSnapshot: (l: (s: SessionSnapshot) => void) => {
        listeners.push(l);
        return () => listeners.splice(listeners.indexOf(l), 1);
      },
      onTokenEvent: () => () => undefined,
      onInspectorOpenFile: (l: (o: OpenedFile) => void) => {
        opened.push(l);
        return () => opened.splice(opened.indexOf(l), 1);
      },
    } as unknown as CtlClient;
    store.setState({ client });
    const off = await connectStore(store);
    expect(store.getState()).toMatchObject({ settings: { language: 'ja' }, about: { version: '9.9.9' }, snapshot: { kind: 'mode', seq: 2 } });
    listeners[0]!(snap(3, 'tokens'));
    expect(store.getState().snapshot?.kind).toBe('tokens');
    await restartSession(store);
    expect(store.getState().snapshot).toMatchObject({ kind: 'connect', seq: 10 });
    // A .tlv the OS opened with the app: the inspector shows it; a failure says why.
    expect(store.getState().view).toBe('wizard');
    const file = { name: 'CTLFile.tlv', kind: 'CTL', entries: [] } as unknown as InspectedFile;
    opened[0]!({ ok: true, file });
    expect(store.getState()).toMatchObject({ view: 'inspector', inspectedFile: file, error: null });
    opened[0]!({ ok: false, name: 'big.tlv', error: { code: 'inspector-too-large', message: 'big.tlv is larger than 1 MB' } });
    expect(store.getState()).toMatchObject({ view: 'inspector', inspectedFile: null, error: { source: 'bridge', error: { code: 'inspector-too-large' } } });
    // The wizard's session is untouched.
    expect(store.getState().snapshot?.seq).toBe(10);
    off();
    expect(listeners).toHaveLength(0);
    expect(opened).toHaveLength(0);
  });
});
