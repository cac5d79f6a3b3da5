// Every rule of the original CTL client, once. Pure functions: they take plain data and
// return either nothing (allowed) or a Refusal that names the rule and where the guide
// states it. The engine, the wizard and the CLI all go through these.
import type { ClusterSecurityMode, ModeChoice, Refusal, RefusalCode, SessionMode } from '../../shared/session/types';
import { DEFAULT_PROVIDER_PORT, FIREWALL_PORT, MINIMUM_TOKENS } from '../../shared/session/types';
import type { CtlRecord } from '../../shared/ctl/model';
import type { Entry } from './model';
import { sameSastIdentity } from './records';
import { isUnknownRole } from '../../shared/ctl';

interface RuleText {
  rule: string;
  /** Pages of Cisco's security guide that state the rule (what administrators know); empty for this product's own rules. The comment above each entry keeps where we took it from. */
  guidePages: string[];
}

/** The rule behind each refusal code, in the administrator's words. */
export const RULES: Record<RefusalCode, RuleText> = {
  'mode-not-offered': {
    // seed-requirements §1.12 (guide P.3-17, L3057-3067)
    rule: 'Update CTL File is offered only when the cluster already has a CTL; non-secure mode is not offered again to a cluster whose CTL is already non-secure.',
    guidePages: ['3-17'],
  },
  'proof-required': {
    // seed-requirements §1.26 (guide P.3-15, L2979-3024)
    rule: 'When a CTL exists, a token already listed in it must prove itself before any other change, including adding tokens.',
    guidePages: ['3-15'],
  },
  'token-not-in-ctl': {
    // seed-requirements §1.26, §4 (guide P.3-15, L2979-3024)
    rule: 'Only a token already listed in the current CTL can unlock an update or a mode change.',
    guidePages: ['3-15'],
  },
  'current-ctl-invalid': {
    // seed-requirements §1.26, §2.39 (guide P.3-15; P.12-2, L7032-7042)
    rule: "The current CTL's signature must verify before a token can prove itself against it.",
    guidePages: ['3-15', '12-2'],
  },
  'possession-failed': {
    // seed-requirements §1.26 (guide P.3-15)
    rule: "The provider's possession challenge must verify with the token's key.",
    guidePages: ['3-15'],
  },
  'token-already-added': {
    // seed-requirements §1.13-14 (guide P.3-11 steps 6-13, L2888-2912)
    rule: 'The same token cannot be added twice.',
    guidePages: ['3-11'],
  },
  'token-has-no-sast-certificate': {
    // seed-requirements §1.14-15 (guide L2818, L2888-2912)
    rule: 'A token is added with its SAST certificate and the private key that belongs to it.',
    guidePages: ['3-11'],
  },
  'entry-protected': {
    // seed-requirements §1.17, §1.27 (guide L3148-3170; P.3-17, L3040-3050)
    rule: 'Entries of servers running CallManager or TFTP, of firewalls and of CAPF cannot be deleted; they are refreshed from the cluster.',
    guidePages: ['3-17', '3-18'],
  },
  'signer-entry': {
    // Project rule: phones accept the next CTL only when its signer is listed in it (seed-requirements §1.26).
    rule: 'The entry of the token that signs the new CTL stays in it, or phones could not accept the CTL after this one. Choose another signer first to delete it.',
    guidePages: [],
  },
  'tokens-below-minimum': {
    // seed-requirements §1.13, §1.18, §5 (guide P.3-11, L2888; P.3-17, L3040-3050)
    rule: `At least ${MINIMUM_TOKENS} token entries must be in the CTL.`,
    guidePages: ['3-11', '3-17'],
  },
  'entry-duplicate': {
    // seed-requirements §1.16 (guide L3148-3206)
    rule: 'A server is listed once.',
    guidePages: ['3-18'],
  },
  'entry-not-found': {
    // seed-requirements §1.16 (guide L3148-3170)
    rule: 'Only listed entries can be deleted.',
    guidePages: ['3-18'],
  },
  'firewall-port-fixed': {
    // seed-requirements §1.22 (guide L3175-3206)
    rule: `A firewall's CTL Provider port is fixed at ${FIREWALL_PORT}.`,
    guidePages: ['3-18'],
  },
  'unreachable-targets': {
    // seed-requirements §1.5, §1.28 (guide P.3-3, L2452; P.3-11, L2836)
    rule: "Every node's host name must resolve and every node must be reachable; the CTL goes to all of them or to none.",
    guidePages: ['3-3', '3-11'],
  },
  'check-blocking': {
    // seed-requirements §2.39, §4 (guide P.12-2, L7032-7042)
    rule: 'A failing review check blocks signing until it is fixed or overridden with the typed confirmation.',
    guidePages: ['12-2'],
  },
  'check-not-overridable': {
    // seed-requirements §2.39, §4 (guide P.3-24, L3317-3330)
    rule: 'This check protects every phone of the cluster and cannot be overridden.',
    guidePages: ['3-24'],
  },
  'override-confirmation-mismatch': {
    // project decision (ctl-client issue: review)
    rule: 'Overriding a check needs the exact confirmation text, typed.',
    guidePages: [],
  },
  'no-qualified-signer': {
    // seed-requirements §2.39, §1.26 (guide P.12-2, L7032-7042)
    rule: 'The CTL must be signed by a token listed in the current CTL (and in the new one); phones reject anything else.',
    guidePages: ['3-15', '12-2'],
  },
  'signer-not-qualified': {
    // seed-requirements §2.39 (guide P.12-2, L7032-7042)
    rule: 'The chosen token is not a SAST of the current CTL and of the new CTL, so phones would reject its signature.',
    guidePages: ['12-2'],
  },
  'pin-final-try': {
    // seed-requirements §5 (token lockout)
    rule: 'The next wrong PIN locks the token; confirm that you accept the final try.',
    guidePages: [],
  },
  'pin-locked': {
    // seed-requirements §5 (token lockout)
    rule: 'A locked token cannot sign or prove itself; its security officer must unlock it.',
    guidePages: [],
  },
  'cancel-too-late': {
    // project decision (two-phase upload)
    rule: 'Cancel is possible until the first commit; afterwards use rollback to restore the previous CTL.',
    guidePages: [],
  },
  'provider-untrusted': {
    // seed-requirements §1.8 (guide P.3-2, L2446)
    rule: "A provider's certificate must be trusted (pinned fingerprint) before credentials are sent.",
    guidePages: ['3-2'],
  },
  'hash-not-verifiable': {
    // Cisco IP phones: CTL signature verification (HASH_ALGORITHM 1 and 3)
    rule: 'A CTL is signed with SHA-1 or SHA-512: phones verify no other hash, and would reject the file.',
    guidePages: [],
  },
  'ctl-changed': {
    // project decision (compare-and-swap upload)
    rule: 'A CTL is written only over the CTL it was reviewed against; when a target holds another one, nothing is written anywhere and the review is shown again.',
    guidePages: [],
  },
};

