// Derives the snapshot a screen renders from the engine's data. Everything here is a
// copy in plain data: no bytes of certificates, no sessions, never a secret.
import { msg } from '../../shared/session/messages';
import { displaySerial } from '../../shared/ctl';
import type {
  AddedToken, ClusterView, DiffRow, DoneView, EntryRow, NodeView, PublishView, ReviewView, SessionCommandType, SessionError, SnapshotBase,
  SessionReport, SessionSnapshot, SessionStateView, TokensView,
} from '../../shared/session/types';
import { MINIMUM_TOKENS } from '../../shared/session/types';
import { resolveSigner, signerOfCtl } from './entries';
import type { AddedTokenState, EngineData, Entry } from './model';
import { certificateSha256 } from './records';
import { buildReport, checklist, renderMarkdown, targetResults } from './report';
import { canSign, diffCtl, recordsToWrite } from './review';
import { canDelete, modeChoices, targetSecurityMode, type SignerOfCtl } from './rules';
import { currentCtls, reviewChecks } from './sign';

function clusterView(data: EngineData): ClusterView | null {
  const c = data.cluster;
  if (!c) return null;
  const nodes: NodeView[] = c.nodes.map((n) => ({
    name: n.node.name, ip: n.node.ip, roles: [...n.node.roles], publisher: n.node.firstNode,
    reachable: n.session !== null && n.problem === null, problem: n.problem,
  }));
  const cur = c.current;
  return {
    name: c.id,
    standalone: c.standalone !== undefined,
    securityMode: c.securityMode,
    nodes,
    unreachable: nodes.filter((n) => !n.reachable).map((n) => n.name),
    currentCtl: cur ? {
      sha256: cur.sha256, size: cur.bytes.length, timestamp: cur.file.timestamp, hashAlgorithm: cur.file.hashAlgorithm,
      signatureValid: cur.signatureValid, signerSubject: cur.file.signer.subject,
      sastEntries: cur.file.records.filter((r) => r.role === 'SAST').map((r) => ({
        subject: r.subject, issuer: r.issuer, serial: displaySerial(r.serial), fingerprint: certificateSha256(r),
      })),
    } : null,
  };
}

const addedView = (t: AddedTokenState): AddedToken => ({ ...t.view, order: t.order, proven: t.proven, loggedIn: t.loggedIn });

function tokensView(data: EngineData, present: TokensView['present']): TokensView | null {
  if (!data.cluster || !data.mode) return null;
  const hasCtl = data.cluster.current !== null;
  return {
    requirement: hasCtl ? 'prove-first' : 'first-time',
    minimum: MINIMUM_TOKENS,
    mustProve: hasCtl && !data.tokens.some((t) => t.proven),
    present,
    severalPresent: present.length > 1,
    candidate: data.candidate,
    added: data.tokens.map(addedView),
  };
}

function entryRow(e: Entry, all: readonly Entry[], diff: DiffRow | undefined, labels: ReadonlyMap<string, string>, signer: SignerOfCtl | null): EntryRow {
  const refusal = canDelete(e, all, signer);
  return {
    tokenLabel: e.record.role === 'SAST' && e.fingerprint ? labels.get(e.fingerprint) ?? null : null,
    id: e.id, role: e.record.role, source: e.source, host: e.record.dnsName, ip: e.record.ipAddress,
    subject: e.record.subject, issuer: e.record.issuer, serial: displaySerial(e.record.serial),
    notAfter: e.notAfter, fingerprint: e.fingerprint, deletable: refusal === null, refusal,
    change: diff?.change === 'unchanged' ? 'unchanged' : diff?.change === 'changed' ? 'changed' : 'added',
  };
}

/**
 * The entries' rows and the deleted entries' rows, with one diff for all entries (its rows
 * follow the entries' order: a diff per entry rebuilt the current CTL's index, and hashed it,
 * once per entry), the token labels and the signer worked out once for both lists.
 */
