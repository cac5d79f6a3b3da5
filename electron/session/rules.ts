// Every rule of the original CTL client, once. Pure functions: they take plain data and
// return either nothing (allowed) or a Refusal that names the rule and where the guide
// states it. The engine, the wizard and the CLI all go through these.
import type { ClusterSecurityMode, ModeChoice, Refusal, RefusalCode, SessionMode } from '../../shared/session/types';
import { DEFAULT_PROVIDER_PORT, FIREWALL_PORT, MINIMUM_TOKENS } from '../../shared/session/types';
import type { CtlRecord } from '../../shared/ctl/model';
import type { Entry } from './model';
import { sameSastIdentity } from './records';
import { isUnknownRole } from '../../shared/ctl';
import { msg, type Message } from '../../shared/session/messages';

/**
 * Where Cisco's security guide states the rule behind each refusal code (the pages
 * administrators know); empty for this product's own rules. The rule itself is worded by the
 * UI and the command line from the catalog (`rule.<code>`); the comment above each entry
 * keeps where we took it from.
 */
export const GUIDE_PAGES: Record<RefusalCode, string[]> = {
  // seed-requirements §1.12 (guide P.3-17, L3057-3067)
  'mode-not-offered': ['3-17'],
  // seed-requirements §1.26 (guide P.3-15, L2979-3024)
  'proof-required': ['3-15'],
  // seed-requirements §1.26, §4 (guide P.3-15, L2979-3024)
  'token-not-in-ctl': ['3-15'],
  // seed-requirements §1.26, §2.39 (guide P.3-15; P.12-2, L7032-7042)
  'current-ctl-invalid': ['3-15', '12-2'],
  // seed-requirements §1.26 (guide P.3-15)
  'possession-failed': ['3-15'],
  // seed-requirements §1.13-14 (guide P.3-11 steps 6-13, L2888-2912)
  'token-already-added': ['3-11'],
  // seed-requirements §1.14-15 (guide L2818, L2888-2912)
  'token-has-no-sast-certificate': ['3-11'],
  // seed-requirements §1.17, §1.27 (guide L3148-3170; P.3-17, L3040-3050)
  'entry-protected': ['3-17', '3-18'],
  // Project rule: phones accept the next CTL only when its signer is listed in it (seed-requirements §1.26).
  'signer-entry': [],
  // seed-requirements §1.13, §1.18, §5 (guide P.3-11, L2888; P.3-17, L3040-3050)
  'tokens-below-minimum': ['3-11', '3-17'],
  // seed-requirements §1.16 (guide L3148-3206)
  'entry-duplicate': ['3-18'],
  // seed-requirements §1.16 (guide L3148-3170)
  'entry-not-found': ['3-18'],
  // seed-requirements §1.22 (guide L3175-3206)
  'firewall-port-fixed': ['3-18'],
  // seed-requirements §1.5, §1.28 (guide P.3-3, L2452; P.3-11, L2836)
  'unreachable-targets': ['3-3', '3-11'],
  // seed-requirements §2.39, §4 (guide P.12-2, L7032-7042)
  'check-blocking': ['12-2'],
  // seed-requirements §2.39, §4 (guide P.3-24, L3317-3330)
  'check-not-overridable': ['3-24'],
  // project decision (ctl-client issue: review)
  'override-confirmation-mismatch': [],
  // seed-requirements §2.39, §1.26 (guide P.12-2, L7032-7042)
  'no-qualified-signer': ['3-15', '12-2'],
  // seed-requirements §2.39 (guide P.12-2, L7032-7042)
  'signer-not-qualified': ['12-2'],
  // seed-requirements §5 (token lockout)
  'pin-final-try': [],
  // seed-requirements §5 (token lockout)
  'pin-locked': [],
  // project decision (two-phase upload)
  'cancel-too-late': [],
  // seed-requirements §1.8 (guide P.3-2, L2446)
  'provider-untrusted': ['3-2'],
  // Cisco IP phones: CTL signature verification (HASH_ALGORITHM 1 and 3)
  'hash-not-verifiable': [],
  // project decision (compare-and-swap upload)
  'ctl-changed': [],
};

/** A refusal: its code, the guide pages of its rule, and what exactly was refused. */
export function refusal(code: RefusalCode, message: Message): Refusal {
  return { code, guidePages: GUIDE_PAGES[code], message };
}