export function refusal(code: RefusalCode, message: string): Refusal {
  return { code, ...RULES[code], message };
}

const describe = (e: Entry) => `${e.record.role} entry "${e.record.dnsName || e.record.subject}"`;

/**
 * Which server entries can be deleted. The guide (P.3-17, L3040-3050; seed-requirements §1.17)
 * says servers running CallManager, TFTP, an ASA firewall or CAPF cannot be removed from the
 * CTL, and also (P.3-15, L2962-2968) that an update is how a TFTP server or an ASA firewall is
 * removed. Decision, reconciling the two:
 * - cluster nodes, their CAPF and every firewall entry (ASA is named in the rule; the client
 *   discovers ASA entries itself, §1.19) are protected;
 * - an alternate TFTP server or firewall carried from the current CTL whose provider answered
 *   this session (it still runs TFTP/ASA, `targetId` set) is protected: it is refreshed, not edited (§1.27);
 * - a carried entry whose server did not answer (decommissioned, or not running the provider)
 *   may be deleted: that is the "remove a TFTP server / ASA firewall" update of P.3-15;
 * - an alternate TFTP server added in this session (Alternate TFTP tab, §1.16, §1.20) may be
 *   deleted again before signing: it is not in any CTL yet, so this undoes the addition.
 */
const PROTECTED_SOURCES = new Set<Entry['source']>(['cluster-node', 'cluster-capf', 'cluster-firewall', 'firewall']);

