// ctl-provider: the reference CTL Provider. Commands load their modules lazily (./commands), so
// `--help` and `--version` start fast (also in the one-file bundle, dist/provider/ctl-provider.cjs).
// Help and version go to stdout; usage errors to stderr with exit code 2.
// Argument helpers, the EPIPE guard, the version line and the did-you-mean matcher are shared
// with ctl-client; they need Node's process, so they do not live under shared/.
import { parseCommandArgs, UsageError } from '../../electron/cli/args';
import { versionLine } from '../../electron/cli/build-info';
import { didYouMean } from '../../electron/cli/suggest';
import { printLine, printError } from '../../electron/cli/print';

const COMMANDS = {
  serve: {
    summary: 'run the CTL Provider of one server (cluster node, TFTP server or firewall)',
    usage: `Usage: ctl-provider serve --config <file>

Runs the CTL Provider described by the JSON configuration file (TLS identity, cluster, TFTP
root, state directory, users). Prints one JSON line when listening (name, host, port, and the
certificate fingerprint administrators compare); stops cleanly on SIGTERM or Ctrl-C.
Exit codes: 0 stopped cleanly, 2 usage or configuration error, 1 other error.`,
  },
  demo: {
    summary: 'start a demo cluster on this computer (loopback) to try the client',
    usage: `Usage: ctl-provider demo --dir <dir> [--nodes <N>] [--base-port <port>] [--alt-tftp <M>]
                         [--firewalls <K>] [--latency-ms <ms>]

Starts a demo cluster on 127.0.0.1: N nodes (default 3), M alternate TFTP servers of another
cluster (default 0) and K ASA-like firewalls (default 0), each a CTL Provider with its own
certificate, TFTP root and state under <dir>. Ports from --base-port (default 2444; 0 picks
free ports). --latency-ms delays every reply (default 0). Prints one JSON line with the
administrator login and every server; stops on SIGTERM or Ctrl-C.`,
  },
  'hash-password': {
    summary: 'read a password on stdin and print its scrypt hash for the configuration',
    usage: `Usage: ctl-provider hash-password < password.txt

Reads one password from stdin (a trailing newline is dropped) and prints the
scrypt$N$r$p$salt$hash line for a user's "passwordHash" in the configuration.`,
  },
} as const;
type CommandName = keyof typeof COMMANDS;
const names = Object.keys(COMMANDS) as CommandName[];
const HELP = ['--help', '-h'];
const VERSION = ['--version', '-V'];

function mainUsage(): string {
  const width = Math.max(...names.map((n) => n.length));
  return [
    'Usage: ctl-provider <command> [options]', '', 'Commands:',
    ...names.map((n) => `  ${n.padEnd(width)}  ${COMMANDS[n].summary}`), '',
    'Run `ctl-provider <command> --help` for its options, `ctl-provider --version` for the version.',
  ].join('\n');
}

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max}`);
  return n;
}

/** Stops cleanly on Ctrl-C or SIGTERM, then exits. */
function onSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = () => {
    if (stopping) return;
    stopping = true;
    void stop().finally(() => process.exit(0));
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}

async function serve(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, { config: { type: 'string' } }, false);
  if (!values.config) throw new UsageError('serve needs --config <file>');
  const { loadProviderConfig, startProviderServer } = await import('./commands');
  const config = await loadProviderConfig(values.config);
  const running = await startProviderServer(config);
  printLine(JSON.stringify({ listening: true, name: config.name, kind: config.kind, host: running.host, port: running.port, fingerprint: running.fingerprint }));
  onSignals(running.stop);
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseCommandArgs(args, {
    dir: { type: 'string' }, nodes: { type: 'string' }, 'base-port': { type: 'string' }, 'alt-tftp': { type: 'string' },
    firewalls: { type: 'string' }, 'latency-ms': { type: 'string' },
  }, false);
  if (!values.dir) throw new UsageError('demo needs --dir <dir>');
  const { startDemoCluster, MAX_DEMO_NODES } = await import('./commands');
  const cluster = await startDemoCluster({
    dir: values.dir,
    nodes: intOption(values.nodes, 'nodes', 3, 1, MAX_DEMO_NODES),
    basePort: intOption(values['base-port'], 'base-port', 2444, 0, 65535),
    altTftp: intOption(values['alt-tftp'], 'alt-tftp', 0, 0, 16),
    firewalls: intOption(values.firewalls, 'firewalls', 0, 0, 16),
    latencyMs: intOption(values['latency-ms'], 'latency-ms', 0, 0, 60_000),
  });
  const view = (s: (typeof cluster.nodes)[number]) => ({
    name: s.name, host: s.host, port: s.port, roles: s.roles, firstNode: s.firstNode, clusterId: s.clusterId, tftpRoot: s.tftpRoot, fingerprint: s.fingerprint,
  });
  printLine(JSON.stringify({
    ready: true, admin: cluster.admin, clusterId: cluster.clusterId,
    nodes: cluster.nodes.map(view), altTftp: cluster.altTftp.map(view), firewalls: cluster.firewalls.map(view),
  }));
  onSignals(cluster.stop);
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8').replace(/\r?\n$/, '');
}

async function hashPasswordCommand(args: string[]): Promise<void> {
  parseCommandArgs(args, {}, false);
  const password = await readStdin();
  if (!password) throw new UsageError('hash-password reads a non-empty password from stdin');
  const { hashPassword } = await import('./commands');
  printLine(await hashPassword(password));
}

const RUN: Record<CommandName, (args: string[]) => Promise<void>> = { serve, demo, 'hash-password': hashPasswordCommand };

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined || HELP.includes(command) || (command === 'help' && rest.length === 0)) {
    // No command at all still shows the commands, but as the usage error it is.
    (command === undefined ? printError : printLine)(mainUsage());
    return command === undefined ? 2 : 0;
  }
  if (VERSION.includes(command) || command === 'version') {
    printLine(versionLine('ctl-provider'));
    return 0;
  }
  const topic = command === 'help' ? rest[0]! : command;
  if (!Object.hasOwn(COMMANDS, topic)) {
    const what = topic.startsWith('-') ? `unknown option "${topic}"${didYouMean(topic, [...HELP, ...VERSION])}`
      : `unknown command "${topic}"${didYouMean(topic, [...names, 'help'])}`;
    printError(`ctl-provider: ${what}`);
    printError(mainUsage());
    return 2;
  }
  const name = topic as CommandName;
  const end = rest.indexOf('--');
  if (command === 'help' || (end === -1 ? rest : rest.slice(0, end)).some((a) => HELP.includes(a))) {
    printLine(COMMANDS[name].usage);
    return 0;
  }
  try {
    await RUN[name](rest);
    return 0;
  } catch (err) {
    if (err instanceof UsageError) {
      printError(`ctl-provider: ${err.message}`);
      printError(COMMANDS[name].usage);
      return 2;
    }
    throw err;
  }
}

main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    printError(`ctl-provider: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(err instanceof Error && err.name === 'ConfigError' ? 2 : 1);
  },
);
