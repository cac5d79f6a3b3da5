// Mode and tokens. First time: tokens are added one at a time, each shown before it is
// added, never twice. With a CTL: a token listed in it proves itself first — PIN login,
// the current CTL's signature verified, the provider's possession challenge passed on
// every node — and keeps its login for the session, so it can prove itself to targets
// added later and sign at Finish without a second PIN.
import { msg, type Message } from '../../shared/session/messages';
import { isWritableHash, recordFromCertificate } from '../../shared/ctl';
import type { SessionCommand, SessionMode, TokenView } from '../../shared/session/types';
import { fromBase64 } from '../../shared/provider-protocol/bytes';
import type { TokenInfo } from '../../shared/tokens/types';
import type { CertificateCache } from './cert-cache';
import type { Ctx } from './context';
import { fail, refuse, targetProblem, toCommandError } from './errors';
import type { AddedTokenState, CurrentCtl, Entry } from './model';
import { proveAll, proveOne } from './proof';
import type { ProofSigner, ProviderSession } from './ports';
import { carriedTarget } from './carried';
import { carriedEntries, nodeEntries, sameSastIdentity, tokenEntry } from './records';
import { canChooseMode, enoughTokens, proofFirst, requiresProof } from './rules';

type AddToken = Extract<SessionCommand, { type: 'add-token' }>;

const sastRecord = (der: Uint8Array, certs?: CertificateCache) => (certs ? certs.record('SAST', der, {}) : recordFromCertificate('SAST', der, {}));
const decode = (base64: string, certs?: CertificateCache) => (certs ? certs.fromBase64(base64) : fromBase64(base64));

const inCtl = (current: CurrentCtl | null, der: Uint8Array | null, certs?: CertificateCache): boolean => {
  if (!current || !der) return false;
  try {
    const record = sastRecord(der, certs);
    return current.file.records.some((r) => r.role === 'SAST' && sameSastIdentity(r, record));
  } catch {
    return false;
  }
};

function sastOf(info: TokenInfo, certs?: CertificateCache): { der: Uint8Array; sha256: string } | null {
  const cert = info.sastCertificate === null ? undefined : info.certificates[info.sastCertificate];
  if (!cert || !cert.hasPrivateKey) return null;
  return { der: decode(cert.der, certs), sha256: cert.sha256 };
}

/**
 * Parses the SAST certificates of a token list into the session's cache (the tokens step
 * shows whether each is in the current CTL), in a later turn of the event loop: connect calls
 * it while the providers answer. Never throws.
 */
export function prewarmTokens(ctx: Ctx, list: readonly TokenInfo[]): void {
  setImmediate(() => {
    for (const info of list) {
      const sast = sastOf(info, ctx.certs);
      try {
        if (sast) ctx.certs.record('SAST', sast.der, {});
      } catch {
        // A certificate that does not parse is reported where it is used.
      }
    }
  });
}

/** `certs`, when given, decodes and parses each token certificate once per session. */
export function tokenView(info: TokenInfo, current: CurrentCtl | null, certs?: CertificateCache): TokenView {
  const cert = info.sastCertificate === null ? undefined : info.certificates[info.sastCertificate];
  return {
    serial: info.serial, label: info.label, manufacturer: info.manufacturer, model: info.model, pin: info.pin,
    certificate: cert ? {
      subject: cert.subject, issuer: cert.issuer, subjectCn: cert.subjectCn, serial: cert.serial,
      notBefore: cert.notBefore, notAfter: cert.notAfter, fingerprint: cert.sha256,
    } : null,
    inCurrentCtl: inCtl(current, cert ? decode(cert.der, certs) : null, certs),
  };
}

const matching = (present: TokenInfo[], ref: string) => {
  const bySerial = present.filter((t) => t.serial === ref);
  return bySerial.length > 0 ? bySerial : present.filter((t) => t.label === ref);
};

/**
 * A token by serial (preferred) or label, among those present now; also returns all present.
 * With `reuse`, the list of the previous command is taken when recent (token-list.ts); a
 * miss lists again.
 */
export async function findToken(ctx: Ctx, ref: string, reuse = false): Promise<{ info: TokenInfo; present: TokenInfo[] }> {
  let present: TokenInfo[];
  let matches: TokenInfo[];
  try {
    const recent = reuse ? await ctx.tokenList.recent() : { list: await ctx.tokenList.fresh(), reused: false };
    present = recent.list;
    matches = matching(present, ref);
    if (matches.length !== 1 && recent.reused) {
      present = await ctx.tokenList.fresh();
      matches = matching(present, ref);
    }
  } catch (err) {
    throw toCommandError(err);
  }
  if (matches.length === 1) return { info: matches[0]!, present };
  if (matches.length === 0) {
    throw fail('token-error', msg('failure.token-not-inserted', { token: ref }), { tokenError: { code: 'token-not-found' } });
  }
  throw fail('token-error', msg('failure.token-ambiguous', { token: ref }), { tokenError: { code: 'token-ambiguous' } });
}

