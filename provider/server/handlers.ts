// One handler per request type. Each checks what the session may do, acts, and returns
// the `ok` reply fields (and body). Refusals throw ProtocolFailure.
import { randomBytes, X509Certificate, createHash } from 'node:crypto';
import {
  PROTOCOL_VERSION, CHALLENGE_BYTES, EXPORTER_BYTES, PROOF_EXPORTER_LABEL, MAX_HEADER_BYTES, MAX_BODY_BYTES,
  toBase64, fromBase64, type Request, type SignerInfo,
} from '../../shared/provider-protocol';
import { problem, ProtocolFailure, type ServerContext } from './context';
import type { SessionRef } from './admission';
import { login } from './login';
import { sha256Hex } from '../../shared/node/hash';
import { StaleCtlError, type CurrentCtl } from './ctl-store';
import { validateStagedCtl, CtlRejectedError } from './ctl-validation';
import { checkProof, ProofError } from './proof';
import { UnsafePathError, resolveInRoot } from './fs-atomic';

export interface SessionState {
  readonly sessionId: string;
  readonly source: string;
  helloDone: boolean;
  username: string | null;
  challenge: { bytes: Uint8Array; expiresAt: number } | null;
  proven: SignerInfo | null;
  /** The CTL hash this session committed last: its author may roll it back without a new proof. */
  committedSha: string | null;
  exportKeyingMaterial(length: number, label: string): Uint8Array;
}

export interface Reply {
  fields: Record<string, unknown>;
  body?: Uint8Array;
}

const ref = (s: SessionState): SessionRef => ({ sessionId: s.sessionId, username: s.username ?? '', source: s.source });

function requireLogin(s: SessionState): void {
  if (!s.username) throw ProtocolFailure.of('not-authenticated', problem('log-in-first'));
}

/** Lock held, and token proof done when the target holds a CTL the session did not write itself. */
async function requireWriter(ctx: ServerContext, s: SessionState): Promise<CurrentCtl> {
  requireLogin(s);
  if (!ctx.admission.holds(ref(s))) {
    const holder = ctx.admission.describeHolder();
    throw ProtocolFailure.of('not-lock-holder', problem('lock-first'), holder ? { holder } : {});
  }
  const current = await ctx.store.current();
  if (current.bytes && !s.proven && current.sha256 !== s.committedSha) {
    throw ProtocolFailure.of('proof-required', problem('prove-first'));
  }
  return current;
}

async function describe(ctx: ServerContext, s: SessionState): Promise<Reply> {
  requireLogin(s);
  const current = await ctx.store.current();
  const { config } = ctx;
  return { fields: {
    clusterId: config.cluster.id, securityMode: current.securityMode, kind: config.kind, thisNode: config.name,
    nodes: config.cluster.nodes, currentCtlSha256: current.sha256,
  } };
}

async function getCtl(ctx: ServerContext, s: SessionState): Promise<Reply> {
  requireLogin(s);
  const current = await ctx.store.current();
  if (!current.bytes) return { fields: { present: false, sha256: null, securityMode: current.securityMode } };
  let bytes = current.bytes;
  // The fault corrupts the read-back of what this session committed (discovery reads stay true).
  if (ctx.faults.corruptReadBack && s.committedSha !== null && s.committedSha === current.sha256) {
    bytes = bytes.slice();
    bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0x01;
  }
  return { fields: { present: true, sha256: sha256Hex(bytes), securityMode: current.securityMode }, body: bytes };
}

function challenge(ctx: ServerContext, s: SessionState): Reply {
  requireLogin(s);
  const bytes = new Uint8Array(randomBytes(CHALLENGE_BYTES));
  const ttl = ctx.config.limits.challengeTtlMs;
  s.challenge = { bytes, expiresAt: Date.now() + ttl };
  return { fields: { challenge: toBase64(bytes), expiresInMs: ttl } };
}

async function prove(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'prove' }>): Promise<Reply> {
  requireLogin(s);
  const ch = s.challenge;
  s.challenge = null; // single use, whatever the outcome
  if (!ch || ch.expiresAt < Date.now()) throw ProtocolFailure.of('proof-failed', problem('no-challenge'));
  const current = await ctx.store.current();
  try {
    s.proven = checkProof({
      challenge: ch.bytes, exporter: s.exportKeyingMaterial(EXPORTER_BYTES, PROOF_EXPORTER_LABEL),
      certificate: fromBase64(req.certificate), signature: fromBase64(req.signature), hash: req.hash,
      currentCtl: current.bytes, currentFile: current.file,
      ...(req.bindings ? { bindings: req.bindings.map(fromBase64) } : {}),
    });
  } catch (err) {
    const refused = err instanceof ProofError ? err.problem : problem('token-certificate-invalid');
    const detail = err instanceof ProofError ? err.message : `bad token certificate: ${(err as Error).message}`;
    await ctx.audit.record({ event: 'proof-failed', username: s.username ?? '', source: s.source, detail });
    throw ProtocolFailure.of('proof-failed', refused);
  }
  await ctx.audit.record({ event: 'proof', username: s.username ?? '', source: s.source, detail: `${s.proven.subject} #${s.proven.serialHex}` });
  return { fields: { signer: s.proven } };
}

