// ctl-client dispatcher: the first argv word picks a lazily imported command module, so
// `inspect`, `--help` and `--version` never load PKCS#11, TLS clients or the session engine
// (help texts live in usage.ts). Exit codes go through process.exitCode (a command that leaves
// nothing running ends the process as soon as it returns); expected errors print one line, no
// stack. Help and version go to stdout; errors and usage after an error to stderr.
import { CliError, UsageError, type CliCommand } from './args';
import { versionLine } from './build-info';
import { didYouMean } from './suggest';
import { COMMAND_USAGE, type CommandName } from './usage';
import { exitWhenWritten, printLine, printError } from './print';

interface CommandEntry {
  summary: string;
  load: () => Promise<CliCommand>;
  /**
   * Nothing the command started outlives its run() (no worker thread, socket, timer or token
   * session), so the process may end as soon as it returns (exitWhenWritten).
   */
  doneOnReturn?: true;
}

const commands: Record<CommandName, CommandEntry> = {
  inspect: { summary: 'show a CTL/ITL file and check its signature', load: () => import('./commands/inspect'), doneOnReturn: true },
  build: { summary: 'build and sign a CTL file', load: () => import('./commands/build') },
  tokens: { summary: 'list USB security tokens, change a token PIN, create demo tokens', load: () => import('./commands/tokens') },
  cluster: { summary: 'show a cluster through its CTL Provider (pinned TLS)', load: () => import('./commands/cluster') },
  run: { summary: 'run a whole CTL session (connect, tokens, entries, review, sign, publish)', load: () => import('./commands/run') },
  fetch: { summary: 'download a CTL over TFTP as a phone does, and compare it with a local file', load: () => import('./commands/fetch') },
};
const names = Object.keys(commands) as CommandName[];
const HELP = ['--help', '-h'];
const VERSION = ['--version', '-V'];

function isCommand(name: string | undefined): name is CommandName {
  return name !== undefined && Object.hasOwn(commands, name);
}

function mainUsage(): string {
  const width = Math.max(...names.map((c) => c.length));
  const lines = names.map((name) => `  ${name.padEnd(width)}  ${commands[name].summary}`);
  return [
    'Usage: ctl-client <command> [options]', '', 'Commands:', ...lines, '',
    'Run `ctl-client <command> --help` (or `ctl-client help <command>`) for its options,',
    '`ctl-client --version` for the version.',
  ].join('\n');
}

/** The error line for a first word that is not a command (or a global option). */
function unknownWord(word: string): string {
  if (word.startsWith('-')) return `unknown option "${word}"${didYouMean(word, [...HELP, ...VERSION])}`;
  return `unknown command "${word}"${didYouMean(word, [...names, 'help'])}`;
}

/** Only options before a `--` count: after it they are values. */
function asksForHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => HELP.includes(a));
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    printError('ctl-client: no command given');
    printError(mainUsage());
    return 1;
  }
  if (HELP.includes(name) || (name === 'help' && rest.length === 0)) {
    printLine(mainUsage());
    return 0;
  }
  if (VERSION.includes(name) || name === 'version') {
    printLine(versionLine('ctl-client'));
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0]!;
    if (!isCommand(topic)) {
      printError(`ctl-client: ${unknownWord(topic)}`);
      return 1;
    }
    printLine(COMMAND_USAGE[topic]);
    return 0;
  }
  if (!isCommand(name)) {
    printError(`ctl-client: ${unknownWord(name)}`);
    printError(mainUsage());
    return 1;
  }
  if (asksForHelp(rest)) {
    printLine(COMMAND_USAGE[name]);
    return 0;
  }
  try {
    const command = await commands[name].load();
    const code = await command.run(rest);
    if (commands[name].doneOnReturn) exitWhenWritten(code);
    return code;
  } catch (e) {
    if (e instanceof CliError) {
      printError(`ctl-client: ${e.message}`);
      if (e instanceof UsageError) printError(COMMAND_USAGE[name]);
      return e.exitCode;
    }
    // Unexpected: still one line unless the user asks for the stack.
    printError(`ctl-client: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.CTL_CLIENT_DEBUG && e instanceof Error) printError(e.stack ?? e.message);
    return 1;
  }
}

// No top-level await: the bundle is CommonJS (see scripts/build-cli.mjs).
void main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
