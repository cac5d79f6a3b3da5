// "Did you mean …?" for a mistyped command, subcommand or option. Shared by ctl-client and
// ctl-provider (provider/cli/main.ts imports it from here).

/** Edit distance counting an adjacent swap ("bulid") as one edit (optimal string alignment). */
export function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = d;
    }
  }
  return rows[a.length]![b.length]!;
}

/**
 * The candidate closest to `word`, when close enough to be a typo (one edit for short words,
 * up to a third of the length for longer ones) or when `word` is the start of exactly one
 * candidate (`insp` → `inspect`); else null. Case is ignored.
 */
export function closestMatch(word: string, candidates: readonly string[]): string | null {
  const w = word.toLowerCase();
  const allowed = Math.max(1, Math.floor(w.replace(/^-+/, '').length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = editDistance(w, c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  if (best !== null && bestDistance <= allowed) return best;
  const prefixed = candidates.filter((c) => w.replace(/^-+/, '').length >= 2 && c.toLowerCase().startsWith(w));
  return prefixed.length === 1 ? prefixed[0]! : null;
}

/** ` (did you mean "x"?)` to append to an error line, or '' when nothing is close. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const match = closestMatch(word, candidates);
  return match === null ? '' : ` (did you mean "${match}"?)`;
}
