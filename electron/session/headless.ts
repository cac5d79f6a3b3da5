// Drives a session from a plan, the way `ctl-client run` needs it: the same commands the
// wizard sends, in the wizard's order, stopping at the first refusal. It decides nothing
// the engine does not: every rule is the engine's; this only maps the outcome to an exit code.
import { msg } from '../../shared/session/messages';
import { say, sayCheck, sayRule } from './words';
import type { HashAlgorithm } from '../../shared/ctl/model';
import type { CheckId, ProviderIdentity, SessionCommand, SessionCommandOf, SessionError, SessionMode, SessionSnapshot } from '../../shared/session/types';
import { guidePagesText } from '../../shared/session/refusals';
import type { SessionEngine } from './engine';
import { refuse } from './errors';

/** Where the CTL goes: a cluster's CTL Provider, or TFTP roots written directly (standalone). */
export type RunCluster =
  | { kind: 'provider'; server: { host: string; port: number }; username: string; password: string }
  | { kind: 'standalone'; targets: SessionCommandOf<'connect-targets'>['targets']; entries: SessionCommandOf<'connect-targets'>['entries'] };

export interface RunPlan {
  cluster: RunCluster;
  mode: SessionMode;
  /** Token labels (or serials) in insertion order. */
  tokens: string[];
  signWith?: string;
  /** PIN for a token label; null when none was given. */
  pinFor: (label: string) => string | null;
  addTftp: { host: string; port?: number }[];
  /** Firewall hosts; a port, when given, must be the fixed one (the engine refuses others by rule). */
  addFirewall: (string | { host: string; port?: number })[];
  /** Subjects, CNs or SHA-256 fingerprints of entries to delete. */
  remove: string[];
  hash?: HashAlgorithm;
  overrides: CheckId[];
  confirmFinalTry: boolean;
  /** Asked with the review before signing; false cancels. */
  confirm: (review: SessionSnapshot) => Promise<boolean>;
  /** What to do when commits failed on some targets after the retries. */
  onCommitFailure: 'rollback' | 'leave';
  /** Each step's name, for progress output. */
  step?: (name: string) => void;
}

export const EXIT = { ok: 0, error: 1, failed: 3, refused: 4, partial: 5, cancelled: 6 } as const;

export interface RunOutcome {
  exitCode: number;
  /** One line saying why, when the run did not commit everywhere. */
  message: string | null;
  error: SessionError | null;
}

class Stop extends Error {
  constructor(readonly outcome: RunOutcome) {
    super(outcome.message ?? 'stopped');
  }
}

/** One or two lines for the terminal; a refusal names its rule and where the guide says it. */
export function describe(e: SessionError): string {
  return e.kind === 'refused'
    ? `refused (${e.code}): ${say(e.message)}\n  rule: ${sayRule(e.code)}${e.guidePages.length ? ` [${guidePagesText(e.guidePages)}]` : ''}`
    : `${e.code}: ${say(e.message)}`;
}

function exitFor(error: SessionError): number {
  return error.kind === 'refused' ? EXIT.refused : EXIT.failed;
}

async function send(engine: SessionEngine, command: SessionCommand): Promise<SessionSnapshot> {
  const result = await engine.dispatch(command);
  if (!result.ok) throw new Stop({ exitCode: exitFor(result.error), message: describe(result.error), error: result.error });
  return engine.snapshot();
}

const norm = (s: string) => s.replace(/[\s:]/g, '').toLowerCase();

/** Entry ids for --remove values: exact subject, its CN, or the SHA-256 fingerprint. Unknown values pass through (the engine refuses them). */
export function resolveRemovals(snapshot: SessionSnapshot, values: readonly string[]): string[] {
  return values.map((v) => {
    // Canonical DNs join components with ";", the usual display with ", ": accept both.
    const hit = snapshot.entries.find((e) => e.subject === v || e.fingerprint === norm(v)
      || e.subject.split(/[;,]\s*/).some((part) => part.toLowerCase() === `cn=${v.toLowerCase()}`));
    return hit ? hit.id : v;
  });
}

const FIRST_NODE_NOTE = 'the other nodes are listed once this one is trusted: the password is sent only to a trusted server';

