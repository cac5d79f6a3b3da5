// The review step: the new CTL beside the current one, entry by entry, and the checks that
// protect phones. Pure: everything comes in as data (the clock included).
import { isWritableHash, stripForNonSecure } from '../../shared/ctl';
import type { CtlRecord, HashAlgorithm } from '../../shared/ctl/model';
import type { CheckId, ClusterSecurityMode, DiffRow, ReviewCheck } from '../../shared/session/types';
import { EXPIRY_WARNING_DAYS, MINIMUM_TOKENS } from '../../shared/session/types';
import { msg, type Message } from '../../shared/session/messages';
import { certificateSha256, recordKey, sameSastIdentity } from './records';
import type { AddedTokenState, CurrentCtl, Entry, Override } from './model';
import { countSast } from './rules';

export const confirmationText = (id: CheckId) => `override ${id}`;

/** Bytes of the DER DigestInfo for each hash: PKCS#1 v1.5 needs digestInfo + 11 <= modulus bytes. */
const DIGEST_INFO_BYTES: Record<HashAlgorithm, number> = { sha1: 35, sha256: 51, sha512: 83 };

/** Records as they will be written: non-secure mode strips server certificates. */
export function recordsToWrite(entries: readonly Entry[], mode: ClusterSecurityMode): CtlRecord[] {
  const records = entries.map((e) => e.record);
  return mode === 'non-secure' ? stripForNonSecure(records) : records;
}

export function diffCtl(current: readonly CtlRecord[], next: readonly CtlRecord[]): DiffRow[] {
  const rows: DiffRow[] = [];
  const before = new Map(current.map((r) => [recordKey(r), r]));
  const seen = new Set<string>();
  for (const r of next) {
    const key = recordKey(r);
    seen.add(key);
    const old = before.get(key);
    const after = certificateSha256(r);
    const row = { role: r.role, host: r.dnsName, subject: r.subject, after };
    if (!old) {
      rows.push({ change: 'added', before: null, ...row });
    } else {
      const was = certificateSha256(old);
      const same = was === after && old.role === r.role && old.ipAddress === r.ipAddress && old.subject === r.subject;
      rows.push({ change: same ? 'unchanged' : 'changed', before: was, ...row });
    }
  }
  for (const r of current) {
    if (!seen.has(recordKey(r))) {
      rows.push({ change: 'removed', role: r.role, host: r.dnsName, subject: r.subject, before: certificateSha256(r), after: null });
    }
  }
  return rows;
}

export interface CheckInput {
  entries: readonly Entry[];
  current: CurrentCtl | null;
  signer: AddedTokenState | null;
  signerRecord: CtlRecord | null;
  signerModulusBits: number | null;
  hashAlgorithm: HashAlgorithm;
  /** Cluster nodes that cannot be reached (never overridable: every node gets the CTL or none). */
  unreachable: readonly string[];
  /** Carried alternate TFTP servers / firewalls not reached (overridable: the entry stays as it was, the server gets no CTL). */
  unreachableCarried?: readonly string[];
  /** The security mode the CTL is written for (null before a mode is chosen). */
  targetSecurityMode?: ClusterSecurityMode | null;
  /** Targets grouped by the CTL they hold now, and whether the signer is listed in it (target-ctls.ts). */
  currentCtls?: readonly { sha256: string | null; targets: readonly string[]; signerListed: boolean }[];
  overrides: readonly Override[];
  now: Date;
}

function check(id: CheckId, guidePages: string[], status: ReviewCheck['status'], detail: Message,
  overridable: boolean, overrides: readonly Override[]): ReviewCheck {
  const blocking = status === 'fail';
  return {
    id, status, blocking, overridable: blocking && overridable,
    overridden: blocking && overridable && overrides.some((o) => o.check === id),
    confirmationText: blocking && overridable ? confirmationText(id) : null,
    detail, guidePages,
  };
}