export function chooseMode(ctx: Ctx, mode: SessionMode): void {
  const cluster = ctx.data.cluster;
  if (!cluster) throw fail('invalid-command', msg('failure.connect-first'));
  const refusal = canChooseMode(mode, cluster.current !== null, cluster.securityMode);
  if (refusal) throw refuse(refusal.code, refusal.message);
  ctx.data.mode = mode;
  // Follows the current CTL when phones can verify its hash; a SHA-256 CTL (never written
  // again) moves to SHA-512, which the review's hash-change check then asks to confirm.
  if (!ctx.data.hashChosen) {
    const now = cluster.current?.file.hashAlgorithm ?? 'sha1';
    ctx.data.hashAlgorithm = isWritableHash(now) ? now : 'sha512';
  }
  ctx.data.entries = baseEntries(ctx);
  ctx.data.kind = 'tokens';
}

/** Cluster entries, then what the current CTL carries, then the tokens added this session. */
export function baseEntries(ctx: Ctx): Entry[] {
  const cluster = ctx.data.cluster!;
  const entries: Entry[] = [];
  for (const n of cluster.nodes) {
    if (n.problem) continue;
    const built = nodeEntries(n.node, n.certificates, ctx.certs);
    if (built.problems.length > 0) n.problem = built.problems[0]!;
    entries.push(...built.entries);
  }
  // A cluster without a provider: its servers from certificate files replace what the current CTL says of them.
  const fromFiles = cluster.standalone?.entries ?? [];
  entries.push(...fromFiles);
  const names = new Set([...cluster.nodes.map((n) => n.node.name.toLowerCase()), ...fromFiles.map((e) => e.record.dnsName.toLowerCase()).filter(Boolean)]);
  if (cluster.current) entries.push(...carriedEntries(cluster.current.file.records, names, cluster.carried, ctx.certs));
  // Carried servers that answered are upload targets, like servers added in this session.
  for (const server of cluster.carried) {
    const target = carriedTarget(server);
    if (target && !ctx.data.extraTargets.some((t) => t.id === target.id)) ctx.data.extraTargets.push(target);
  }
  for (const t of ctx.data.tokens) {
    if (!entries.some((e) => e.record.role === 'SAST' && sameSastIdentity(e.record, t.record))) entries.push(tokenEntry(t.certDer, ctx.certs));
  }
  return entries;
}

/**
 * Shows a token before it is added; returns every token present (one list for both). The
 * list choose-mode just read is reused: add-token checks the token again.
 */
export async function previewToken(ctx: Ctx, ref: string): Promise<TokenInfo[]> {
  const { info, present } = await findToken(ctx, ref, true);
  const current = ctx.data.cluster?.current ?? null;
  ctx.data.candidate = tokenView(info, current, ctx.certs);
  if (present.length > 1) {
    addNotice(ctx, msg('notice.several-tokens', { count: present.length }));
  }
  return present;
}

export function addNotice(ctx: Ctx, notice: Message): void {
  const same = (n: Message) => n.code === notice.code && JSON.stringify(n.params) === JSON.stringify(notice.params);
  if (!ctx.data.notices.some(same)) ctx.data.notices.push(notice);
}

const isProven = (ctx: Ctx) => ctx.data.tokens.some((t) => t.proven);

export async function addToken(ctx: Ctx, command: AddToken): Promise<void> {
  // A token that proves itself is logged in next, which fails if it was pulled: the list the
  // preview read is enough then. A token added without a login is looked up afresh.
  const proving = requiresProof(ctx.data.cluster?.current != null) && !isProven(ctx);
  const { info } = await findToken(ctx, command.token, proving);
  if (ctx.data.candidate?.serial !== info.serial) {
    throw fail('invalid-command', msg('failure.preview-first', { token: info.label }));
  }
  const sast = sastOf(info, ctx.certs);
  if (!sast) throw refuse('token-has-no-sast-certificate', msg('refusal.no-sast-certificate', { token: info.label }));
  if (ctx.data.tokens.some((t) => t.view.serial === info.serial || t.certSha256 === sast.sha256)) {
    throw refuse('token-already-added', msg('refusal.token-added-already', { token: info.label, serial: info.serial }));
  }
  const current = ctx.data.cluster?.current ?? null;
  const record = sastRecord(sast.der, ctx.certs);
  const view = tokenView(info, current, ctx.certs);
  const token: AddedTokenState = {
    view, certSha256: sast.sha256, certDer: sast.der, record, order: ctx.data.tokens.length + 1, proven: false, loggedIn: false,
  };
  if (requiresProof(current !== null) && !isProven(ctx)) {
    await prove(ctx, token, current!, command);
  } else if (!ctx.data.entries.some((e) => e.record.role === 'SAST' && sameSastIdentity(e.record, record))) {
    ctx.data.entries.push(tokenEntry(sast.der, ctx.certs));
  }
  // A token the current CTL already lists gets no second entry; it joins the session as a possible signer.
  ctx.data.tokens.push(token);
  ctx.data.candidate = null;
}

