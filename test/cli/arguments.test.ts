// The command lines as a user types them: --version, --help of every command on stdout, and
// "did you mean" on a mistyped command, subcommand or option (ctl-client and ctl-provider).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closestMatch, editDistance } from '../../electron/cli/suggest';
import { REPO_ROOT, runCli, runProvider } from './run-cli';

const VERSION = (JSON.parse(readFileSync(`${REPO_ROOT}package.json`, 'utf8')) as { version: string }).version;

describe('did-you-mean matching', () => {
  it('counts a swap as one edit and suggests only what is close', () => {
    expect(editDistance('bulid', 'build')).toBe(1);
    expect(editDistance('inspct', 'inspect')).toBe(1);
    expect(closestMatch('chnage-pin', ['change-pin', 'init-demo'])).toBe('change-pin');
    expect(closestMatch('--jsn', ['--json', '--module'])).toBe('--json');
    expect(closestMatch('insp', ['inspect', 'build'])).toBe('inspect');
    expect(closestMatch('frobnicate', ['inspect', 'build', 'tokens', 'cluster', 'run'])).toBeNull();
    expect(closestMatch('x', ['run'])).toBeNull();
  });
});

describe('ctl-client arguments', () => {
  it('--version prints the version and whether the bundle or the sources run', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(r.stdout).toMatch(new RegExp(`^ctl-client ${VERSION.replace(/\./g, '\\.')} \\((bundle in .*dist/cli, built |TypeScript sources through tsx)`));
    }
  });

  it('prints every command\'s help on stdout, with --help, -h or help <command>', async () => {
    const commands = ['inspect', 'build', 'tokens', 'cluster', 'run'];
    const runs = await Promise.all(commands.flatMap((c) => [runCli([c, '--help']), runCli(['help', c]), runCli([c, '-h'])]));
    runs.forEach((r, i) => {
      const command = commands[Math.floor(i / 3)]!;
      expect(r.code, command).toBe(0);
      expect(r.stderr, command).toBe('');
      expect(r.stdout, command).toMatch(new RegExp(`^Usage:\\s+ctl-client ${command}`));
    });
    const subcommand = await runCli(['tokens', 'change-pin', '--help']);
    expect([subcommand.code, subcommand.stderr]).toEqual([0, '']);
    expect(subcommand.stdout).toContain('ctl-client tokens change-pin --token <label>');
  });

  it('suggests the closest command, subcommand or option', async () => {
    const [command, option, global, sub, none] = await Promise.all([
      runCli(['inspct', 'CTLFile.tlv']),
      runCli(['inspect', '--jsn', 'CTLFile.tlv']),
      runCli(['--verison']),
      runCli(['tokens', 'chnage-pin']),
      runCli(['frobnicate']),
    ]);
    expect(command.code).toBe(1);
    expect(command.stderr).toMatch(/^ctl-client: unknown command "inspct" \(did you mean "inspect"\?\)\n/);
    expect(option.code).toBe(1);
    expect(option.stderr).toMatch(/^ctl-client: unknown option "--jsn" \(did you mean "--json"\?\)\nUsage: ctl-client inspect/);
    expect(global.stderr).toMatch(/^ctl-client: unknown option "--verison" \(did you mean "--version"\?\)/);
    expect(sub.code).toBe(1);
    expect(sub.stderr).toMatch(/^ctl-client: unknown tokens subcommand "chnage-pin" \(did you mean "change-pin"\?\)/);
    expect(none.stderr).toMatch(/^ctl-client: unknown command "frobnicate"\n/);
  });
});

describe('ctl-provider arguments', () => {
  it('--help and the help of every command go to stdout, --version says what runs', async () => {
    const [help, serve, demo, hash, helpDemo, version] = await Promise.all([
      runProvider(['--help']), runProvider(['serve', '--help']), runProvider(['demo', '--help']),
      runProvider(['hash-password', '--help']), runProvider(['help', 'demo']), runProvider(['--version']),
    ]);
    for (const r of [help, serve, demo, hash, helpDemo, version]) expect([r.code, r.stderr]).toEqual([0, '']);
    expect(help.stdout).toMatch(/^Usage: ctl-provider <command>[\s\S]*serve[\s\S]*demo[\s\S]*hash-password/);
    expect(serve.stdout).toMatch(/^Usage: ctl-provider serve --config <file>/);
    expect(demo.stdout).toMatch(/^Usage: ctl-provider demo --dir <dir>/);
    expect(helpDemo.stdout).toBe(demo.stdout);
    expect(hash.stdout).toMatch(/^Usage: ctl-provider hash-password/);
    expect(version.stdout).toMatch(new RegExp(`^ctl-provider ${VERSION.replace(/\./g, '\\.')} \\(`));
  });

  it('usage errors exit 2 with a suggestion and the usage on stderr', async () => {
    const [command, option, missing] = await Promise.all([
      runProvider(['serv', '--config', 'x.json']),
      runProvider(['demo', '--dir', 'x', '--nodse', '2']),
      runProvider(['serve']),
    ]);
    expect(command.code).toBe(2);
    expect(command.stdout).toBe('');
    expect(command.stderr).toMatch(/^ctl-provider: unknown command "serv" \(did you mean "serve"\?\)\nUsage: ctl-provider <command>/);
    expect(option.code).toBe(2);
    expect(option.stderr).toMatch(/^ctl-provider: unknown option "--nodse" \(did you mean "--nodes"\?\)\nUsage: ctl-provider demo/);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^ctl-provider: serve needs --config <file>\nUsage: ctl-provider serve/);
  });
});
