// The CTL session engine: one state machine for the desktop wizard and `ctl-client run`.
// Commands come in through dispatch(); each is checked against the current state (an
// invalid one is rejected with a typed error, never ignored), runs, and the engine emits a
// snapshot. Phase logic lives in connect/tokens/entries/sign/publish; the rules in rules.ts.
import { msg, type Message } from '../../shared/session/messages';
import type {
  CommandResult, DoneView, SessionCommand, SessionCommandType, SessionError, SessionReport, SessionSnapshot,
  TokensView,
} from '../../shared/session/types';
import { parseSessionCommand } from '../../shared/session/command-schema';
import { commandsAllowedIn } from '../../shared/session/command-states';
import type { TokenInfo } from '../../shared/tokens/types';
import { connect, trustProvider } from './connect';
import { connectTargets } from './standalone';
import { checkAsPhones } from './phone-check';
import { CertificateCache } from './cert-cache';
import { DEFAULT_OPTIONS, type Ctx, type EngineOptions } from './context';
import { addServer, chooseSigner, deleteEntries, restoreEntries, setHashAlgorithm } from './entries';
import { fail, refuse, toCommandError } from './errors';
import type { EngineData } from './model';
import type { SessionPorts } from './ports';
import { publish, retry, rollback, type PublishOutcome } from './publish';
import { backToReview } from './target-ctls';
import { buildReport, renderMarkdown } from './report';
import { overrideCheck, signCtl } from './sign';
import { buildSnapshot, doneView } from './snapshot';
import { addToken, chooseMode, prewarmTokens, previewToken, syncLogins, tokensDone, tokenView } from './tokens';
import { enterReview, goBack } from './navigation';
import { TokenList } from './token-list';

export type SnapshotListener = (snapshot: SessionSnapshot) => void;

export class SessionEngine {
  private readonly data: EngineData;
  private readonly options: EngineOptions;
  private readonly listeners = new Set<SnapshotListener>();
  private seq = 0;
  private running: SessionCommandType | null = null;
  private busyState: SessionSnapshot['busy'] = null;
  private cancelFlag = false;
  private lastError: SessionError | null = null;
  private present: TokensView['present'] = [];
  private done: DoneView | null = null;
  private pendingEmit: ReturnType<typeof setTimeout> | null = null;
  private lastEmitAt = Number.NEGATIVE_INFINITY;
  /** Provider sessions still closing after the session ended (dispose waits for them). */
  private closing: Promise<void> | null = null;
  private readonly ctx: Ctx;

  constructor(private readonly ports: SessionPorts, options: Partial<EngineOptions> = {}) {
    this.options = { ...DEFAULT_OPTIONS, ...options };
    this.data = {
      kind: 'connect', startedAt: this.now().toISOString(), server: null, cluster: null, trust: null, mode: null,
      hashAlgorithm: 'sha1', hashChosen: false, candidate: null, tokens: [], present: [], entries: [], extraTargets: [], deleted: [],
      signerSerial: null, overrides: [], publish: null, cancelReason: null, notices: [], targetCtls: new Map(), reopened: [], phoneCheck: [],
    };
    this.ctx = {
      data: this.data, ports, options: this.options,
      certs: new CertificateCache(), tokenList: new TokenList(ports.tokens, this.options.tokenListMaxAgeMs),
      now: () => this.now(),
      changed: () => this.scheduleEmit(),
      busy: (action, detail = null) => {
        this.busyState = action === null ? null : { action, detail };
        this.scheduleEmit();
      },
      cancelRequested: () => this.cancelFlag,
      login: null, resume: null, targetLogins: null,
    };
  }

  private now(): Date {
    return this.ports.now ? this.ports.now() : new Date();
  }

  /** Commands accepted now (while a command runs: cancel only, where cancel is still possible). */
  allowed(): SessionCommandType[] {
    if (this.running) return this.cancellableNow() ? ['cancel'] : [];
    return commandsAllowedIn(this.data.kind);
  }

  private cancellableNow(): boolean {
    const p = this.data.publish;
    if (this.data.kind === 'publishing' || this.data.kind === 'publish-failed') return !!p && (p.stage === 'signing' || p.stage === 'staging' || p.stageFailed);
    return this.data.kind !== 'done' && this.data.kind !== 'cancelled';
  }

  snapshot(): SessionSnapshot {
    return buildSnapshot(this.data, {
      seq: this.seq, busy: this.busyState, allowed: this.allowed(), lastError: this.lastError,
      present: this.present, done: this.done, now: this.now(),
    });
  }

  /** Calls the listener with every snapshot from now on (and once now); returns unsubscribe. */
  subscribe(listener: SnapshotListener): () => void {
    this.listeners.add(listener);
    listener(this.snapshot());
    return () => this.listeners.delete(listener);
  }

