// Comparing distinguished names as stored in CTL files. Kept apart from dn.ts so the
// verification path (verify.ts) does not load the X.509 library that canonicalDn needs.

/**
 * Loose comparison for names written by other tools (Cisco writes `cn=…;o=…`, sometimes
 * quoting values): case, quotes, spaces around separators and ',' vs ';' are ignored.
 */
export function sameDn(a: string, b: string): boolean {
  const norm = (s: string): string =>
    s.toLowerCase().replace(/"/g, '').replace(/\s*([,;+=])\s*/g, '$1').replace(/(^|[^\\]);/g, '$1,').trim();
  return a === b || norm(a) === norm(b);
}