async function lock(ctx: ServerContext, s: SessionState): Promise<Reply> {
  requireLogin(s);
  const result = ctx.admission.acquire(ref(s));
  if (!result.ok) {
    const h = result.holder;
    throw ProtocolFailure.of('busy', problem('lock-held', { user: h.username, source: h.source, since: h.since }), { holder: h });
  }
  await ctx.audit.record({ event: 'lock', username: s.username ?? '', source: s.source });
  return { fields: { since: result.since.toISOString() } };
}

async function unlock(ctx: ServerContext, s: SessionState): Promise<Reply> {
  requireLogin(s);
  if (ctx.admission.holds(ref(s))) {
    await ctx.store.dropStagedOf(s.sessionId);
    ctx.admission.release(ref(s));
    await ctx.audit.record({ event: 'unlock', username: s.username ?? '', source: s.source });
  }
  return { fields: {} };
}

/**
 * Graceful end of a session: the lock and the session's place among the configuring
 * sessions are given back before the reply, so a client that waits for it knows another
 * session can lock at once. The connection's 'close' does the same for crashed clients.
 */
async function bye(ctx: ServerContext, s: SessionState): Promise<Reply> {
  const held = ctx.admission.holds(ref(s));
  await ctx.store.dropStagedOf(s.sessionId);
  ctx.admission.leave(ref(s));
  if (s.username) await ctx.audit.record({ event: 'logout', username: s.username, source: s.source, ...(held ? { detail: 'lock released' } : {}) });
  s.username = null;
  s.proven = null;
  s.challenge = null;
  return { fields: {} };
}

/** The typed refusal of a write made against another CTL than the one the target holds. */
async function staleFailure(ctx: ServerContext, s: SessionState, what: string, err: StaleCtlError): Promise<ProtocolFailure> {
  await ctx.audit.record({ event: 'stage-rejected', username: s.username ?? '', source: s.source, oldSha256: err.currentSha256, detail: `stale ${what}: expected ${err.expectedSha256 ?? 'no CTL'}` });
  return new ProtocolFailure('stale',
    `${what} refused: this target holds ${err.currentSha256 ? `the CTL with SHA-256 ${err.currentSha256}` : 'no CTL'}, not ${err.expectedSha256 ? `the one with SHA-256 ${err.expectedSha256}` : 'none'} that the new CTL was made against`,
    { currentSha256: err.currentSha256 });
}

async function stage(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'stage' }>, body: Uint8Array): Promise<Reply> {
  const current = await requireWriter(ctx, s);
  if (sha256Hex(body) !== req.sha256) throw ProtocolFailure.of('bad-request', problem('body-mismatch'));
  if (current.sha256 !== req.expectedSha256) throw await staleFailure(ctx, s, 'stage', new StaleCtlError(req.expectedSha256, current.sha256));
  if (ctx.faults.failStage) throw ProtocolFailure.of('fault-injected', problem('fault-stage'));
  try {
    const valid = await validateStagedCtl(body, current.bytes, current.file);
    const staged = await ctx.store.stage(body, req.securityMode, s.sessionId, valid.file);
    await ctx.audit.record({ event: 'stage', username: s.username ?? '', source: s.source, oldSha256: current.sha256, newSha256: staged.sha256, securityMode: req.securityMode });
    return { fields: { stageId: staged.stageId, sha256: staged.sha256, securityMode: staged.securityMode, signer: valid.signer } };
  } catch (err) {
    if (!(err instanceof CtlRejectedError)) throw err;
    await ctx.audit.record({ event: 'stage-rejected', username: s.username ?? '', source: s.source, newSha256: req.sha256, detail: err.reason });
    throw ProtocolFailure.of('rejected', err.problem, { reason: err.reason });
  }
}

async function commit(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'commit' }>): Promise<Reply> {
  await requireWriter(ctx, s);
  const staged = ctx.store.getStaged(req.stageId);
  if (!staged || staged.owner !== s.sessionId) throw ProtocolFailure.of('not-found', problem('no-staged', { stageId: req.stageId }));
  if (ctx.commitFailuresLeft > 0) {
    ctx.commitFailuresLeft -= 1;
    throw ProtocolFailure.of('fault-injected', problem('fault-commit'));
  }
  let result: Awaited<ReturnType<typeof ctx.store.commit>>;
  try {
    result = await ctx.store.commit(req.stageId, req.expectedSha256);
  } catch (err) {
    if (err instanceof StaleCtlError) throw await staleFailure(ctx, s, 'commit', err);
    throw err;
  }
  s.committedSha = result.sha256;
  await ctx.audit.record({ event: 'commit', username: s.username ?? '', source: s.source, oldSha256: result.previousSha256, newSha256: result.sha256, securityMode: result.securityMode });
  return { fields: result };
}

