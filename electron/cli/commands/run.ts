// ctl-client run: the whole CTL session without a window — the same engine as the wizard,
// driven from the command line (electron/session/headless.ts).
import { createInterface } from 'node:readline';
import { HASH_ALGORITHMS, type HashAlgorithm } from '../../../shared/ctl/model';
import type { CheckId, SessionMode, SessionSnapshot, TargetProgress } from '../../../shared/session/types';
import { CHECK_IDS } from '../../../shared/session/results';
import { SESSION_MODES } from '../../../shared/session/command-states';
import { canonicalFingerprint } from '../../../shared/session/fingerprint';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import { TokenService } from '../../services/tokens';
import { PROVIDER_PROOF_BATCH, ProviderClientPort } from '../../session/adapters/provider';
import { FileTargetPort } from '../../session/adapters/file-targets';
import { TftpCheckPort } from '../../session/adapters/tftp';
import { phoneCheckOption, STANDALONE_OPTIONS, standaloneOptions } from '../standalone-options';
import { TokenServicePort } from '../../session/adapters/tokens';
import { TrustList } from '../../session/adapters/trust';
import { createSession } from '../../session/engine';
import { EXIT, runPlan, type RunCluster, type RunPlan } from '../../session/headless';
import { progressLines, resultText, reviewText } from '../../session/text';
import { CliError, UsageError, parseCommandArgs, parseIntegerOption } from '../args';
import { readSecretFile } from '../secret-file';
import { isLoopbackHost } from '../../session/rules';
import { parseServer } from './cluster';
import { TRUST_STORE_OPTIONS, trustStoreOption } from '../trust-store-option';
import { printLine, printError } from '../print';



/** `host` or `host:port` of --add-firewall; the port only when given (the engine refuses any but the fixed one). */
export function parseFirewall(text: string): { host: string; port?: number } {
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--add-firewall "${text}" is not host or host:port`);
  const host = m[1]!.replace(/^\[|\]$/g, '');
  if (m[2] === undefined) return { host };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--add-firewall port ${port} is out of range`);
  return { host, port };
}

/** --firewall-port / --tftp-port: demo clusters on loopback only (real ones always use 2444). */
function demoPort(value: string | undefined, name: string, serverHost: string): number | undefined {
  if (value === undefined) return undefined;
  const port = parseIntegerOption(value, name, 1, 65535);
  if (!isLoopbackHost(serverHost)) {
    throw new UsageError(`--${name} is for demo clusters on this computer (127.0.0.0/8, ::1, localhost) only; ${serverHost} uses port 2444`);
  }
  return port;
}

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], name: string): T | undefined {
  if (value === undefined) return undefined;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(`--${name} must be one of ${allowed.join(', ')}`);
  return value as T;
}

