// Non-secure mode (ctl-format.md): strip the certificates of the server entries but keep
// SAST records whole, so a phone that installs the file can still verify the next CTL.
import type { CtlRecord } from './model';

export function stripForNonSecure(records: readonly CtlRecord[]): CtlRecord[] {
  return records.map((r) => (r.role === 'SAST' ? { ...r } : { ...r, publicKey: null, signature: null, certificate: null }));
}
