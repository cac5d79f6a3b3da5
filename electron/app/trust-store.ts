// The engine's TrustPort over the settings store: a provider certificate is trusted when its
// SHA-256 fingerprint is pinned for that host:port; trusting pins it (persisted).
import type { ProviderIdentity } from '../../shared/session/types';
import type { SettingsStore } from './settings-store';

export interface TrustStore {
  isTrusted(identity: ProviderIdentity): boolean;
  trust(identity: ProviderIdentity): void;
}

function normalize(fingerprint: string): string {
  return fingerprint.replace(/:/g, '').toLowerCase();
}

export function settingsTrustStore(settings: SettingsStore): TrustStore {
  return {
    isTrusted(identity) {
      const pinned = settings.pinnedFingerprint(identity.host, identity.port);
      return pinned !== null && normalize(pinned) === normalize(identity.fingerprint);
    },
    trust(identity) {
      // The port is synchronous; the write is serialized by the store and reported if it fails.
      settings
        .pinFingerprint(identity.host, identity.port, normalize(identity.fingerprint))
        .catch((error: Error) => console.warn(`settings: could not pin ${identity.host}:${identity.port}: ${error.message}`));
    },
  };
}
