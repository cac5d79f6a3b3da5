// Non-secure mode (ctl-format.md): strip the certificates of the server entries but keep
// SAST records whole, so a phone that installs the file can still verify the next CTL.
// A record of a role this codec does not know is carried as it is (same object, same bytes).
import type { CtlRecord } from './model';
import { isUnknownRole } from './tags';

export function stripForNonSecure(records: readonly CtlRecord[]): CtlRecord[] {
  return records.map((r) => {
    // Unchanged records stay the same objects, so they are written with the bytes they were read from.
    if (isUnknownRole(r.role) || r.role === 'SAST' || (!r.publicKey && !r.signature && !r.certificate)) return r;
    return { ...r, publicKey: null, signature: null, certificate: null };
  });
}
