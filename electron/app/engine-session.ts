// A SessionPort over the real session engine, with the engine's adapters for the token
// service and the provider client. Pins of provider certificates persist in the settings.
import type { EngineOptions } from '../session/context';
import { createSession } from '../session/engine';
import type { SessionEngine } from '../session/engine';
import { ProviderClientPort } from '../session/adapters/provider';
import { TrustList } from '../session/adapters/trust';
import type { TokenPort as EngineTokenPort } from '../session/ports';
import { settingsPinStore } from './pin-store';
import type { SessionPort } from './ports';
import type { SettingsStore } from './settings-store';

interface EntryWithRecord {
  id: string;
  record: { certificate: Uint8Array | null };
}

/**
 * The certificate of an entry. The snapshot carries no DER (it stays small), so this reads the
 * engine's entry list; the shape is checked at run time and a mismatch yields null (the viewer
 * then shows the fields the snapshot has).
 */
function entryCertificate(engine: SessionEngine, id: string): Uint8Array | null {
  const data = (engine as unknown as { data?: { entries?: unknown } }).data;
  const entries = Array.isArray(data?.entries) ? (data.entries as EntryWithRecord[]) : [];
  const entry = entries.find((e) => typeof e === 'object' && e !== null && e.id === id);
  const der = entry?.record?.certificate;
  return der instanceof Uint8Array ? der : null;
}

export function wrapEngine(engine: SessionEngine): SessionPort {
  return {
    snapshot: () => engine.snapshot(),
    execute: (command) => engine.dispatch(command),
    onSnapshot: (listener) => engine.subscribe(listener),
    refreshTokens: () => engine.refreshTokens(),
    certificate: async (id) => entryCertificate(engine, id),
    close: () => engine.dispose(),
  };
}

export function engineSessionFactory(tokens: EngineTokenPort, options: Partial<EngineOptions> = {}) {
  return async (settings: SettingsStore): Promise<SessionPort> => {
    const trust = new TrustList();
    const engine = createSession(
      {
        tokens,
        providers: new ProviderClientPort({ pins: settingsPinStore(settings), reaccept: (fingerprint) => trust.isExplicit(fingerprint) }),
        trust,
      },
      options,
    );
    return wrapEngine(engine);
  };
}