  private emit(): void {
    if (this.pendingEmit) clearTimeout(this.pendingEmit);
    this.pendingEmit = null;
    this.lastEmitAt = performance.now();
    this.seq += 1;
    if (this.listeners.size === 0) return;
    const snap = this.snapshot();
    for (const l of this.listeners) l(snap);
  }

  /** Progress inside a command: coalesced, and at most one per progressSnapshotMs. */
  private scheduleEmit(): void {
    const wait = Math.max(0, this.lastEmitAt + this.options.progressSnapshotMs - performance.now());
    this.pendingEmit ??= setTimeout(() => this.emit(), wait);
  }

  /** Re-reads the tokens present (call on hot-plug events); emits a snapshot. */
  async refreshTokens(): Promise<void> {
    const list = await this.ctx.tokenList.fresh().catch(() => null);
    if (list) syncLogins(this.ctx, list);
    this.setPresent(list ?? []);
    this.emit();
  }

  private setPresent(list: TokenInfo[]): void {
    this.data.present = list.map((t) => t.serial);
    this.present = list.map((t) => tokenView(t, this.data.cluster?.current ?? null, this.ctx.certs));
  }

  async dispatch(input: SessionCommand): Promise<CommandResult> {
    // Checked against the contract's schema whoever sends it: the bridge has checked the
    // renderer's payload already; this holds the command line to the same limits.
    const parsed = parseSessionCommand(input);
    if (!parsed.ok) return this.reject(fail('invalid-command', msg('failure.invalid-command', { reason: parsed.problem ?? parsed.message })).error, false);
    const command = parsed.command;
    if (this.running) {
      if (command.type === 'cancel') return this.requestCancel();
      return this.reject(fail('busy', msg('failure.busy', { command: this.running })).error, false);
    }
    if (!commandsAllowedIn(this.data.kind).includes(command.type)) {
      return this.reject(fail('invalid-command', msg('failure.not-in-step', { command: command.type, step: this.data.kind })).error, true);
    }
    this.running = command.type;
    this.lastError = null;
    this.cancelFlag = false;
    let result: CommandResult = { ok: true };
    try {
      await this.handle(command);
    } catch (err) {
      result = { ok: false, error: toCommandError(err).error };
      this.lastError = result.error;
      // A token may have been pulled (or its PIN state changed): the next command lists again.
      this.ctx.tokenList.invalidate();
    } finally {
      this.running = null;
      this.busyState = null;
    }
    if (this.cancelFlag && this.data.kind !== 'cancelled') await this.finishCancel(msg('cancel.unchanged'));
    this.emit();
    return result;
  }

  private reject(error: SessionError, record: boolean): CommandResult {
    if (record) {
      this.lastError = error;
      this.emit();
    }
    return { ok: false, error };
  }

  private requestCancel(): CommandResult {
    if (!this.cancellableNow()) {
      return this.reject(refuse('cancel-too-late', msg('refusal.commit-started')).error, true);
    }
    this.cancelFlag = true;
    return { ok: true };
  }

  private async handle(command: SessionCommand): Promise<void> {
    const ctx = this.ctx;
    switch (command.type) {
      case 'connect':
        // The tokens step shows the tokens present: list them while the providers answer
        // (choose-mode waits for this list, or takes it when still recent; a failure lists again there).
        ctx.tokenList.fresh().then((list) => prewarmTokens(ctx, list), () => undefined);
        return connect(ctx, command);
      case 'connect-targets':
        ctx.tokenList.fresh().then((list) => prewarmTokens(ctx, list), () => undefined);
        return connectTargets(ctx, command);
      case 'trust-provider': {
        trustProvider(ctx, command.fingerprints);
        // Every certificate is trusted: the command that waited for them runs now, with the
        // password it carried (the administrator does not type it again).
        const waiting = ctx.data.kind !== 'trust' ? ctx.resume : null;
        ctx.resume = null;
        if (waiting) await this.handle(waiting);
        return;
      }
      case 'choose-mode': {
        chooseMode(ctx, command.mode);
        this.setPresent((await ctx.tokenList.recent().catch(() => ({ list: [] }))).list);
        return;
      }
      case 'preview-token':
        this.setPresent(await previewToken(ctx, command.token));
        return;
      case 'add-token': return addToken(ctx, command);
      case 'tokens-done': return tokensDone(ctx);
      case 'add-tftp-server':
      case 'add-firewall': return addServer(ctx, command);
      case 'delete-entries': return deleteEntries(ctx, command.ids);
      case 'restore-entries': return restoreEntries(ctx, command.ids);
      case 'set-hash-algorithm': return setHashAlgorithm(ctx, command.algorithm);
      case 'choose-signer': return chooseSigner(ctx, command.token);
      case 'go-to-review': return enterReview(ctx);
      case 'override-check': return overrideCheck(ctx, command.check, command.confirmation);
      case 'sign':
        await signCtl(ctx, command);
        return this.afterPublish(await publish(ctx));
      case 'retry': return this.afterPublish(await retry(ctx));
      case 'rollback': {
        await rollback(ctx);
        const clean = this.data.publish!.targets.every((t) => t.progress.status === 'ok');
        return this.finish(clean ? 'rolled-back' : 'partial');
      }
      case 'cancel': {
        if (!this.cancellableNow()) throw refuse('cancel-too-late', msg('refusal.targets-hold-new-ctl'));
        return this.finishCancel(msg('cancel.unchanged'));
      }
      case 'back': return goBack(ctx, () => this.closeSessions());
    }
  }