/** The entry as a refusal names it: its role and its host (or subject). */
const entryParams = (e: Entry) => ({ role: e.record.role, entry: e.record.dnsName || e.record.subject });

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
    return refusal('entry-protected', msg('refusal.entry-unknown-role', entryParams(entry)));
  }
  return refusal('entry-protected', msg(entry.source === 'carried' ? 'refusal.entry-refreshed' : 'refusal.entry-of-cluster', entryParams(entry)));
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
  return refusal('signer-entry', msg('refusal.signer-entry', { token: signer.label }));
}

export const countSast = (entries: readonly Entry[]) => entries.filter((e) => e.record.role === 'SAST').length;

/** Whether one entry may be deleted, considering the others (the table's per-row flag). */
export function canDelete(entry: Entry, entries: readonly Entry[], signer: SignerOfCtl | null = null): Refusal | null {
  if (isProtected(entry)) return protectedRefusal(entry);
  if (entry.record.role === 'SAST' && countSast(entries) - 1 < MINIMUM_TOKENS) {
    return refusal('tokens-below-minimum', msg('refusal.delete-below-minimum', { entry: entry.record.subject, minimum: MINIMUM_TOKENS }));
  }
  if (isSignerEntry(entry, signer)) return signerRefusal(signer!);
  return null;
}

/** Whether a set of entries may be deleted together (Delete Selected). */
export function canDeleteAll(ids: readonly string[], entries: readonly Entry[], signer: SignerOfCtl | null = null): Refusal | null {
  const chosen: Entry[] = [];
  for (const id of ids) {
    const entry = entries.find((e) => e.id === id);
    if (!entry) return refusal('entry-not-found', msg('refusal.entry-not-found', { id }));
    chosen.push(entry);
  }
  for (const entry of chosen) {
    if (isProtected(entry)) return protectedRefusal(entry);
    if (isSignerEntry(entry, signer)) return signerRefusal(signer!);
  }
  const remaining = countSast(entries) - chosen.filter((e) => e.record.role === 'SAST').length;
  if (remaining < MINIMUM_TOKENS && chosen.some((e) => e.record.role === 'SAST')) {
    return refusal('tokens-below-minimum', msg('refusal.delete-leaves', { count: chosen.length, remaining, minimum: MINIMUM_TOKENS }));
  }
  return null;
}

/** Leaving the tokens step (first time): at least two tokens added. */
export function enoughTokens(sastEntries: number): Refusal | null {
  if (sastEntries >= MINIMUM_TOKENS) return null;
  return refusal('tokens-below-minimum', msg('refusal.too-few-tokens', { count: sastEntries, minimum: MINIMUM_TOKENS }));
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
  if (mode === 'update' && !hasCtl) return refusal('mode-not-offered', msg('refusal.no-ctl-to-update'));
  if (mode === 'non-secure' && !nonSecureOffered(hasCtl, securityMode)) return refusal('mode-not-offered', msg('refusal.already-non-secure'));
  return null;
}

/** What an action refused before a proof is (the refusal names it). */
export type ProofFirstAction = 'add-token' | 'add-tftp-server' | 'add-firewall' | 'delete' | 'restore' | 'hash' | 'signer' | 'review' | 'continue';

/** An update or a mode change of an existing CTL needs a proven token first. */
export const requiresProof = (hasCtl: boolean): boolean => hasCtl;

/** Before a proof, nothing else may change (including adding tokens). */
export function proofFirst(hasCtl: boolean, proven: boolean, what: ProofFirstAction): Refusal | null {
  if (!requiresProof(hasCtl) || proven) return null;
  return refusal('proof-required', msg(`refusal.proof-first.${what}`));
}

export function firewallPort(port: number | undefined): Refusal | null {
  if (port === undefined || port === FIREWALL_PORT) return null;
  return refusal('firewall-port-fixed', msg('refusal.firewall-port', { port, fixed: FIREWALL_PORT }));
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
  return refusal('firewall-port-fixed', msg('refusal.firewall-port-of', { port, host, fixed }));
}

/** The security mode a run leaves the cluster in. */
export function targetSecurityMode(mode: SessionMode, current: ClusterSecurityMode): ClusterSecurityMode {
  if (mode === 'mixed') return 'mixed';
  if (mode === 'non-secure') return 'non-secure';
  return current;
}