/** The run stops: these certificates (or SSH host keys) are not trusted yet. All of them in one message. */
function untrusted(identities: readonly ProviderIdentity[], note: string | null): RunOutcome {
  const keys = identities.filter((id) => id.sshKey);
  const certs = identities.filter((id) => !id.sshKey);
  const lines: string[] = [];
  if (certs.length > 0) {
    const list = certs.map((id) => `${id.host}:${id.port} SHA-256 ${id.fingerprint}`).join('\n  ');
    lines.push(`provider certificate${certs.length > 1 ? 's' : ''} not trusted (provider-untrusted):\n  ${list}\n  check ${certs.length > 1 ? 'each' : 'it'} on the server, then pass --trust <sha256> for each (or --trust-on-first-use)${note ? `\n  (${note})` : ''}`);
  }
  if (keys.length > 0) {
    const list = keys.map((id) => `${id.host}:${id.port} ${id.sshKey!.algorithm} ${id.fingerprint}`).join('\n  ');
    lines.push(`SSH host key${keys.length > 1 ? 's' : ''} not trusted (host-key-untrusted):\n  ${list}\n  compare ${keys.length > 1 ? 'each' : 'it'} with the server (ssh-keygen -lf /etc/ssh/ssh_host_*_key.pub), then pass --trust <SHA256:…> for each (or --trust-on-first-use)`);
  }
  return { exitCode: EXIT.refused, message: lines.join('\n'), error: null };
}

function connectCommand(cluster: RunCluster): SessionCommand {
  return cluster.kind === 'provider'
    ? { type: 'connect', host: cluster.server.host, port: cluster.server.port, username: cluster.username, password: cluster.password }
    : { type: 'connect-targets', targets: cluster.targets, entries: cluster.entries };
}

/** The cluster's login for the servers a run adds (a standalone cluster has none: the engine refuses them). */
const login = (cluster: RunCluster) => (cluster.kind === 'provider' ? { username: cluster.username, password: cluster.password } : {});

export async function runPlan(engine: SessionEngine, plan: RunPlan): Promise<RunOutcome> {
  const step = plan.step ?? (() => undefined);
  try {
    const cluster = plan.cluster;
    step(cluster.kind === 'provider' ? `connecting to ${cluster.server.host}:${cluster.server.port}` : `opening ${cluster.targets.map((t) => t.address).join(', ')}`);
    let snap = await send(engine, connectCommand(cluster));
    if (snap.kind === 'trust') return untrusted([snap.presented, ...(snap.others ?? [])], snap.others?.length || cluster.kind === 'standalone' ? null : FIRST_NODE_NOTE);
    const unreachable = snap.cluster?.unreachable ?? [];
    if (unreachable.length > 0) step(`cannot reach: ${unreachable.join(', ')}`);
    snap = await send(engine, { type: 'choose-mode', mode: plan.mode });
    for (const label of plan.tokens) {
      step(`token ${label}`);
      snap = await send(engine, { type: 'preview-token', token: label });
      const mustProve = snap.tokens?.mustProve === true;
      const pin = mustProve ? plan.pinFor(label) : null;
      if (mustProve && pin === null) throw new Stop({ exitCode: EXIT.error, message: `token ${label} must prove itself: give its PIN (--pin-file or --pin ${label}=<file>)`, error: null });
      snap = await send(engine, { type: 'add-token', token: label, ...(pin ? { pin } : {}), ...(plan.confirmFinalTry ? { confirmFinalTry: true } : {}) });
    }
    snap = await send(engine, { type: 'tokens-done' });
    // Every added server is tried before stopping, so one failed run lists every certificate to trust.
    const notTrusted: ProviderIdentity[] = [];
    for (const t of plan.addTftp) {
      step(`adding TFTP server ${t.host}`);
      snap = await send(engine, { type: 'add-tftp-server', host: t.host, ...(t.port ? { port: t.port } : {}), ...login(cluster) });
      if (snap.kind === 'trust') {
        notTrusted.push(snap.presented);
        snap = await send(engine, { type: 'back' });
      }
    }
    for (const spec of plan.addFirewall) {
      const { host, port } = typeof spec === 'string' ? { host: spec, port: undefined } : spec;
      step(`adding firewall ${host}`);
      snap = await send(engine, { type: 'add-firewall', host, ...(port !== undefined ? { port } : {}), ...login(cluster) });
      if (snap.kind === 'trust') {
        notTrusted.push(snap.presented);
        snap = await send(engine, { type: 'back' });
      }
    }
    if (notTrusted.length > 0) return untrusted(notTrusted, null);
    if (plan.remove.length > 0) snap = await send(engine, { type: 'delete-entries', ids: resolveRemovals(snap, plan.remove) });
    if (plan.hash) snap = await send(engine, { type: 'set-hash-algorithm', algorithm: plan.hash });
    if (plan.signWith) snap = await send(engine, { type: 'choose-signer', token: plan.signWith });
    snap = await send(engine, { type: 'go-to-review' });
    for (const id of plan.overrides) {
      const check = snap.review?.checks.find((c) => c.id === id);
      snap = await send(engine, { type: 'override-check', check: id, confirmation: check?.confirmationText ?? '' });
    }
    if (!snap.review?.canSign) {
      const blocking = (snap.review?.checks ?? []).filter((c) => c.blocking && !c.overridden);
      const error = refuse('check-blocking', msg('refusal.checks-blocking', { checks: blocking.map((c) => c.id).join(', ') })).error;
      // Each blocking check with what it found, under the refusal.
      const found = blocking.map((c) => `\n  ${sayCheck(c.id)}: ${say(c.detail)}`).join('');
      return { exitCode: EXIT.refused, message: `${describe(error)}${found}`, error };
    }
    if (!(await plan.confirm(snap))) {
      await engine.dispatch({ type: 'cancel' });
      return { exitCode: EXIT.cancelled, message: 'cancelled before signing; nothing changed', error: null };
    }
    const signer = snap.review?.signer;
    const pin = signer?.needsPin ? plan.pinFor(signer.token.label) : null;
    if (signer?.needsPin && pin === null) return { exitCode: EXIT.error, message: `no PIN for the signing token ${signer.token.label}`, error: null };
    step(`signing with ${signer?.token.label ?? '?'}`);
    snap = await send(engine, { type: 'sign', ...(pin ? { pin } : {}), ...(plan.confirmFinalTry ? { confirmFinalTry: true } : {}) });
    return await settle(engine, snap, plan);
  } catch (err) {
    if (err instanceof Stop) {
      if (engine.snapshot().kind === 'cancelled') return { ...err.outcome, exitCode: EXIT.cancelled };
      return err.outcome;
    }
    throw err;
  }
}