function isProtected(entry: Entry): boolean {
  return PROTECTED_SOURCES.has(entry.source) || (entry.source === 'carried' && entry.targetId !== undefined) || isUnknownRole(entry.record.role);
}

function protectedRefusal(entry: Entry): Refusal {
  if (isUnknownRole(entry.record.role)) {
    return refusal('entry-protected', `The ${describe(entry)} has a role this client does not know (${entry.record.role}); it is carried as it is and cannot be deleted here.`);
  }
  const why = entry.source === 'carried'
    ? 'its server answered this session, so it is refreshed from it and cannot be deleted'
    : 'belongs to the cluster and cannot be deleted';
  return refusal('entry-protected', `The ${describe(entry)} ${why}.`);
}

/** The token that will sign the new CTL: its SAST record and the name the administrator knows it by. */
export interface SignerOfCtl {
  record: CtlRecord;
  label: string;
}

function isSignerEntry(entry: Entry, signer: SignerOfCtl | null): boolean {
  return !!signer && entry.record.role === 'SAST' && sameSastIdentity(entry.record, signer.record);
}

function signerRefusal(signer: SignerOfCtl): Refusal {
  return refusal('signer-entry', `This is the entry of token ${signer.label}, which signs the new CTL. Choose another token to sign first, then delete it.`);
}

export const countSast = (entries: readonly Entry[]) => entries.filter((e) => e.record.role === 'SAST').length;

/** Whether one entry may be deleted, considering the others (the table's per-row flag). */
export function canDelete(entry: Entry, entries: readonly Entry[], signer: SignerOfCtl | null = null): Refusal | null {
  if (isProtected(entry)) return protectedRefusal(entry);
  if (entry.record.role === 'SAST' && countSast(entries) - 1 < MINIMUM_TOKENS) {
    return refusal('tokens-below-minimum', `Deleting the token entry "${entry.record.subject}" would leave fewer than ${MINIMUM_TOKENS} token entries.`);
  }
  if (isSignerEntry(entry, signer)) return signerRefusal(signer!);
  return null;
}

/** Whether a set of entries may be deleted together (Delete Selected). */
export function canDeleteAll(ids: readonly string[], entries: readonly Entry[], signer: SignerOfCtl | null = null): Refusal | null {
  const chosen: Entry[] = [];
  for (const id of ids) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) return refusal('entry-not-found', `No entry "${id}" is listed.`);
    chosen.push(entry);
  }
  for (const entry of chosen) {
    if (isProtected(entry)) return protectedRefusal(entry);
    if (isSignerEntry(entry, signer)) return signerRefusal(signer!);
  }
  const remaining = countSast(entries) - chosen.filter((e) => e.record.role === 'SAST').length;
  if (remaining < MINIMUM_TOKENS && chosen.some((e) => e.record.role === 'SAST')) {
    return refusal('tokens-below-minimum', `Deleting ${chosen.length === 1 ? 'this token entry' : 'these entries'} would leave ${remaining} token entr${remaining === 1 ? 'y' : 'ies'}; at least ${MINIMUM_TOKENS} must remain.`);
  }
  return null;
}

/** Leaving the tokens step (first time): at least two tokens added. */
export function enoughTokens(sastEntries: number): Refusal | null {
  if (sastEntries >= MINIMUM_TOKENS) return null;
  return refusal('tokens-below-minimum', `${sastEntries} token${sastEntries === 1 ? ' is' : 's are'} listed; add at least ${MINIMUM_TOKENS} before continuing.`);
}

