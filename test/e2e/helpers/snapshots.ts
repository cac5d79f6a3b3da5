// Engine snapshots for the screen tests, shaped as the engine emits them (shared/session/types).
import { msg } from '../../../shared/session/messages';
import type { Message } from '../../../shared/session/messages';
import type { AddedToken, EntryRow, SessionSnapshot, TargetProgress, TokenView } from '../../../shared/session/types';

let seq = 100;

const fp = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

export function token(label: string, n: number, pin: Partial<TokenView['pin']> = {}, inCurrentCtl = true): TokenView {
  return {
    serial: `serial-${label}`,
    label,
    manufacturer: 'SafeNet, Inc.',
    model: 'eToken',
    pin: { countLow: false, finalTry: false, locked: false, toBeChanged: false, ...pin },
    certificate: {
      subject: `CN=SAST-ADN${n}, OU=IPCBU, O=Cisco Systems`,
      issuer: 'CN=Cisco Manufacturing CA, O=Cisco Systems',
      subjectCn: `SAST-ADN${n}`,
      serial: `0${n}AB`,
      notBefore: '2024-01-01T00:00:00.000Z',
      notAfter: '2034-01-01T00:00:00.000Z',
      fingerprint: fp(n),
    },
    inCurrentCtl,
  };
}

export function added(view: TokenView, order: number, proven = false): AddedToken {
  return { ...view, order, proven, loggedIn: proven };
}

function entry(id: string, role: EntryRow['role'], host: string, n: number, deletable: boolean): EntryRow {
  return {
    id, role, host, ip: host ? `192.0.2.${n}` : null, subject: host ? `CN=${host}, O=Example` : `CN=SAST-ADN${n}, OU=IPCBU, O=Cisco Systems`,
    issuer: 'CN=Example CA', serial: `0${n}`, notAfter: '2031-01-01T00:00:00.000Z', fingerprint: fp(n), deletable,
    // The first token row is one this session added (its label is known); the others came from the current CTL.
    tokenLabel: !host && n === 10 ? 'SAST-1' : null,
    refusal: deletable
      ? null
      : host
        ? { code: 'entry-protected', guidePages: ['3-17', '3-18'], message: msg('refusal.entry-of-cluster', { role: 'CCM+TFTP', entry: host }) }
        : { code: 'tokens-below-minimum', guidePages: ['3-11', '3-17'], message: msg('refusal.delete-below-minimum', { entry: `SAST-${n}`, minimum: 2 }) },
    change: 'unchanged', source: host ? 'cluster-node' : 'token',
  };
}

export function base(kind: SessionSnapshot['kind'], extra: Partial<SessionSnapshot> = {}): SessionSnapshot {
  seq += 1;
  return {
    kind, seq, busy: null, allowed: [], server: { host: 'cucm-1', port: 2444, username: 'ccmadmin', provider: null, connected: true },
    cluster: null, modeChoices: [], mode: 'update', tokens: null, entries: [], hashAlgorithm: 'sha1', review: null, publish: null, done: null,
    notices: [], lastError: null, ...extra,
  } as SessionSnapshot;
}

export function tokensState(candidate: TokenView, present: TokenView[] = [candidate], addedTokens: AddedToken[] = []): SessionSnapshot {
  return base('tokens', {
    allowed: ['preview-token', 'add-token', 'tokens-done', 'back', 'cancel'],
    tokens: { requirement: 'prove-first', minimum: 2, mustProve: true, present, severalPresent: present.length > 1, candidate, added: addedTokens },
  });
}

export function entriesState(tokenCount: number): SessionSnapshot {
  const rows = [entry('node:cucm-1', 'CCM+TFTP', 'cucm-1', 1, false), entry('capf:cucm-1', 'CAPF', 'cucm-1', 2, false)];
  for (let i = 0; i < tokenCount; i++) rows.push(entry(`token:${i}`, 'SAST', '', 10 + i, tokenCount > 2));
  return base('entries', {
    allowed: ['preview-token', 'add-token', 'add-tftp-server', 'add-firewall', 'delete-entries', 'go-to-review', 'back', 'cancel'],
    entries: rows,
    tokens: { requirement: 'prove-first', minimum: 2, mustProve: false, present: [], severalPresent: false, candidate: null, added: [] },
  });
}

export function reviewState(): SessionSnapshot {
  const signer = added(token('SAST-1', 1), 1, true);
  return base('review', {
    allowed: ['override-check', 'set-hash-algorithm', 'choose-signer', 'sign', 'back', 'cancel'],
    tokens: { requirement: 'prove-first', minimum: 2, mustProve: false, present: [token('SAST-1', 1)], severalPresent: false, candidate: null, added: [signer] },
    review: {
      mode: 'update', targetSecurityMode: 'mixed', hashAlgorithm: 'sha1', signer: { token: signer, needsPin: false },
      diff: [{ change: 'added', role: 'TFTP', host: 'tftp-b', subject: 'CN=tftp-b', before: null, after: fp(7) }],
      checks: [
        { id: 'sast-count', status: 'pass', blocking: true, overridable: false, overridden: false, confirmationText: null, detail: msg('check.sast-count.listed', { count: 2 }), guidePages: ['3-11', '3-17'] },
        { id: 'targets-reachable', status: 'fail', blocking: true, overridable: true, overridden: false, confirmationText: 'publish without cucm-3', detail: msg('check.targets-reachable.servers', { servers: 'cucm-3' }), guidePages: ['3-3', '3-11'] },
      ],
      currentCtls: [], canSign: false,
      targets: [{ id: 'node:cucm-1', kind: 'node', host: 'cucm-1', port: 2444 }],
    },
  });
}

/** A commit whose connection was reset, as the engine reports it for a target. */
export const connectionReset = (host: string): Message =>
  msg('target-problem.attempt', { attempt: 1, problem: msg('failure.provider.closed', { where: `${host}:2444`, reason: 'connection reset' }) });

function progress(host: string, phase: TargetProgress['phase'], status: TargetProgress['status'], error: Message | null = null): TargetProgress {
  return { id: `node:${host}`, kind: 'node', host, port: 2444, phase, status, attempts: 1, error, fileLocation: null, readBackSha256: null, capf: null };
}

export function publishingState(): SessionSnapshot {
  return base('publishing', {
    allowed: ['cancel'],
    busy: { action: 'committing', detail: '3' },
    publish: { sha256: fp(9), size: 2876, stage: 'committing', targets: [progress('cucm-1', 'committed', 'ok'), progress('cucm-2', 'committing', 'active'), progress('cucm-3', 'staged', 'pending')] },
  });
}

export function publishFailedState(): SessionSnapshot {
  return base('publish-failed', {
    failed: ['cucm-3'], offered: ['retry', 'rollback'], allowed: ['retry', 'rollback', 'cancel'],
    publish: { sha256: fp(9), size: 2876, stage: 'committing', targets: [progress('cucm-1', 'committed', 'ok'), progress('cucm-2', 'committed', 'ok'), progress('cucm-3', 'committing', 'failed', connectionReset('cucm-3'))] },
  } as Partial<SessionSnapshot>);
}

export function cancelledState(): SessionSnapshot {
  return base('cancelled', { reason: msg('cancel.unchanged') } as Partial<SessionSnapshot>);
}