function entryRows(data: EngineData): { rows: EntryRow[]; deleted: EntryRow[] } {
  const diffs = diffCtl(data.cluster?.current?.file.records ?? [], data.entries.map((e) => e.record));
  const labels = new Map(data.tokens.map((t) => [t.certSha256, t.view.label]));
  const signer = signerOfCtl(data);
  return {
    rows: data.entries.map((e, i) => entryRow(e, data.entries, diffs[i], labels, signer)),
    // As they were listed; not deletable again, and their change is moot.
    deleted: data.deleted.map((d) => ({ ...entryRow(d.entry, data.entries, undefined, labels, null), deletable: false, refusal: null })),
  };
}

function reviewView(data: EngineData, now: Date): ReviewView | null {
  if (!data.cluster || !data.mode) return null;
  const securityMode = targetSecurityMode(data.mode, data.cluster.securityMode);
  const checks = reviewChecks(data, now);
  const signer = resolveSigner(data);
  return {
    mode: data.mode,
    targetSecurityMode: securityMode,
    hashAlgorithm: data.hashAlgorithm,
    signer: signer ? { token: addedView(signer), needsPin: !signer.loggedIn } : null,
    diff: diffCtl(data.cluster.current?.file.records ?? [], recordsToWrite(data.entries, securityMode)),
    checks,
    currentCtls: currentCtls(data, signer),
    canSign: canSign(checks),
    targets: [
      ...data.cluster.nodes.map((n) => ({ id: `node:${n.node.name}`, kind: 'node' as const, host: n.node.name, port: n.node.port })),
      ...data.extraTargets.map((t) => ({ id: t.id, kind: t.kind, host: t.name, port: t.port })),
    ],
  };
}

function publishView(data: EngineData): PublishView | null {
  const p = data.publish;
  if (!p) return null;
  return { sha256: p.sha256, size: p.bytes.length, stage: p.stage, targets: p.targets.map((t) => ({ ...t.progress })) };
}

export function doneView(data: EngineData, now: Date, outcome: SessionReport['outcome']): DoneView {
  const report = buildReport(data, now, outcome, null);
  return { outcome, results: targetResults(data), phoneCheck: [...data.phoneCheck], checklist: checklist(data, outcome), report, reportMarkdown: renderMarkdown(report) };
}

function stateView(data: EngineData): SessionStateView {
  switch (data.kind) {
    case 'trust': {
      const t = data.trust!;
      return { kind: 'trust', purpose: t.purpose, presented: t.presented, others: [...t.others], returnTo: t.returnTo };
    }
    case 'publish-failed': {
      const p = data.publish!;
      const failed = p.targets.filter((r) => r.progress.status === 'failed').map((r) => r.progress.host);
      return { kind: 'publish-failed', failed, offered: p.stageFailed ? ['retry'] : ['retry', 'rollback'] };
    }
    case 'cancelled':
      return { kind: 'cancelled', reason: data.cancelReason ?? msg('cancel.unchanged') };
    default:
      return { kind: data.kind };
  }
}

export interface SnapshotInput {
  seq: number;
  busy: SnapshotBase['busy'];
  allowed: SessionCommandType[];
  lastError: SessionError | null;
  present: TokensView['present'];
  done: DoneView | null;
  now: Date;
}

export function buildSnapshot(data: EngineData, input: SnapshotInput): SessionSnapshot {
  const showReview = data.kind === 'review' || data.kind === 'publishing' || data.kind === 'publish-failed' || data.kind === 'done';
  const rows = entryRows(data);
  return {
    ...stateView(data),
    seq: input.seq,
    busy: input.busy,
    allowed: input.allowed,
    server: data.server ? {
      host: data.server.host, port: data.server.port, username: data.server.username,
      provider: data.server.identity, connected: data.server.session !== null,
    } : null,
    cluster: clusterView(data),
    modeChoices: data.cluster ? modeChoices(data.cluster.current !== null, data.cluster.securityMode) : [],
    mode: data.mode,
    tokens: tokensView(data, input.present),
    entries: rows.rows,
    deleted: rows.deleted,
    hashAlgorithm: data.hashAlgorithm,
    review: showReview ? reviewView(data, input.now) : null,
    publish: publishView(data),
    done: input.done,
    notices: data.notices,
    lastError: input.lastError,
  };
}
