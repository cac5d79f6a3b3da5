// ctl-provider: the reference CTL Provider.
//   ctl-provider serve --config <file>
//   ctl-provider demo --dir <dir> [--nodes N] [--base-port P] [--alt-tftp M] [--firewalls K] [--latency-ms MS]
//   ctl-provider hash-password            (reads the password from stdin, prints an scrypt hash)
import { parseArgs } from 'node:util';
import { loadProviderConfig, ConfigError } from '../config/schema';
import { startProviderServer } from '../server/server';
import { startDemoCluster, MAX_DEMO_NODES } from '../demo/cluster';
import { hashPassword } from '../server/passwords';
// The EPIPE guard is shared with ctl-client; it needs Node's process, so not under shared/.
import { dropOutputOnceStdoutCloses } from '../../electron/cli/stdout-guard';

const USAGE = `usage:
  ctl-provider serve --config <file>
  ctl-provider demo --dir <dir> [--nodes <N>] [--base-port <port>] [--alt-tftp <M>] [--firewalls <K>] [--latency-ms <ms>]
  ctl-provider hash-password < password.txt`;

function intOption(value: string | undefined, name: string, fallback: number, min: number, max: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`--${name} must be an integer from ${min} to ${max}`);
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
  const { values } = parseArgs({ args, options: { config: { type: 'string' } }, strict: true });
  if (!values.config) throw new ConfigError('serve needs --config <file>');
  const config = await loadProviderConfig(values.config);
  const running = await startProviderServer(config);
  console.log(JSON.stringify({ listening: true, name: config.name, kind: config.kind, host: running.host, port: running.port, fingerprint: running.fingerprint }));
  onSignals(running.stop);
}

async function demo(args: string[]): Promise<void> {
  const { values } = parseArgs({ args, strict: true, options: {
    dir: { type: 'string' }, nodes: { type: 'string' }, 'base-port': { type: 'string' }, 'alt-tftp': { type: 'string' },
    firewalls: { type: 'string' }, 'latency-ms': { type: 'string' },
  } });
  if (!values.dir) throw new ConfigError('demo needs --dir <dir>');
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
  console.log(JSON.stringify({
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

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'serve') return serve(rest);
  if (command === 'demo') return demo(rest);
  if (command === 'hash-password') {
    const password = await readStdin();
    if (!password) throw new ConfigError('hash-password reads a non-empty password from stdin');
    console.log(await hashPassword(password));
    return;
  }
  console.error(USAGE);
  process.exitCode = command === undefined || command === '--help' || command === 'help' ? 0 : 2;
}

dropOutputOnceStdoutCloses();
main(process.argv.slice(2)).catch((err: unknown) => {
  console.error(`ctl-provider: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(err instanceof ConfigError ? 2 : 1);
});
