// Finish, part one: the review must allow it, then one PIN entry for the signing token (none
// when it still holds its login from the proof), one signature, and a local verification
// of the signed bytes before anything leaves the machine.
import { msg } from '../../shared/session/messages';
import {
  encodeCtl, MODULUS_BITS, rsaModulusBitsOfCertificate, signerFromCertificate, verifyCtl, type ModulusBits,
} from '../../shared/ctl';
import type { ReviewCheck, ReviewView, SessionCommand } from '../../shared/session/types';
import { ctlGroups, expectedFor, groupListsSigner } from './target-ctls';
import type { Ctx } from './context';
import { resolveSigner } from './entries';
import { fail, refuse, toCommandError } from './errors';
import type { EngineData, TargetRun } from './model';
import { sha256Hex } from '../../shared/node/hash';
import { canSign, recordsToWrite, runChecks } from './review';
import { targetSecurityMode } from './rules';

type SignCommand = Extract<SessionCommand, { type: 'sign' }>;

/** Token errors after which the token holds no login for this session any more. */
const LOGIN_ENDED: ReadonlySet<string> = new Set(['not-logged-in', 'session-invalid', 'device-removed', 'token-not-present']);

/** Nodes that cannot be reached or resolved, by name (the notices of the connect step say why). */
export function unreachableNames(data: EngineData): string[] {
  return (data.cluster?.nodes ?? []).filter((n) => n.problem || !n.session).map((n) => n.node.name);
}

/** Carried alternate TFTP servers and firewalls still listed that could not be reached, by name (the notices say why). */
export function unreachableCarried(data: EngineData): string[] {
  return data.entries.filter((e) => e.source === 'carried' && e.problem).map((e) => e.record.dnsName || e.record.ipAddress || e.record.subject);
}

/** Modulus sizes by certificate array: the review checks (in every snapshot) ask for the signer's each time. */
const moduli = new WeakMap<Uint8Array, number | null>();

export function modulusOf(der: Uint8Array): number | null {
  if (moduli.has(der)) return moduli.get(der)!;
  let bits: number | null;
  try {
    bits = rsaModulusBitsOfCertificate(der);
  } catch {
    bits = null;
  }
  moduli.set(der, bits);
  return bits;
}

export function reviewChecks(data: EngineData, now: Date): ReviewCheck[] {
  const signer = resolveSigner(data);
  return runChecks({
    entries: data.entries,
    current: data.cluster?.current ?? null,
    signer,
    signerRecord: signer?.record ?? null,
    signerModulusBits: signer ? modulusOf(signer.certDer) : null,
    hashAlgorithm: data.hashAlgorithm,
    unreachable: unreachableNames(data),
    unreachableCarried: unreachableCarried(data),
    targetSecurityMode: data.mode && data.cluster ? targetSecurityMode(data.mode, data.cluster.securityMode) : null,
    currentCtls: currentCtls(data, signer),
    overrides: data.overrides,
    now,
  });
}

/** Targets by the CTL they hold, for the review (which file the phones of each target trust). */
export function currentCtls(data: EngineData, signer = resolveSigner(data)): ReviewView['currentCtls'] {
  return ctlGroups(data).map((g) => ({ sha256: g.sha256, targets: g.targets, signerListed: groupListsSigner(g, signer) }));
}

export function overrideCheck(ctx: Ctx, id: ReviewCheck['id'], confirmation: string): void {
  const check = reviewChecks(ctx.data, ctx.now()).find((c) => c.id === id);
  if (!check) throw fail('invalid-command', msg('failure.no-check', { check: id }));
  if (!check.blocking) throw fail('invalid-command', msg('failure.check-not-blocking', { check: id }));
  if (!check.overridable) throw refuse('check-not-overridable', msg('refusal.check-not-overridable', { check: id }));
  if (confirmation !== check.confirmationText) {
    throw refuse('override-confirmation-mismatch', msg('refusal.confirmation-mismatch', { check: id, text: check.confirmationText ?? '' }));
  }
  if (!ctx.data.overrides.some((o) => o.check === id)) ctx.data.overrides.push({ check: id, confirmation, at: ctx.now().toISOString() });
}

