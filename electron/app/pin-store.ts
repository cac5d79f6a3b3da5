// The provider client's PinStore over the settings file: the TLS certificate fingerprint
// accepted for each provider host:port is a persisted setting ("pinned fingerprints").
import type { PinStore } from '../services/provider-client';
import type { SettingsStore } from './settings-store';

export function settingsPinStore(settings: SettingsStore): PinStore {
  return {
    get: async (host, port) => settings.pinnedFingerprint(host, port),
    set: async (host, port, fingerprint) => {
      await settings.pinFingerprint(host, port, fingerprint);
    },
    delete: async (host, port) => {
      await settings.forgetFingerprint(host, port);
    },
  };
}
