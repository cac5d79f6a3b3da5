// Display helpers shared by the screens.

/** "ab12cd..." -> "AB:12:CD:..." so two fingerprints can be compared by eye. */
export function formatFingerprint(hex: string): string {
  return (hex.replace(/:/g, '').toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

/** ISO date -> YYYY-MM-DD (dates in CTL entries are UTC). */
export function formatDate(iso: string | null): string {
  return iso ? iso.slice(0, 10) : '—';
}

export function shortHash(hex: string | null): string {
  return hex ? `${hex.slice(0, 16)}…` : '—';
}
