// ctl-client dispatcher: the first argv word picks a lazily imported command module.
// Exit codes go through process.exitCode; expected errors print one line, no stack.
import { CliError, UsageError, type CliCommand } from './args';
import { dropOutputOnceStdoutCloses } from './stdout-guard';

interface CommandEntry {
  summary: string;
  load: () => Promise<CliCommand>;
}

// One line per command; other commands (tokens, cluster, run) are added here.
const commands: Record<string, CommandEntry> = {
  inspect: { summary: 'show a CTL/ITL file and check its signature', load: () => import('./commands/inspect') },
  build: { summary: 'build and sign a CTL file', load: () => import('./commands/build') },
  tokens: { summary: 'list USB security tokens, change a token PIN, create demo tokens', load: () => import('./commands/tokens') },
  cluster: { summary: 'show a cluster through its CTL Provider (pinned TLS)', load: () => import('./commands/cluster') },
  run: { summary: 'run a whole CTL session (connect, tokens, entries, review, sign, publish)', load: () => import('./commands/run') },
  fetch: { summary: 'download a CTL over TFTP as a phone does, and compare it with a local file', load: () => import('./commands/fetch') },
};

function mainUsage(): string {
  const width = Math.max(...Object.keys(commands).map((c) => c.length));
  const lines = Object.entries(commands).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`);
  return ['Usage: ctl-client <command> [options]', '', 'Commands:', ...lines, '', 'Run `ctl-client <command> --help` for its options.'].join('\n');
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(mainUsage());
    return 0;
  }
  const entry = name === undefined ? undefined : commands[name];
  if (!entry) {
    console.error(name === undefined ? 'ctl-client: no command given' : `ctl-client: unknown command "${name}"`);
    console.error(mainUsage());
    return 1;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    console.log(command.usage);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof CliError) {
      console.error(`ctl-client: ${e.message}`);
      if (e instanceof UsageError) console.error(command.usage);
      return e.exitCode;
    }
    // Unexpected: still one line unless the user asks for the stack.
    console.error(`ctl-client: unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    if (process.env.CTL_CLIENT_DEBUG && e instanceof Error) console.error(e.stack);
    return 1;
  }
}

dropOutputOnceStdoutCloses();
process.exitCode = await main(process.argv.slice(2));
