// Reads the per-check explanations in docs/security.md: each Electronegativity check ID that is
// allowed to appear in a scan has its own heading (`### CHECK_ID`) followed by the reason it does
// not apply to this app. An empty section explains nothing and does not count.
import type { Finding } from './electronegativity-scan';

const HEADING = /^(#{2,4})\s+`?([A-Z][A-Z0-9_]+)`?\s*$/;
const MIN_EXPLANATION_CHARS = 80;

/** Check ID → explanation text (only sections with a real explanation). */
export function explainedChecks(markdown: string): Map<string, string> {
  const result = new Map<string, string>();
  let current: { id: string; level: number; body: string[] } | null = null;
  const flush = (): void => {
    if (!current) return;
    const body = current.body.join('\n').trim();
    if (body.length >= MIN_EXPLANATION_CHARS) result.set(current.id, body);
  };
  for (const line of markdown.split('\n')) {
    const heading = /^(#{1,6})\s/.exec(line);
    if (heading) {
      const level = heading[1]?.length ?? 0;
      const check = HEADING.exec(line);
      if (check || !current || level <= current.level) {
        flush();
        current = check ? { id: check[2] ?? '', level, body: [] } : null;
        continue;
      }
    }
    current?.body.push(line);
  }
  flush();
  return result;
}

export const GATING_SEVERITIES = new Set(['HIGH', 'MEDIUM']);

/** HIGH and MEDIUM findings whose check ID has no explanation. */
export function unexplained(findings: readonly Finding[], explained: ReadonlyMap<string, string>): Finding[] {
  return findings.filter((f) => GATING_SEVERITIES.has(f.severity) && !explained.has(f.id));
}
