// Terminal rendering of a session snapshot: the review (diff and checks) shown before
// signing, one line per target change while publishing, and the final results.
import { say, sayCheck, sayChecklist } from './words';
import type { SessionSnapshot, TargetProgress } from '../../shared/session/types';

const short = (hex: string | null) => (hex ? `${hex.slice(0, 16)}…` : '—');

export function reviewText(s: SessionSnapshot): string {
  const r = s.review;
  if (!r) return '';
  const out: string[] = [];
  out.push(`Review: ${r.mode} → security mode ${r.targetSecurityMode}, hash ${r.hashAlgorithm.toUpperCase()}`);
  out.push(`Signer: ${r.signer ? `${r.signer.token.label} (serial ${r.signer.token.serial})${r.signer.needsPin ? '' : ', already logged in'}` : 'none qualifies'}`);
  if (s.cluster?.currentCtl) out.push(`Current CTL: SHA-256 ${s.cluster.currentCtl.sha256}, signed by ${s.cluster.currentCtl.signerSubject}`);
  else out.push('Current CTL: none (first configuration)');
  out.push('', 'Entries (new CTL against the current one):');
  for (const d of r.diff) {
    out.push(`  ${d.change.padEnd(9)} ${d.role.padEnd(8)} ${(d.host || '-').padEnd(14)} ${d.subject}`
      + (d.change === 'changed' ? `  ${short(d.before)} → ${short(d.after)}` : ''));
  }
  out.push('', 'Checks:');
  for (const c of r.checks) {
    const tag = c.overridden ? 'OVERRIDDEN' : c.status.toUpperCase();
    out.push(`  ${tag.padEnd(10)} ${sayCheck(c.id)}: ${say(c.detail)}${c.blocking && !c.overridden ? (c.overridable ? ` (override: type "${c.confirmationText}")` : ' (cannot be overridden)') : ''}`);
  }
  out.push('', `Targets (${r.targets.length}): ${r.targets.map((t) => t.host).join(', ')}`);
  for (const n of s.notices) out.push(`Note: ${say(n)}`);
  return out.join('\n');
}

/** The progress lines that changed between two snapshots (a phase or status moved). */
export function progressLines(before: readonly TargetProgress[], after: readonly TargetProgress[]): string[] {
  const lines: string[] = [];
  for (const t of after) {
    const old = before.find((b) => b.id === t.id);
    // A phase change, or a failure, is worth a line; active→ok within a phase is not.
    if (old && old.phase === t.phase && (old.status === t.status || t.status !== 'failed')) continue;
    lines.push(`  ${t.host.padEnd(14)} ${t.phase}${t.status === 'failed' ? ` FAILED: ${t.error ?? ''}` : ''}`);
  }
  return lines;
}

export function resultText(s: SessionSnapshot): string {
  const out: string[] = [];
  const targets = s.done?.results ?? (s.publish?.targets ?? []).map((t) => ({
    server: t.host, fileLocation: t.fileLocation, status: t.status === 'failed' ? 'failed' : t.phase, sha256: t.readBackSha256, error: t.error,
  }));
  if (targets.length > 0) {
    // Columns as wide as their longest value (an sftp:// target is longer than a node name).
    const w = Math.max(15, ...targets.map((t) => t.server.length));
    const f = Math.max(39, ...targets.map((t) => (t.fileLocation ?? '—').length));
    out.push(`${'Server'.padEnd(w)} ${'Status'.padEnd(12)} ${'File location'.padEnd(f)} SHA-256 read back`);
    for (const t of targets) {
      out.push(`${t.server.padEnd(w)} ${String(t.status).padEnd(12)} ${(t.fileLocation ?? '—').padEnd(f)} ${t.sha256 ?? '—'}${t.error ? `\n${' '.repeat(w + 1)}${say(t.error)}` : ''}`);
    }
  }
  if (s.publish) out.push('', `Signed CTL: SHA-256 ${s.publish.sha256} (${s.publish.size} bytes)`);
  const phones = s.done?.phoneCheck ?? [];
  if (phones.length > 0) {
    out.push('', 'As phones get it (TFTP download):');
    const w = Math.max(...phones.map((c) => c.server.length));
    for (const c of phones) {
      const detail = c.outcome === 'matches' ? 'the published file, byte for byte'
        : c.firstDifference !== undefined ? `other bytes (first difference at byte ${c.firstDifference})${c.sha256 ? `, SHA-256 ${c.sha256}` : ''}`
          : c.error ? `${c.error.code}: ${c.error.message}` : '';
      out.push(`  ${c.server.padEnd(w)}  ${c.outcome.padEnd(11)} ${detail}`);
    }
    if (phones.some((c) => c.outcome === 'unreachable')) out.push('  (an unreachable TFTP server is a warning: the publish itself succeeded on its targets)');
  }
  for (const item of s.done?.checklist ?? []) out.push(`[ ] ${sayChecklist(item)}${item.nodes.length ? ` (${item.nodes.join(', ')})` : ''}`);
  return out.join('\n');
}
