// The run report: what was signed, by which token, where, with hashes — as JSON and as
// Markdown. Built from engine data; it never sees a password or a PIN.
import { checklistMessage, formatMessage, ruleMessage, type Message } from '../../shared/session/messages';
import ENGLISH from '../../shared/i18n/engine.en.json';
import { hexSerial } from '../../shared/ctl';
import type { ChecklistItem, Refusal, SessionReport, TargetResult } from '../../shared/session/types';
import { guidePagesText } from '../../shared/session/refusals';
import type { EngineData, TargetRun } from './model';
import { certificateSha256 } from './records';
import { diffCtl, recordsToWrite } from './review';
import { targetSecurityMode } from './rules';
import { reviewChecks } from './sign';
import { STANDALONE_CLUSTER } from './standalone';

function resultOf(run: TargetRun): TargetResult {
  const p = run.progress;
  let status: TargetResult['status'];
  if (p.phase === 'rolled-back') status = 'rolled-back';
  else if (p.phase === 'aborted' || p.phase === 'waiting' || p.phase === 'staging' || p.phase === 'staged') status = p.status === 'failed' ? 'failed' : 'unchanged';
  else if (p.status === 'failed') status = p.readBackSha256 !== null && p.phase === 'verifying' ? 'mismatch' : 'failed';
  else if (p.phase === 'verified') status = 'verified';
  else status = 'committed';
  return {
    target: { id: p.id, kind: p.kind, host: p.host, port: p.port },
    server: p.host,
    fileLocation: p.fileLocation,
    status,
    sha256: p.readBackSha256,
    error: p.error,
  };
}

export function targetResults(data: EngineData): TargetResult[] {
  return (data.publish?.targets ?? []).map(resultOf);
}

/** What the administrator must do now. */
export function checklist(data: EngineData, outcome: SessionReport['outcome']): ChecklistItem[] {
  const items: ChecklistItem[] = [];
  const nodes = data.cluster?.nodes.map((n) => n.node) ?? [];
  const changed = outcome === 'committed' || outcome === 'partial';
  if (changed) {
    // Plain TFTP servers (no provider) serve the new file at once: no service to restart there.
    if (!data.cluster?.standalone) {
      items.push({ id: 'restart-callmanager', nodes: nodes.filter((n) => n.roles.includes('CCM')).map((n) => n.name) });
      items.push({ id: 'restart-tftp', nodes: nodes.filter((n) => n.roles.includes('TFTP')).map((n) => n.name) });
    }
    items.push({ id: 'reset-devices', nodes: [] });
    // Phones keep the CTL they trust in non-secure mode too: only erasing it on the phone returns it to factory state.
    if (data.publish?.securityMode === 'non-secure') {
      items.push({ id: 'erase-phone-ctl', nodes: [] });
    }
  }
  if (outcome === 'partial') {
    const failed = targetResults(data).filter((r) => r.status === 'failed' || r.status === 'mismatch').map((r) => r.server);
    items.push({ id: 'retry-failed', nodes: failed });
  }
  if (data.tokens.length > 0) items.push({ id: 'remove-tokens', nodes: [] });
  return items;
}

export function buildReport(data: EngineData, now: Date, outcome: SessionReport['outcome'], refusal: Refusal | null): SessionReport {
  const current = data.cluster?.current ?? null;
  const pub = data.publish;
  const signer = pub ? data.tokens.find((t) => t.view.serial === data.signerSerial) ?? null : null;
  const proven = data.tokens.find((t) => t.proven) ?? null;
  const next = data.mode && data.cluster ? recordsToWrite(data.entries, targetSecurityMode(data.mode, data.cluster.securityMode)) : [];
  const checks = data.mode ? reviewChecks(data, now) : [];
  return {
    version: 1,
    startedAt: data.startedAt,
    finishedAt: now.toISOString(),
    outcome,
    cluster: {
      server: data.server?.host ?? '', port: data.server?.port ?? 0, username: data.server?.username ?? '',
      providerFingerprint: data.server?.identity?.fingerprint ?? null, name: data.cluster?.id ?? null,
    },
    mode: data.mode,
    securityModeBefore: data.cluster?.securityMode ?? null,
    securityModeAfter: pub && (outcome === 'committed' || outcome === 'partial') ? pub.securityMode : data.cluster?.securityMode ?? null,
    hashAlgorithm: data.mode ? data.hashAlgorithm : null,
    signer: signer ? { label: signer.view.label, serial: signer.view.serial, subject: signer.record.subject, fingerprint: signer.certSha256 } : null,
    provenToken: proven ? { label: proven.view.label, serial: proven.view.serial, subject: proven.record.subject } : null,
    tokens: data.tokens.map((t) => ({ label: t.view.label, serial: t.view.serial, subject: t.record.subject, fingerprint: t.certSha256 })),
    previousCtl: current ? { sha256: current.sha256, size: current.bytes.length } : null,
    newCtl: pub ? { sha256: pub.sha256, size: pub.bytes.length, timestamp: pub.timestamp } : null,
    entries: next.map((r) => ({ role: r.role, host: r.dnsName, ip: r.ipAddress, subject: r.subject, serial: hexSerial(r.serial).toUpperCase(), fingerprint: certificateSha256(r) })),
    diff: data.mode ? diffCtl(current?.file.records ?? [], next) : [],
    checks: checks.map((c) => ({ id: c.id, status: c.status, overridden: c.overridden, detail: c.detail })),
    overrides: data.overrides.map((o) => ({ ...o })),
    targets: targetResults(data),
    phoneCheck: [...data.phoneCheck],
    checklist: checklist(data, outcome),
    refusal,
  };
}

