// Display helpers shared by the screens: fingerprints, dates in the UI language with the time
// left before expiry, short hashes and one way to write a distinguished name.

/** "ab12cd..." -> "AB:12:CD:..." so two fingerprints can be compared by eye. */
export function formatFingerprint(hex: string): string {
  return (hex.replace(/:/g, '').toUpperCase().match(/.{1,2}/g) ?? []).join(':');
}

/** The fingerprint's bytes in groups of four ("AB:12:CD:34"), the units a line may break between. */
export function fingerprintGroups(hex: string): string[] {
  const bytes = formatFingerprint(hex).split(':').filter(Boolean);
  const groups: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) groups.push(bytes.slice(i, i + 4).join(':'));
  return groups;
}

/** A date in the UI language ("2031年12月3日", "Dec 3, 2031"); dates in CTL entries are UTC. */
export function formatDate(iso: string | null, language = 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
}

/** Date and time (UTC) in the UI language, for timestamps. */
export function formatDateTime(iso: string | null, language = 'en'): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }).format(date)} UTC`;
}

const DAY = 86_400_000;

/**
 * How far a date is from now in the UI language ("in 12 days", "3 months ago"), in the largest
 * unit that keeps it readable, and whether it is past or close (under 30 days).
 */
export function relativeTime(iso: string, language = 'en', now = Date.now()): { text: string; past: boolean; soon: boolean } {
  const diff = new Date(iso).getTime() - now;
  const days = diff / DAY;
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const abs = Math.abs(days);
  const text =
    abs >= 365 ? format.format(Math.trunc(days / 365), 'year') : abs >= 60 ? format.format(Math.trunc(days / 30), 'month') : format.format(Math.trunc(days), 'day');
  return { text, past: diff < 0, soon: diff >= 0 && days < 30 };
}

export function shortHash(hex: string | null): string {
  return hex ? `${hex.slice(0, 16)}…` : '—';
}

/** Splits on a separator not escaped with a backslash. */
export function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '\\' && i + 1 < text.length) {
      current += c + text[i + 1];
      i += 1;
    } else if (c === separator) {
      parts.push(current.trim());
      current = '';
    } else current += c;
  }
  parts.push(current.trim());
  return parts.filter(Boolean);
}

/**
 * One way to write a name everywhere: the CTL's own form, CN first, ";" between attributes
 * ("CN=cucm-1;OU=CallManager;O=Example;C=JP"). Names given the other way round with commas
 * ("C=JP, O=Example, CN=cucm-1", as a TLS library prints them) are turned into that form.
 */
export function displayDn(name: string): string {
  if (!name || splitUnescaped(name, ';').length > 1) return name;
  const parts = splitUnescaped(name, ',');
  if (parts.length < 2 || !parts.every((p) => /^[A-Za-z0-9.]+=/.test(p))) return name;
  const cnLast = /^CN=/i.test(parts[parts.length - 1]!) && !/^CN=/i.test(parts[0]!);
  return (cnLast ? parts.reverse() : parts).join(';');
}
