// The review step: the new CTL beside the current one, entry by entry, and the checks that
// protect phones. Pure: everything comes in as data (the clock included).
import { stripForNonSecure } from '../../shared/ctl';
import type { CtlRecord, HashAlgorithm } from '../../shared/ctl/model';
import type { CheckId, ClusterSecurityMode, DiffRow, ReviewCheck } from '../../shared/session/types';
import { EXPIRY_WARNING_DAYS, MINIMUM_TOKENS } from '../../shared/session/types';
import { certificateSha256, recordKey, sameSastIdentity } from './records';
import type { AddedTokenState, CurrentCtl, Entry, Override } from './model';
import { countSast } from './rules';

export const confirmationText = (id: CheckId) => `override ${id}`;

/** Bytes of the DER DigestInfo for each hash: PKCS#1 v1.5 needs digestInfo + 11 <= modulus bytes. */
const DIGEST_INFO_BYTES: Record<HashAlgorithm, number> = { sha1: 35, sha256: 51, sha512: 83 };
const HASH_STRENGTH: Record<HashAlgorithm, number> = { sha1: 1, sha256: 2, sha512: 3 };

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
  overrides: readonly Override[];
  now: Date;
}

function check(id: CheckId, title: string, guideRef: string, status: ReviewCheck['status'], detail: string,
  overridable: boolean, overrides: readonly Override[]): ReviewCheck {
  const blocking = status === 'fail';
  return {
    id, title, status, blocking, overridable: blocking && overridable,
    overridden: blocking && overridable && overrides.some((o) => o.check === id),
    confirmationText: blocking && overridable ? confirmationText(id) : null,
    detail, guideRef,
  };
}

function signerCheck(input: CheckInput): ReviewCheck {
  const title = 'The signer is a token listed in the current CTL';
  const ref = 'seed-requirements §2.39 (guide P.12-2, L7032-7042)';
  const { signer, signerRecord, current, entries, overrides } = input;
  if (!signer || !signerRecord) return check('signer-in-current-ctl', title, ref, 'fail', 'No added token can sign this CTL.', false, overrides);
  const name = `"${signer.view.label}" (${signer.view.certificate?.subjectCn ?? signer.view.serial})`;
  const inNew = entries.some((e) => e.record.role === 'SAST' && sameSastIdentity(e.record, signerRecord));
  if (!inNew) return check('signer-in-current-ctl', title, ref, 'fail', `Token ${name} is not listed in the new CTL; phones could not verify it.`, false, overrides);
  if (!current) return check('signer-in-current-ctl', title, ref, 'pass', `First CTL: phones install it as is; token ${name} signs and is listed in it.`, false, overrides);
  const inCurrent = current.file.records.some((r) => r.role === 'SAST' && sameSastIdentity(r, signerRecord));
  return inCurrent
    ? check('signer-in-current-ctl', title, ref, 'pass', `Token ${name} is a SAST of the current CTL.`, false, overrides)
    : check('signer-in-current-ctl', title, ref, 'fail', `Token ${name} is not a SAST of the current CTL; every phone would reject this file.`, false, overrides);
}

function sastCountCheck(input: CheckInput): ReviewCheck {
  const n = countSast(input.entries);
  return check('sast-count', `At least ${MINIMUM_TOKENS} token (SAST) entries`, 'seed-requirements §1.18 (guide P.3-17, L3040-3050)',
    n >= MINIMUM_TOKENS ? 'pass' : 'fail', `${n} token entr${n === 1 ? 'y' : 'ies'} listed.`, false, input.overrides);
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
  const title = 'Every certificate parses; in mixed mode every server entry has one';
  const ref = 'ctl-format.md (records; non-secure mode strips server certificates); seed-requirements §1.27';
  const parts: string[] = [];
  if (missing.length > 0) {
    parts.push(`Server entries without a certificate in a mixed-mode CTL (carried from a non-secure CTL; refresh them from their server or delete them): ${missing.map(name).join('; ')}`);
  }
  if (bad.length > 0) parts.push(`Certificates that do not parse (kept byte for byte if overridden): ${bad.map((e) => `${name(e)}: ${e.parseError}`).join('; ')}`);
  const ok = parts.length === 0;
  const detail = ok ? (input.targetSecurityMode === 'mixed' ? 'Every certificate parses as X.509; every server entry has one.' : 'Every certificate parses as X.509.') : parts.join('. ');
  return check('certificates-parse', title, ref, ok ? 'pass' : 'fail', detail, missing.length === 0, input.overrides);
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
  const title = `No entry expires within ${EXPIRY_WARNING_DAYS} days`;
  const ref = 'project decision (expiry warnings)';
  if (expired.length > 0) {
    return check('expiry', title, ref, 'fail', `Expired: ${expired.join('; ')}${expiring.length ? `. Expiring soon: ${expiring.join('; ')}` : ''}`, true, input.overrides);
  }
  if (expiring.length > 0) return check('expiry', title, ref, 'warn', `Expiring within ${EXPIRY_WARNING_DAYS} days: ${expiring.join('; ')}`, true, input.overrides);
  return check('expiry', title, ref, 'pass', 'No certificate expires within 30 days.', true, input.overrides);
}

function hashCheck(input: CheckInput): ReviewCheck {
  const { hashAlgorithm: hash, current, signerModulusBits: bits } = input;
  const title = 'Phones can check the hash algorithm';
  const ref = 'ctl-format.md (HASH_ALGORITHM: phones of the 6.x era know SHA-1 only)';
  if (bits !== null && DIGEST_INFO_BYTES[hash] + 11 > bits / 8) {
    return check('hash-compatibility', title, ref, 'fail', `A ${bits}-bit signing key cannot carry a ${hash.toUpperCase()} signature.`, false, input.overrides);
  }
  if (hash === 'sha1') return check('hash-compatibility', title, ref, 'pass', 'SHA-1: every phone model can check it.', true, input.overrides);
  const now = current?.file.hashAlgorithm;
  if (now && HASH_STRENGTH[now] >= HASH_STRENGTH[hash]) {
    return check('hash-compatibility', title, ref, 'pass', `${hash.toUpperCase()}: the current CTL already uses ${now.toUpperCase()}, so the phones accepted it.`, true, input.overrides);
  }
  return check('hash-compatibility', title, ref, 'fail',
    `${hash.toUpperCase()}: phones of the 6.x era know SHA-1 only${now ? ` and the current CTL uses ${now.toUpperCase()}` : ''}; such phones would reject the file.`, true, input.overrides);
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
  const parts: string[] = [];
  if (nodes.length > 0) parts.push(`Cannot reach or resolve: ${nodes.join(', ')}.`);
  if (carried.length > 0) {
    parts.push(`Alternate TFTP servers / firewalls listed in the current CTL that cannot be reached (they would keep the old CTL; delete a decommissioned one): ${carried.join(', ')}.`);
  }
  return check('targets-reachable', 'Every target is reachable', 'seed-requirements §1.5, §1.28 (guide P.3-3, L2452; P.3-11, L2836, L2847-2862)',
    ok ? 'pass' : 'fail', ok ? 'Every node and server answered.' : parts.join(' '), nodes.length === 0, input.overrides);
}

export function runChecks(input: CheckInput): ReviewCheck[] {
  return [signerCheck(input), sastCountCheck(input), parseCheck(input), expiryCheck(input), hashCheck(input), reachCheck(input)];
}

export const canSign = (checks: readonly ReviewCheck[]) => checks.every((c) => !c.blocking || c.overridden);