function signerCheck(input: CheckInput): ReviewCheck {
  // Sources: seed-requirements §2.39 (guide L7032-7042).
  const ref = ['12-2'];
  const id = 'signer-in-current-ctl';
  const { signer, signerRecord, current, entries, overrides } = input;
  if (!signer || !signerRecord) return check(id, ref, 'fail', msg('check.signer-in-current-ctl.none'), false, overrides);
  const token = { token: signer.view.label, subject: signer.view.certificate?.subjectCn ?? signer.view.serial };
  const inNew = entries.some((e) => e.record.role === 'SAST' && sameSastIdentity(e.record, signerRecord));
  if (!inNew) return check(id, ref, 'fail', msg('check.signer-in-current-ctl.not-in-new', token), false, overrides);
  if (!current) return check(id, ref, 'pass', msg('check.signer-in-current-ctl.first', token), false, overrides);
  const inCurrent = current.file.records.some((r) => r.role === 'SAST' && sameSastIdentity(r, signerRecord));
  return inCurrent
    ? check(id, ref, 'pass', msg('check.signer-in-current-ctl.listed', token), false, overrides)
    : check(id, ref, 'fail', msg('check.signer-in-current-ctl.not-listed', token), false, overrides);
}

function sastCountCheck(input: CheckInput): ReviewCheck {
  const n = countSast(input.entries);
  // Sources: seed-requirements §1.13, §1.18.
  return check('sast-count', ['3-11', '3-17'], n >= MINIMUM_TOKENS ? 'pass' : 'fail', msg('check.sast-count.listed', { count: n }), false, input.overrides);
}

/**
 * Every certificate parses; and in mixed mode every server entry carries one. Entries carried
 * from a CTL written in non-secure mode have none: a mixed-mode CTL without the certificate
 * of a TFTP server or firewall leaves phones unable to trust it, so this cannot be
 * overridden — refresh the entry from its server (reach it, or add it again) or delete it.
 */
function parseCheck(input: CheckInput): ReviewCheck {
  const bad = input.entries.filter((e) => e.parseError !== null);
  const name = (e: Entry) => `${e.record.role} ${e.record.dnsName || e.record.ipAddress || e.record.subject}`;
  const missing = input.targetSecurityMode === 'mixed'
    ? input.entries.filter((e) => e.record.role !== 'SAST' && e.record.certificate === null)
    : [];
  // ctl-format.md (records; non-secure mode strips server certificates); seed-requirements §1.27
  const ref = ['3-15'];
  const ok = missing.length === 0 && bad.length === 0;
  const params = { missing: missing.map(name).join('; '), bad: bad.map((e) => `${name(e)}: ${e.parseError}`).join('; ') };
  const detail = ok
    ? msg(input.targetSecurityMode === 'mixed' ? 'check.certificates-parse.ok-mixed' : 'check.certificates-parse.ok')
    : msg(missing.length > 0 && bad.length > 0 ? 'check.certificates-parse.missing-and-bad' : missing.length > 0 ? 'check.certificates-parse.missing' : 'check.certificates-parse.bad', params);
  return check('certificates-parse', ref, ok ? 'pass' : 'fail', detail, missing.length === 0, input.overrides);
}

function expiryCheck(input: CheckInput): ReviewCheck {
  const now = input.now.getTime();
  const soon = now + EXPIRY_WARNING_DAYS * 86_400_000;
  const expired: string[] = [];
  const expiring: string[] = [];
  for (const e of input.entries) {
    if (!e.notAfter) continue;
    const t = Date.parse(e.notAfter);
    const name = `${e.record.role} ${e.record.dnsName || e.record.subject} (${e.notAfter.slice(0, 10)})`;
    if (t < now) expired.push(name);
    else if (t < soon) expiring.push(name);
  }
  const ref: string[] = []; // this product's own check: expiry warnings
  const params = { expired: expired.join('; '), expiring: expiring.join('; '), days: EXPIRY_WARNING_DAYS };
  if (expired.length > 0) {
    return check('expiry', ref, 'fail', msg(expiring.length ? 'check.expiry.expired-and-expiring' : 'check.expiry.expired', params), true, input.overrides);
  }
  if (expiring.length > 0) return check('expiry', ref, 'warn', msg('check.expiry.expiring', params), true, input.overrides);
  return check('expiry', ref, 'pass', msg('check.expiry.ok', params), true, input.overrides);
}

const HASH_NAME: Record<HashAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };

/** Phones verify SHA-1 and SHA-512 only, and the signing key must be long enough to carry the hash. */
function hashCheck(input: CheckInput): ReviewCheck {
  const { hashAlgorithm: hash, signerModulusBits: bits } = input;
  const ref: string[] = []; // Cisco IP phones verify CTL signatures made with SHA-1 or SHA-512 only
  if (!isWritableHash(hash)) {
    return check('hash-compatibility', ref, 'fail', msg('check.hash-compatibility.not-verified', { hash: HASH_NAME[hash] }), false, input.overrides);
  }
  if (bits !== null && DIGEST_INFO_BYTES[hash] + 11 > bits / 8) {
    return check('hash-compatibility', ref, 'fail', msg('check.hash-compatibility.key-too-short', { bits, hash: HASH_NAME[hash] }), false, input.overrides);
  }
  return check('hash-compatibility', ref, 'pass', msg('check.hash-compatibility.ok', { hash: HASH_NAME[hash] }), false, input.overrides);
}

