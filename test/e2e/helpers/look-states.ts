// Engine snapshots for the look-and-feel matrix: one representative state per screen, shaped as
// the engine emits them, with realistic lengths (long names, several targets, unchanged rows).
import { msg } from '../../../shared/session/messages';
import type { ClusterView, DiffRow, SessionSnapshot } from '../../../shared/session/types';
import { added, base, connectionReset, entriesState, publishingState, reviewState, token } from './snapshots';

const fp = (n: number) => n.toString(16).padStart(2, '0').repeat(32);

export const cluster: ClusterView = {
  name: 'StandAloneCluster',
  standalone: false,
  securityMode: 'mixed',
  nodes: [
    { name: 'cucm-1.example.com', ip: '192.0.2.11', roles: ['CCM', 'TFTP', 'CAPF'], publisher: true, reachable: true, problem: null },
    { name: 'cucm-2.example.com', ip: '192.0.2.12', roles: ['CCM', 'TFTP'], publisher: false, reachable: true, problem: null },
    { name: 'cucm-3.example.com', ip: '192.0.2.13', roles: ['TFTP'], publisher: false, reachable: false, problem: msg('failure.provider.connect-failed', { where: 'cucm-3.example.com:2444', reason: 'connection refused' }) },
  ],
  unreachable: ['cucm-3.example.com'],
  currentCtl: {
    sha256: fp(5), size: 4120, timestamp: 1_760_000_000, hashAlgorithm: 'sha1', signatureValid: true, signerSubject: 'CN=SAST-ADN1;OU=IPCBU;O=Cisco Systems',
    sastEntries: [{ subject: 'CN=SAST-ADN1;OU=IPCBU;O=Cisco Systems', issuer: 'CN=Cisco Manufacturing CA;O=Cisco Systems', serial: '01AB', fingerprint: fp(1) }],
  },
};

export function trustState(): SessionSnapshot {
  return base('trust', {
    purpose: 'cluster', returnTo: 'connect', allowed: ['trust-provider', 'back', 'cancel'],
    presented: { host: 'cucm-1.example.com', port: 2444, fingerprint: fp(0xab), subject: 'C=JP, O=Example, OU=CallManager, CN=cucm-1.example.com', issuer: 'C=JP, O=Example, CN=Example CA', notBefore: '2025-01-01T00:00:00.000Z', notAfter: '2031-12-03T00:00:00.000Z' },
    server: { host: 'cucm-1.example.com', port: 2444, username: 'ccmadmin', provider: null, connected: false },
  } as Partial<SessionSnapshot>);
}

export function modeState(): SessionSnapshot {
  return base('mode', {
    allowed: ['choose-mode', 'back', 'cancel'], cluster, mode: null,
    modeChoices: [
      { mode: 'mixed', offered: true, note: 'already-mixed', recommended: false },
      { mode: 'non-secure', offered: true, note: 'strips-server-certificates', recommended: false },
      { mode: 'update', offered: true, note: null, recommended: true },
    ],
  });
}

export function firstTimeTokensState(): SessionSnapshot {
  const first = token('SAST-1', 1, {}, false);
  return base('tokens', {
    allowed: ['preview-token', 'add-token', 'tokens-done', 'back', 'cancel'], cluster: { ...cluster, securityMode: 'non-secure', currentCtl: null },
    tokens: { requirement: 'first-time', minimum: 2, mustProve: false, present: [token('SAST-2', 2, {}, false)], severalPresent: false, candidate: token('SAST-2', 2, {}, false), added: [added(first, 1)] },
  });
}

export function reviewMatrixState(): SessionSnapshot {
  const snapshot = reviewState();
  const unchanged = (role: DiffRow['role'], host: string, n: number): DiffRow => ({ change: 'unchanged', role, host, subject: `CN=${host || `SAST-ADN${n}`};O=Example`, before: fp(n), after: fp(n) });
  const diff: DiffRow[] = [
    { change: 'added', role: 'TFTP', host: 'tftp-b.example.com', subject: 'CN=tftp-b.example.com;O=Other cluster', before: null, after: fp(7) },
    { change: 'removed', role: 'SAST', host: '', subject: 'CN=SAST-ADN9;OU=IPCBU;O=Cisco Systems', before: fp(9), after: null },
    { change: 'changed', role: 'CAPF', host: 'cucm-1.example.com', subject: 'CN=CAPF-1a2b3c4d;O=Example', before: fp(3), after: fp(4) },
    unchanged('CCM+TFTP', 'cucm-1.example.com', 11), unchanged('CCM+TFTP', 'cucm-2.example.com', 12), unchanged('TFTP', 'cucm-3.example.com', 13),
    unchanged('SAST', '', 1), unchanged('SAST', '', 2),
  ];
  const review = snapshot.review!;
  return {
    ...snapshot,
    cluster,
    review: {
      ...review, diff,
      targets: cluster.nodes.map((n) => ({ id: `node:${n.name}`, kind: 'node' as const, host: n.name, port: 2444 })).concat([{ id: 'tftp:tftp-b', kind: 'tftp-server' as never, host: 'tftp-b.example.com', port: 2444 }]),
    },
  };
}

export function doneState(): SessionSnapshot {
  const results = ['cucm-1.example.com', 'cucm-2.example.com', 'cucm-3.example.com'].map((host, i) => ({
    target: { id: `node:${host}`, kind: 'node' as const, host, port: 2444 },
    server: host,
    fileLocation: '/usr/local/cm/tftp/CTLFile.tlv',
    status: (i === 2 ? 'failed' : 'verified') as 'failed' | 'verified',
    sha256: i === 2 ? null : fp(9),
    error: i === 2 ? connectionReset('cucm-3.example.com') : null,
  }));
  return base('done', {
    allowed: [],
    done: {
      outcome: 'partial',
      results,
      phoneCheck: [],
      checklist: [
        { id: 'restart-tftp', nodes: ['cucm-1.example.com', 'cucm-2.example.com'] },
        { id: 'retry-failed', nodes: ['cucm-3.example.com'] },
        { id: 'remove-tokens', nodes: [] },
      ],
      report: { finishedAt: '2026-12-04T16:00:00.000Z' } as never,
      reportMarkdown: '# CTL report',
    },
  });
}

export { entriesState, publishingState };