  private async afterPublish(outcome: PublishOutcome): Promise<void> {
    if (outcome === 'done') return this.finish('committed');
    if (outcome === 'cancelled') return this.finishCancel(msg('cancel.staging-aborted'));
    if (outcome === 'stale') throw await backToReview(this.ctx);
    this.data.kind = 'publish-failed';
  }

  private async finish(outcome: SessionReport['outcome']): Promise<void> {
    this.data.kind = 'done';
    // Every target has answered: the graceful goodbye only frees the providers' locks sooner
    // than the connections' close would, so the result does not wait a round trip for it.
    await this.releaseAll(false);
    if (outcome === 'committed' || outcome === 'partial') this.data.phoneCheck = await checkAsPhones(this.ctx);
    this.done = doneView(this.data, this.now(), outcome);
  }

  private async finishCancel(reason: Message): Promise<void> {
    this.data.kind = 'cancelled';
    this.data.cancelReason = reason;
    await this.releaseAll();
  }

  private async closeSessions(): Promise<void> {
    const sessions = new Set([
      this.data.server?.session, ...(this.data.cluster?.nodes.map((n) => n.session) ?? []), ...this.data.extraTargets.map((t) => t.session), ...this.data.deleted.flatMap((d) => (d.target ? [d.target.session] : [])),
      ...(this.data.cluster?.carried.map((c) => c.session) ?? []), ...this.data.reopened,
    ]);
    await Promise.all([...sessions].map((s) => s?.close().catch(() => undefined)));
  }

  /**
   * Logs the tokens out and closes every provider session: nothing outlives the session.
   * With `waitForClose` false the sessions finish closing in the background (dispose waits).
   */
  private async releaseAll(waitForClose = true): Promise<void> {
    this.ctx.login = null;
    this.ctx.resume = null;
    this.ctx.targetLogins = null;
    await Promise.all(this.data.tokens.filter((t) => t.loggedIn).map(async (t) => {
      await this.ports.tokens.release(t.view.serial).catch(() => undefined);
      t.loggedIn = false;
    }));
    const closing = this.closeSessions();
    this.closing = closing;
    if (this.data.server) this.data.server.session = null;
    if (waitForClose) await closing;
  }

  /** The certificate (DER) of an entry, for a certificate viewer; null when stripped or unknown. Snapshots carry no DER. */
  entryCertificate(id: string): Uint8Array | null {
    const der = this.data.entries.find((e) => e.id === id)?.record.certificate;
    return der ? der.slice() : null;
  }

  /** The cluster's current CTL file as read from the first node (a copy), for the inspector; null when there is none. */
  currentCtlBytes(): Uint8Array | null {
    return this.data.cluster?.current?.bytes.slice() ?? null;
  }

  /** The report of the session as it stands (JSON and Markdown). */
  report(): { json: SessionReport; markdown: string } {
    const outcome: SessionReport['outcome'] = this.done?.outcome
      ?? (this.data.kind === 'cancelled' ? 'cancelled'
        : this.data.kind === 'publish-failed' ? (this.data.publish?.stageFailed ? 'failed' : 'partial') : 'refused');
    const refusal = this.lastError?.kind === 'refused' ? this.lastError : null;
    const json = buildReport(this.data, this.now(), outcome, refusal ? { code: refusal.code, guidePages: refusal.guidePages, message: refusal.message } : null);
    return { json, markdown: renderMarkdown(json) };
  }

  /** Ends the session: cancels if still open, logs tokens out, closes sessions. */
  async dispose(): Promise<void> {
    if (this.pendingEmit) clearTimeout(this.pendingEmit);
    this.pendingEmit = null;
    this.listeners.clear();
    await this.closing;
    await this.releaseAll();
  }
}

export function createSession(ports: SessionPorts, options: Partial<EngineOptions> = {}): SessionEngine {
  return new SessionEngine(ports, options);
}