/** What each target was read back to hold: the new CTL, the previous one, another, or unknown. */
export function holdings(engine: SessionEngine): string {
  const r = engine.report().json;
  const what = (sha: string | null) => (sha === null ? 'unknown (not read back)'
    : sha === r.newCtl?.sha256 ? `the new CTL ${sha}` : sha === r.previousCtl?.sha256 ? `the previous CTL ${sha}` : `another CTL ${sha}`);
  return r.targets.map((t) => `\n  ${t.server}: ${what(t.sha256)}`).join('');
}

async function settle(engine: SessionEngine, snap: SessionSnapshot, plan: RunPlan): Promise<RunOutcome> {
  if (snap.kind === 'done' && snap.done?.outcome === 'committed') return { exitCode: EXIT.ok, message: null, error: null };
  if (snap.kind === 'cancelled') return { exitCode: EXIT.cancelled, message: say(snap.reason), error: null };
  if (snap.kind !== 'publish-failed') return { exitCode: EXIT.partial, message: `finished as ${snap.kind}`, error: null };
  const failed = snap.failed.join(', ');
  if (!snap.offered.includes('rollback')) {
    await engine.dispatch({ type: 'cancel' });
    return { exitCode: EXIT.partial, message: `staging failed on ${failed}; every stage was aborted and nothing changed on any target`, error: null };
  }
  if (plan.onCommitFailure === 'leave') {
    return { exitCode: EXIT.partial, message: `commit failed on ${failed} after retries; left as read back:${holdings(engine)}`, error: null };
  }
  plan.step?.(`commit failed on ${failed}; rolling back every target to its previous CTL`);
  const rolled = await send(engine, { type: 'rollback' });
  const clean = rolled.done?.outcome === 'rolled-back';
  // Say per target what is not known to be back to the previous CTL, and why (e.g. connection lost).
  const notBack = (rolled.done?.results ?? []).filter((r) => r.status !== 'rolled-back' && r.status !== 'unchanged')
    .map((r) => `\n  ${r.server}: ${r.status}${r.error ? ` — ${say(r.error)}` : ''}`).join('');
  return {
    exitCode: EXIT.partial,
    message: clean
      ? `commit failed on ${failed} after retries; every target was rolled back to its previous CTL`
      : `commit failed on ${failed}; not every target could be rolled back (see the report):${notBack}\n  each target holds:${holdings(engine)}`,
    error: null,
  };
}