/**
 * A change of hash against the current CTL, in either direction, needs a typed confirmation:
 * phones that only verify SHA-1 reject a SHA-512 file, and going back to SHA-1 weakens what
 * the phones were given.
 */
function hashChangeCheck(input: CheckInput): ReviewCheck {
  const ref: string[] = []; // this product's own check: hash changes are confirmed
  const now = input.current?.file.hashAlgorithm;
  const next = input.hashAlgorithm;
  if (!now) return check('hash-change', ref, 'pass', msg('check.hash-change.first', { hash: HASH_NAME[next] }), true, input.overrides);
  if (now === next) return check('hash-change', ref, 'pass', msg('check.hash-change.same', { hash: HASH_NAME[next] }), true, input.overrides);
  const params = { current: HASH_NAME[now], next: HASH_NAME[next] };
  return check('hash-change', ref, 'fail', msg(next === 'sha512' ? 'check.hash-change.stronger' : 'check.hash-change.weaker', params), true, input.overrides);
}

/**
 * Every target holds the same current CTL. When they differ, each file is what the phones of
 * those targets trust: the new CTL is accepted there only when its signer is listed in it.
 * A signer listed in every distinct file passes with a warning; otherwise the run needs the
 * typed override (phones of the targets whose file does not list it would reject the new CTL).
 */
function consistencyCheck(input: CheckInput): ReviewCheck {
  const ref: string[] = []; // this product's own check: differing current CTLs
  const groups = input.currentCtls ?? [];
  if (groups.length <= 1) return check('current-ctl-consistent', ref, 'pass', msg('check.current-ctl-consistent.same'), true, input.overrides);
  // Which file each group holds, as data (the review shows the groups themselves beside the check).
  const describe = (g: (typeof groups)[number]) => `${g.sha256 ? `SHA-256 ${g.sha256.slice(0, 16)}…` : '—'} ${g.targets.join(', ')}${g.sha256 && !g.signerListed ? ' ✗' : ''}`;
  const missing = groups.filter((g) => !g.signerListed);
  const params = { count: groups.length, groups: groups.map(describe).join('; '), targets: missing.flatMap((g) => g.targets).join(', ') };
  if (missing.length === 0) return check('current-ctl-consistent', ref, 'warn', msg('check.current-ctl-consistent.signer-in-each', params), true, input.overrides);
  return check('current-ctl-consistent', ref, 'fail', msg('check.current-ctl-consistent.signer-missing', params), true, input.overrides);
}

/**
 * Every target answered. A node that did not blocks without override (the CTL goes to every
 * node or to none). A carried alternate TFTP server or firewall that did not (§1.28: the CTL
 * goes to them too) also blocks, but may be overridden with the typed confirmation: its entry
 * stays as the current CTL has it and it does not get the new CTL; a decommissioned one is
 * deleted instead (rules.ts).
 */
function reachCheck(input: CheckInput): ReviewCheck {
  const nodes = input.unreachable;
  const carried = input.unreachableCarried ?? [];
  const ok = nodes.length === 0 && carried.length === 0;
  const params = { nodes: nodes.join(', '), servers: carried.join(', ') };
  const detail = ok ? msg('check.targets-reachable.ok')
    : msg(nodes.length > 0 && carried.length > 0 ? 'check.targets-reachable.nodes-and-servers' : nodes.length > 0 ? 'check.targets-reachable.nodes' : 'check.targets-reachable.servers', params);
  // Sources: seed-requirements §1.5, §1.28.
  return check('targets-reachable', ['3-3', '3-11'], ok ? 'pass' : 'fail', detail, nodes.length === 0, input.overrides);
}

export function runChecks(input: CheckInput): ReviewCheck[] {
  return [
    signerCheck(input), sastCountCheck(input), parseCheck(input), expiryCheck(input), hashCheck(input), hashChangeCheck(input),
    consistencyCheck(input), reachCheck(input),
  ];
}

export const canSign = (checks: readonly ReviewCheck[]) => checks.every((c) => !c.blocking || c.overridden);