/** Signs the CTL; on success data.publish holds the bytes and the targets, state `publishing`. */
export async function signCtl(ctx: Ctx, command: SignCommand): Promise<void> {
  const data = ctx.data;
  const checks = reviewChecks(data, ctx.now());
  if (!canSign(checks)) {
    const open = checks.filter((c) => c.blocking && !c.overridden);
    throw refuse('check-blocking', msg('refusal.checks-blocking', { checks: open.map((c) => c.id).join(', ') }));
  }
  const signer = resolveSigner(data);
  if (!signer) throw refuse('no-qualified-signer', msg('refusal.no-qualified-signer'));
  const bits = modulusOf(signer.certDer);
  if (bits === null || !(MODULUS_BITS as readonly number[]).includes(bits)) {
    throw fail('sign-failed', msg(bits === null ? 'failure.key-not-rsa' : 'failure.key-size', { token: signer.view.label, bits: bits ?? 0, sizes: MODULUS_BITS.join(', ') }));
  }
  if (!signer.loggedIn) {
    if (!command.pin) throw fail('pin-required', msg('failure.pin-to-sign', { token: signer.view.label }));
    ctx.busy('logging-in', signer.view.label);
    try {
      await ctx.ports.tokens.login(signer.view.serial, command.pin, { confirmFinalTry: command.confirmFinalTry === true });
    } catch (err) {
      throw toCommandError(err);
    }
    signer.loggedIn = true;
  }
  ctx.busy('signing', signer.view.label);
  const securityMode = targetSecurityMode(data.mode!, data.cluster!.securityMode);
  const timestamp = Math.floor(ctx.now().getTime() / 1000);
  let bytes: Uint8Array;
  try {
    bytes = await encodeCtl({
      signer: signerFromCertificate(signer.certDer),
      hashAlgorithm: data.hashAlgorithm,
      modulusBits: bits as ModulusBits,
      timestamp,
      records: recordsToWrite(data.entries, securityMode),
    }, (tbs, hash) => ctx.ports.tokens.sign(signer.view.serial, signer.certSha256, tbs, hash));
  } catch (err) {
    const e = toCommandError(err);
    if (e.error.kind === 'failed' && e.error.code === 'token-error' && LOGIN_ENDED.has(e.error.tokenError?.code ?? '')) {
      // The token was pulled (or re-plugged) since its login: it needs its PIN again.
      signer.loggedIn = false;
      throw fail('pin-required', msg('failure.login-ended', { token: signer.view.label }));
    }
    throw e.error.kind === 'failed' && e.error.code === 'internal' ? fail('sign-failed', msg('failure.sign', e.error.message.params)) : e;
  }
  const verification = await verifyCtl(bytes);
  if (!verification.signatureValid) throw fail('sign-failed', msg('failure.signed-ctl-invalid', { reason: verification.message }));
  data.signerSerial = signer.view.serial;
  data.publish = {
    bytes, sha256: sha256Hex(bytes), timestamp, securityMode, stage: 'staging', targets: buildTargets(data), stageFailed: false,
  };
  data.kind = 'publishing';
}

function buildTargets(data: EngineData): TargetRun[] {
  // A TFTP root takes no CAPF certificate file: phones read CAPF's certificate from the CTL.
  const hasCapf = !data.cluster!.standalone && data.entries.some((e) => e.source === 'cluster-capf');
  const base = { phase: 'waiting', status: 'pending', attempts: 0, error: null, fileLocation: null, readBackSha256: null } as const;
  const runs: TargetRun[] = [];
  for (const n of data.cluster!.nodes) {
    if (!n.session) continue;
    const needsCapf = hasCapf && !n.node.roles.includes('CAPF');
    runs.push({
      session: n.session, stageId: null, needsCapf, expected: expectedFor(data, n.session),
      progress: { id: `node:${n.node.name}`, kind: 'node', host: n.node.name, port: n.node.port, ...base, capf: needsCapf ? 'pending' : 'not-needed' },
    });
  }
  for (const t of data.extraTargets) {
    runs.push({ session: t.session, stageId: null, needsCapf: false, expected: expectedFor(data, t.session), progress: { id: t.id, kind: t.kind, host: t.name, port: t.port, ...base, capf: null } });
  }
  return runs;
}