/** Proof signer: the token signs the provider's message with its SAST key. */
export function proofSigner(ctx: Ctx, token: AddedTokenState): ProofSigner {
  const hash = ctx.options.proofHash;
  return {
    certificate: token.certDer,
    hash,
    sign: (message) => ctx.ports.tokens.sign(token.view.serial, token.certSha256, message, hash),
  };
}

async function prove(ctx: Ctx, token: AddedTokenState, current: CurrentCtl, command: AddToken): Promise<void> {
  const label = token.view.label;
  if (!token.view.inCurrentCtl) {
    throw refuse('token-not-in-ctl', msg('refusal.token-not-listed', { token: label, subject: token.view.certificate?.subjectCn ?? token.view.serial }));
  }
  if (!current.signatureValid) throw refuse('current-ctl-invalid', msg('refusal.current-ctl-invalid', { reason: current.problem }));
  if (!command.pin) throw fail('pin-required', msg('failure.pin-to-prove', { token: label }));
  ctx.busy('proving', token.view.label);
  try {
    await ctx.ports.tokens.login(token.view.serial, command.pin, { confirmFinalTry: command.confirmFinalTry === true });
  } catch (err) {
    throw toCommandError(err);
  }
  token.loggedIn = true;
  const primary = ctx.data.server?.session;
  if (!primary) throw fail('internal', msg('failure.no-session'));
  // Every reachable node checks the proof on its own connection (writes need it there too),
  // and so does every extra target already open (carried alternate TFTP servers, firewalls).
  const nodeSessions = ctx.data.cluster!.nodes.map((n) => n.session).filter((s): s is ProviderSession => s !== null && s !== primary);
  const sessions = [primary, ...nodeSessions, ...ctx.data.extraTargets.map((t) => t.session).filter((s) => !nodeSessions.includes(s) && s !== primary)];
  const results = await proveAll(sessions, proofSigner(ctx, token), ctx.options.concurrency, ctx.ports.providers.proofBatch);
  const first = results[0];
  if (!first?.ok) {
    await ctx.ports.tokens.release(token.view.serial).catch(() => undefined);
    token.loggedIn = false;
    throw refuse('possession-failed', msg('refusal.possession-failed', { token: label, host: primary.host, reason: targetProblem(first?.error) }));
  }
  results.forEach((r, i) => {
    if (r.ok || i === 0) return;
    const node = ctx.data.cluster!.nodes.find((n) => n.session === sessions[i]);
    if (node) node.problem = msg('problem.proof-failed', { reason: targetProblem(r.error) });
  });
  token.proven = true;
}

/**
 * A token whose login ended since (pulled, or its module re-initialized to see another token
 * arrive) signs or proves again only after a new PIN entry: the snapshot then asks for it.
 */
export function syncLogins(ctx: Ctx, present: readonly TokenInfo[]): void {
  for (const t of ctx.data.tokens) {
    if (t.loggedIn && !present.some((p) => p.serial === t.view.serial && p.loggedIn)) t.loggedIn = false;
  }
}

/** Proves the session's proven token to one more provider (a target added after the proof). */
export async function proveTo(ctx: Ctx, session: ProviderSession): Promise<void> {
  const token = ctx.data.tokens.find((t) => t.proven && t.loggedIn);
  if (token) await proveOne(session, proofSigner(ctx, token), ctx.ports.providers.proofBatch);
}

export function tokensDone(ctx: Ctx): void {
  const current = ctx.data.cluster?.current ?? null;
  const blocked = proofFirst(current !== null, isProven(ctx), 'continue');
  if (blocked) throw refuse(blocked.code, blocked.message);
  const sast = ctx.data.entries.filter((e) => e.record.role === 'SAST').length;
  const short = enoughTokens(sast);
  if (short) throw refuse(short.code, short.message);
  ctx.data.kind = 'entries';
}