const cell = (text: string | null | undefined) => (text ?? '—').replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report as Markdown, in English (a file kept with change records, whatever the UI language). */
export function renderMarkdown(r: SessionReport): string {
  const say = (m: Message) => formatMessage(ENGLISH, m);
  const lines: string[] = [];
  lines.push(`# CTL session report — ${r.outcome}`, '');
  if (r.cluster.name === STANDALONE_CLUSTER) {
    lines.push(`- TFTP servers without a CTL Provider, the first being ${r.cluster.server}${r.cluster.providerFingerprint ? ` (SSH host key ${r.cluster.providerFingerprint})` : ''}`);
  } else {
    lines.push(`- Cluster: ${cell(r.cluster.name)} via ${r.cluster.server}:${r.cluster.port} as ${r.cluster.username}`);
    lines.push(`- Provider certificate (SHA-256): ${cell(r.cluster.providerFingerprint)}`);
  }
  lines.push(`- Started ${r.startedAt}, finished ${r.finishedAt}`);
  lines.push(`- Mode: ${cell(r.mode)}; security mode ${cell(r.securityModeBefore)} → ${cell(r.securityModeAfter)}; hash ${cell(r.hashAlgorithm)}`);
  if (r.signer) lines.push(`- Signed by token "${r.signer.label}" (serial ${r.signer.serial}), ${r.signer.subject}, certificate SHA-256 ${cell(r.signer.fingerprint)}`);
  if (r.provenToken) lines.push(`- Proven token: "${r.provenToken.label}" (serial ${r.provenToken.serial})`);
  if (r.previousCtl) lines.push(`- Previous CTL: SHA-256 ${r.previousCtl.sha256} (${r.previousCtl.size} bytes)`);
  if (r.newCtl) lines.push(`- New CTL: SHA-256 ${r.newCtl.sha256} (${r.newCtl.size} bytes, timestamp ${r.newCtl.timestamp})`);
  if (r.refusal) lines.push('', `**Refused (${r.refusal.code}):** ${say(r.refusal.message)}`, `Rule: ${say(ruleMessage(r.refusal.code))}${r.refusal.guidePages.length ? ` (${guidePagesText(r.refusal.guidePages)})` : ''}`);
  if (r.targets.length > 0) {
    lines.push('', '## Targets', '', '| Server | File location | Status | SHA-256 read back | Error |', '|---|---|---|---|---|');
    for (const t of r.targets) lines.push(`| ${cell(t.server)} | ${cell(t.fileLocation)} | ${t.status} | ${cell(t.sha256)} | ${cell(t.error ? say(t.error) : null)} |`);
  }
  if (r.phoneCheck.length > 0) {
    lines.push('', '## As phones get it (TFTP download)', '', '| TFTP server | Result | Size | SHA-256 | Detail |', '|---|---|---|---|---|');
    for (const c of r.phoneCheck) {
      const detail = c.firstDifference !== undefined ? `first difference at byte ${c.firstDifference}` : c.error ? `${c.error.code}: ${c.error.message}` : null;
      lines.push(`| ${cell(c.server)} | ${c.outcome} | ${c.bytes ?? '—'} | ${cell(c.sha256)} | ${cell(detail)} |`);
    }
  }
  if (r.diff.length > 0) {
    lines.push('', '## Entries (new CTL against the current one)', '', '| Change | Role | Host | Subject | Before | After |', '|---|---|---|---|---|---|');
    for (const d of r.diff) lines.push(`| ${d.change} | ${d.role} | ${cell(d.host)} | ${cell(d.subject)} | ${cell(d.before?.slice(0, 16))} | ${cell(d.after?.slice(0, 16))} |`);
  }
  if (r.checks.length > 0) {
    lines.push('', '## Checks', '');
    for (const c of r.checks) lines.push(`- ${c.status.toUpperCase()}${c.overridden ? ' (overridden)' : ''} ${c.id}: ${say(c.detail)}`);
  }
  if (r.overrides.length > 0) {
    lines.push('', '## Overrides', '');
    for (const o of r.overrides) lines.push(`- ${o.check}: typed "${o.confirmation}" at ${o.at}`);
  }
  if (r.checklist.length > 0) {
    lines.push('', '## What to do now', '');
    for (const item of r.checklist) lines.push(`- [ ] ${say(checklistMessage(item))}${item.nodes.length ? ` (${item.nodes.join(', ')})` : ''}`);
  }
  return `${lines.join('\n')}\n`;
}