/** Reads one answer line from stdin (terminal or pipe); end of input counts as "no". */
async function ask(question: string): Promise<boolean> {
  process.stderr.write(question);
  const rl = createInterface({ input: process.stdin, terminal: false });
  const answer = await new Promise<string>((resolve) => {
    rl.once('line', (line) => resolve(line));
    rl.once('close', () => resolve(''));
  });
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    server: { type: 'string' }, user: { type: 'string' }, 'password-file': { type: 'string' }, mode: { type: 'string' },
    token: { type: 'string', multiple: true }, 'sign-with': { type: 'string' }, 'pin-file': { type: 'string' },
    pin: { type: 'string', multiple: true }, 'add-tftp': { type: 'string', multiple: true }, 'add-firewall': { type: 'string', multiple: true },
    remove: { type: 'string', multiple: true }, hash: { type: 'string' }, trust: { type: 'string', multiple: true },
    'trust-on-first-use': { type: 'boolean', default: false }, ...TRUST_STORE_OPTIONS, report: { type: 'string' },
    yes: { type: 'boolean', default: false }, json: { type: 'boolean', default: false }, override: { type: 'string', multiple: true },
    'on-commit-failure': { type: 'string' }, 'confirm-final-try': { type: 'boolean', default: false }, module: { type: 'string' },
    concurrency: { type: 'string' }, 'firewall-port': { type: 'string' }, 'tftp-port': { type: 'string' },
    'request-timeout': { type: 'string' }, ...STANDALONE_OPTIONS,
  }, false);
  const standalone = await standaloneOptions(values);
  if (standalone) {
    for (const name of ['server', 'user', 'password-file', 'add-tftp', 'add-firewall', 'firewall-port', 'tftp-port'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} is for a cluster with a CTL Provider; with --target, every TFTP server is a --target`);
    }
    if (!values.mode) throw new UsageError('--mode is required');
  } else if (!values.server || !values.user || !values['password-file'] || !values.mode) {
    throw new UsageError('--server, --user, --password-file and --mode are required (or --target for TFTP servers without a CTL Provider)');
  }
  const phoneCheck = phoneCheckOption(values);
  const mode = oneOf<SessionMode>(values.mode, SESSION_MODES, 'mode')!;
  const tokens = values.token ?? [];
  if (tokens.length === 0) throw new UsageError('give at least one --token <label>');
  if (values['pin-file'] && values.pin?.length) throw new UsageError('use --pin-file or --pin <label>=<file>, not both');
  if (values.trust?.length && values['trust-on-first-use']) throw new UsageError('use --trust or --trust-on-first-use, not both');
  const trusted = (values.trust ?? []).map((t) => {
    const f = canonicalFingerprint(t);
    if (!f) throw new UsageError(`--trust "${t}" is not a SHA-256 fingerprint (64 hex digits, colons allowed; SHA256:… for an SSH host key)`);
    return f;
  });
  const hash = oneOf<HashAlgorithm>(values.hash, HASH_ALGORITHMS, 'hash');
  const onCommitFailure = oneOf(values['on-commit-failure'], ['rollback', 'leave'] as const, 'on-commit-failure') ?? 'rollback';
  const overrides = (values.override ?? []).map((o) => oneOf<CheckId>(o, CHECK_IDS, 'override')!);
  const concurrency = values.concurrency ? parseIntegerOption(values.concurrency, 'concurrency', 1, 64) : undefined;
  const requestMs = values['request-timeout'] ? parseIntegerOption(values['request-timeout'], 'request-timeout', 500, 600_000) : undefined;
  const timeouts = requestMs ? { requestMs, connectMs: Math.min(requestMs, 10_000) } : undefined;
  const server = standalone ? null : parseServer(values.server!);
  const firewallPort = server ? demoPort(values['firewall-port'], 'firewall-port', server.host) : undefined;
  const alternateTftpPort = server ? demoPort(values['tftp-port'], 'tftp-port', server.host) : undefined;
  const addTftp = (values['add-tftp'] ?? []).map((t) => parseServer(t));
  const addFirewall = (values['add-firewall'] ?? []).map(parseFirewall);

  const cluster: RunCluster = server
    ? { kind: 'provider', server, username: values.user!, password: await readSecretFile(values['password-file']!, 'password') }
    : { kind: 'standalone', targets: standalone!.targets, entries: standalone!.entries };
  const pins = new Map<string, string>();
  for (const spec of values.pin ?? []) {
    const eq = spec.indexOf('=');
    if (eq <= 0) throw new UsageError(`--pin "${spec}" is not <label>=<file>`);
    pins.set(spec.slice(0, eq), await readSecretFile(spec.slice(eq + 1), 'PIN'));
  }
  const sharedPin = values['pin-file'] ? await readSecretFile(values['pin-file'], 'PIN') : null;

  // Before the tokens: a damaged trust store stops the run while nothing is open yet.
  const trustStore = await trustStoreOption(values);
  let service: TokenService;
  try {
    service = await TokenService.start({ modulePath: values.module });
  } catch (e) {
    throw new CliError(`cannot use the tokens: ${(e as Error).message}`, EXIT.failed);
  }
  const trust = new TrustList(trusted, values['trust-on-first-use']);
  const engine = createSession(
    {
      tokens: new TokenServicePort(service), providers: new ProviderClientPort({ trustStore, reaccept: (f) => trust.isExplicit(f), ...(timeouts ? { timeouts } : {}) }), trust,
      targets: new FileTargetPort(trustStore, PROVIDER_PROOF_BATCH), tftp: new TftpCheckPort(),
    },
    { phoneCheck, ...(concurrency ? { concurrency } : {}), ...(firewallPort ? { firewallPort } : {}), ...(alternateTftpPort ? { alternateTftpPort } : {}) },
  );
  const say = (line: string) => { if (!values.json) printError(line); };
  let progress: TargetProgress[] = [];
  engine.subscribe((s: SessionSnapshot) => {
    const now = s.publish?.targets ?? [];
    for (const line of progressLines(progress, now)) say(line);
    progress = now;
  });
  let interrupted = false;
  const onSignal = () => {
    interrupted = true;
    say('cancelling…');
    void engine.dispatch({ type: 'cancel' });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  const plan: RunPlan = {
    cluster, mode, tokens,
    ...(values['sign-with'] ? { signWith: values['sign-with'] } : {}),
    pinFor: (label) => pins.get(label) ?? sharedPin,
    addTftp, addFirewall, remove: values.remove ?? [],
    ...(hash ? { hash } : {}),
    overrides, confirmFinalTry: values['confirm-final-try'], onCommitFailure,
    confirm: async (review) => {
      if (!values.json || !values.yes) printError(reviewText(review));
      if (values.yes) return !interrupted;
      return ask('\nSign this CTL and publish it to every target? [y/N] ');
    },
    step: (name) => say(`- ${name}`),
  };
  try {
    const outcome = await runPlan(engine, plan);
    const exitCode = interrupted && outcome.exitCode !== EXIT.ok && engine.snapshot().kind === 'cancelled' ? EXIT.cancelled : outcome.exitCode;
    const final = engine.snapshot();
    const report = engine.report();
    if (values.report) {
      const text = /\.md$/i.test(values.report) ? report.markdown : `${JSON.stringify(report.json, null, 2)}\n`;
      await writeFileAtomic(values.report, text, { mode: 0o600 });
    }
    if (values.json) printLine(JSON.stringify({ exitCode, message: outcome.message, snapshot: final, report: report.json }, null, 2));
    else {
      const result = resultText(final);
      if (result) printLine(result);
      if (outcome.message) printError(`ctl-client: ${outcome.message}`);
    }
    return exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await engine.dispose();
    await service.close().catch(() => undefined);
  }
}