async function abort(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'abort' }>): Promise<Reply> {
  requireLogin(s);
  const staged = ctx.store.getStaged(req.stageId);
  if (!staged || staged.owner !== s.sessionId) throw ProtocolFailure.of('not-found', problem('no-staged', { stageId: req.stageId }));
  await ctx.store.abort(req.stageId);
  await ctx.audit.record({ event: 'abort', username: s.username ?? '', source: s.source, newSha256: staged.sha256 });
  return { fields: {} };
}

async function rollback(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'rollback' }>): Promise<Reply> {
  const current = await requireWriter(ctx, s);
  let result: Awaited<ReturnType<typeof ctx.store.rollback>>;
  try {
    result = await ctx.store.rollback(req.expectedSha256);
  } catch (err) {
    if (err instanceof StaleCtlError) throw await staleFailure(ctx, s, 'rollback', err);
    throw err;
  }
  if (!result) throw ProtocolFailure.of('not-found', problem('no-previous'));
  s.committedSha = result.sha256;
  await ctx.audit.record({ event: 'rollback', username: s.username ?? '', source: s.source, oldSha256: current.sha256, newSha256: result.sha256, securityMode: result.securityMode });
  return { fields: result };
}

function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

async function putCapf(ctx: ServerContext, s: SessionState, req: Extract<Request, { type: 'putCapf' }>, body: Uint8Array): Promise<Reply> {
  await requireWriter(ctx, s);
  try {
    if (!req.pemName.endsWith('.0')) throw new UnsafePathError(req.pemName, 'the PEM name must end in ".0"');
    await resolveInRoot(ctx.config.tftpRoot, req.pemName);
  } catch (err) {
    if (!(err instanceof UnsafePathError)) throw err;
    await ctx.audit.record({ event: 'path-refused', username: s.username ?? '', source: s.source, detail: err.message });
    throw ProtocolFailure.of('bad-request', problem('capf-name-unsafe', { name: req.pemName }));
  }
  try {
    new X509Certificate(body);
  } catch {
    throw ProtocolFailure.of('bad-request', problem('capf-not-certificate'));
  }
  const put = await ctx.store.putFiles([{ name: 'capf.cer', bytes: body }, { name: req.pemName, bytes: new TextEncoder().encode(toPem(body)) }]);
  const sha256 = createHash('sha256').update(body).digest('hex');
  const unchanged = put.written === 0;
  await ctx.audit.record({
    event: 'put-capf', username: s.username ?? '', source: s.source, newSha256: sha256, detail: unchanged ? `${req.pemName} (unchanged)` : req.pemName,
  }, !unchanged);
  return { fields: { files: ['capf.cer', req.pemName], sha256 } };
}

export async function handle(ctx: ServerContext, s: SessionState, req: Request, body: Uint8Array): Promise<Reply> {
  // bye is always allowed: a client whose hello failed still ends its session cleanly.
  if (req.type !== 'hello' && req.type !== 'bye' && !s.helloDone) throw new ProtocolFailure('bad-request', 'send hello first');
  switch (req.type) {
    case 'hello': {
      if (s.helloDone) throw new ProtocolFailure('bad-request', 'hello was already sent');
      if (!req.versions.includes(PROTOCOL_VERSION)) {
        throw new ProtocolFailure('unsupported-version', `this provider speaks protocol version ${PROTOCOL_VERSION}`, { supported: [PROTOCOL_VERSION] });
      }
      s.helloDone = true;
      return { fields: {
        version: PROTOCOL_VERSION, server: { name: ctx.config.name, kind: ctx.config.kind, software: 'ctl-provider 0.1.0' },
        limits: { maxHeaderBytes: MAX_HEADER_BYTES, maxBodyBytes: MAX_BODY_BYTES },
      } };
    }
    case 'login': return login(ctx, s, req);
    case 'describe': return describe(ctx, s);
    case 'getCertificates':
      requireLogin(s);
      return { fields: { certificates: ctx.certificates.map((c) => ({ role: c.role, certificate: toBase64(c.der) })) } };
    case 'getCtl': return getCtl(ctx, s);
    case 'challenge': return challenge(ctx, s);
    case 'prove': return prove(ctx, s, req);
    case 'lock': return lock(ctx, s);
    case 'unlock': return unlock(ctx, s);
    case 'stage': return stage(ctx, s, req, body);
    case 'commit': return commit(ctx, s, req);
    case 'abort': return abort(ctx, s, req);
    case 'rollback': return rollback(ctx, s, req);
    case 'putCapf': return putCapf(ctx, s, req, body);
    case 'bye': return bye(ctx, s);
  }
}
