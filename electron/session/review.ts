// The review step: the new CTL beside the current one, entry by entry, and the checks that
// protect phones. Pure: everything comes in as data (the clock included).
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
  return entries.map((e) => (mode === 'non-secure' && e.record.role !== 'SAST'
    ? { ...e.record, publicKey: null, signature: null, certificate: null }
    : e.record));
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
  unreachable: readonly string[];
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

function parseCheck(input: CheckInput): ReviewCheck {
  const bad = input.entries.filter((e) => e.parseError !== null);
  const detail = bad.length === 0
    ? 'Every certificate parses as X.509.'
    : `Certificates that do not parse (kept byte for byte if overridden): ${bad.map((e) => `${e.record.role} ${e.record.dnsName || e.record.subject}: ${e.parseError}`).join('; ')}`;
  return check('certificates-parse', 'Every certificate parses', 'ctl-format.md (records)', bad.length === 0 ? 'pass' : 'fail', detail, true, input.overrides);
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

function reachCheck(input: CheckInput): ReviewCheck {
  const n = input.unreachable.length;
  return check('targets-reachable', 'Every target is reachable', 'seed-requirements §1.5 (guide P.3-3, L2452; P.3-11, L2836)',
    n === 0 ? 'pass' : 'fail', n === 0 ? 'Every node and server answered.' : `Cannot reach or resolve: ${input.unreachable.join(', ')}.`, false, input.overrides);
}

export function runChecks(input: CheckInput): ReviewCheck[] {
  return [signerCheck(input), sastCountCheck(input), parseCheck(input), expiryCheck(input), hashCheck(input), reachCheck(input)];
}

export const canSign = (checks: readonly ReviewCheck[]) => checks.every((c) => !c.blocking || c.overridden);