/**
 * Which modes the mode screen offers, and which it starts on. Mixed mode stays offered on a
 * mixed cluster (it rewrites the CTL and keeps the mode); non-secure mode only changes a
 * mixed cluster or writes a first CTL (a non-secure cluster that has one already would get the
 * same file: that is Update); Update needs a CTL and is what an administrator of such a cluster came for.
 */
export function modeChoices(hasCtl: boolean, securityMode: ClusterSecurityMode): ModeChoice[] {
  const nonSecure = nonSecureOffered(hasCtl, securityMode);
  return [
    { mode: 'mixed', offered: true, note: securityMode === 'mixed' ? 'already-mixed' : null, recommended: !hasCtl },
    { mode: 'non-secure', offered: nonSecure, note: nonSecure ? 'strips-server-certificates' : 'already-non-secure', recommended: false },
    { mode: 'update', offered: hasCtl, note: hasCtl ? null : 'no-ctl-yet', recommended: hasCtl },
  ];
}

const nonSecureOffered = (hasCtl: boolean, securityMode: ClusterSecurityMode): boolean => securityMode === 'mixed' || !hasCtl;

export function canChooseMode(mode: SessionMode, hasCtl: boolean, securityMode: ClusterSecurityMode): Refusal | null {
  if (mode === 'update' && !hasCtl) return refusal('mode-not-offered', 'The cluster has no CTL to update.');
  if (mode === 'non-secure' && !nonSecureOffered(hasCtl, securityMode)) return refusal('mode-not-offered', 'The cluster is already in non-secure mode.');
  return null;
}

/** An update or a mode change of an existing CTL needs a proven token first. */
export const requiresProof = (hasCtl: boolean): boolean => hasCtl;

/** Before a proof, nothing else may change (including adding tokens). */
export function proofFirst(hasCtl: boolean, proven: boolean, what: string): Refusal | null {
  if (!requiresProof(hasCtl) || proven) return null;
  return refusal('proof-required', `${what} is refused until a token listed in the current CTL has proven itself.`);
}

export function firewallPort(port: number | undefined): Refusal | null {
  if (port === undefined || port === FIREWALL_PORT) return null;
  return refusal('firewall-port-fixed', `Port ${port} was given for a firewall; it is always ${FIREWALL_PORT}.`);
}

/** 127.0.0.0/8, ::1 and localhost: the only hosts a demo provider port may be used for. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  return h === 'localhost' || h === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(h);
}

/**
 * The provider port of a firewall on `host`: always 2444, except that a demo cluster on
 * loopback may run it elsewhere (`demoPort`, the engine's `firewallPort` option).
 */
export function firewallPortFor(host: string, demoPort: number): number {
  return isLoopbackHost(host) ? demoPort : FIREWALL_PORT;
}

/** The provider port of a carried alternate TFTP server: 2444, or the demo port on loopback. */
export function tftpPortFor(host: string, demoPort: number): number {
  return isLoopbackHost(host) ? demoPort : DEFAULT_PROVIDER_PORT;
}

/**
 * An add-firewall request: a port, when given, must be the fixed one (the demo port on
 * loopback); a non-loopback host never gets the demo port.
 */
export function firewallPortRequest(host: string, port: number | undefined, demoPort: number): Refusal | null {
  const fixed = firewallPortFor(host, demoPort);
  if (port === undefined || port === fixed) return null;
  return refusal('firewall-port-fixed', `Port ${port} was given for firewall ${host}; its CTL Provider port is always ${fixed}.`);
}

/** The security mode a run leaves the cluster in. */
export function targetSecurityMode(mode: SessionMode, current: ClusterSecurityMode): ClusterSecurityMode {
  if (mode === 'mixed') return 'mixed';
  if (mode === 'non-secure') return 'non-secure';
  return current;
}
