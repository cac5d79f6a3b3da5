// TrustPort for a list of accepted fingerprints (the CLI's --trust, the app's "trust" button)
// and, when asked for, trust on first use. Pins already stored by the provider client are
// honoured before this is consulted (it is only asked on first contact).
import type { ProviderIdentity } from '../../../shared/session/types';
import { canonicalFingerprint } from '../../../shared/session/fingerprint';
import type { TrustPort } from '../ports';

export class TrustList implements TrustPort {
  private readonly accepted: Set<string>;
  /** Fingerprints accepted on first use during this session (for the report). */
  readonly firstUse: ProviderIdentity[] = [];

  constructor(fingerprints: readonly string[] = [], private readonly trustOnFirstUse = false) {
    this.accepted = new Set(fingerprints.map((f) => canonicalFingerprint(f) ?? f));
  }

  isTrusted(identity: ProviderIdentity): boolean {
    if (this.accepted.has(identity.fingerprint)) return true;
    if (!this.trustOnFirstUse) return false;
    this.firstUse.push(identity);
    return true;
  }

  /** Explicitly accepted (not by first use): may also re-accept a changed certificate. */
  isExplicit(fingerprint: string): boolean {
    return this.accepted.has(fingerprint);
  }

  trust(identity: ProviderIdentity): void {
    this.accepted.add(identity.fingerprint);
  }
}
