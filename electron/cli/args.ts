// Small argv helpers every ctl-client command can reuse: node:util parseArgs with errors
// turned into UsageError, key=value lists, and the CliError that carries an exit code.
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { didYouMean } from './suggest';

// Each command file of the bundle carries its own copy of these classes (scripts/build-cli.mjs
// builds one whole file per command), so `instanceof` in the dispatcher goes by a brand in the
// global symbol registry, not by class identity.
const CLI_ERROR = Symbol.for('ctl-client.CliError');
const USAGE_ERROR = Symbol.for('ctl-client.UsageError');

const branded = (value: unknown, brand: symbol): boolean => typeof value === 'object' && value !== null && brand in value;

/** An expected failure: printed as one `ctl-client: …` line on stderr, no stack trace. */
export class CliError extends Error {
  override readonly name: string = 'CliError';
  readonly exitCode: number;
  readonly [CLI_ERROR] = true;

  constructor(message: string, exitCode = 1) {
    super(message);
    this.exitCode = exitCode;
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, CLI_ERROR);
  }
}

/** Bad command line: exit code 1, and the command's usage is printed. */
export class UsageError extends CliError {
  override readonly name = 'UsageError';
  readonly [USAGE_ERROR] = true;

  constructor(message: string) {
    super(message, 1);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return branded(value, USAGE_ERROR);
  }
}

/** What electron/cli/main.ts loads for each command. */
export interface CliCommand {
  /** Runs the command; resolves to the process exit code. */
  run(argv: string[]): Promise<number>;
}

type Options = NonNullable<ParseArgsConfig['options']>;

/**
 * parseArgs in strict mode; unknown options and missing values become UsageError. A mistyped
 * option names the closest one: `unknown option "--jsn" (did you mean "--json"?)`.
 */
export function parseCommandArgs<O extends Options>(argv: string[], options: O, allowPositionals = true) {
  try {
    return parseArgs({ args: argv, options, allowPositionals, strict: true });
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const unknown = err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ? /'(-[^']*)'/.exec(err.message)?.[1] : undefined;
    if (unknown !== undefined) {
      const known = Object.entries(options).flatMap(([name, o]) => [`--${name}`, ...(o.short ? [`-${o.short}`] : [])]);
      throw new UsageError(`unknown option "${unknown}"${didYouMean(unknown.split('=')[0]!, [...known, '--help'])}`);
    }
    throw new UsageError(err.message.split('\n')[0] ?? 'invalid arguments');
  }
}

/**
 * Parses `key=value,key=value` (the format of `--entry`). Keys must be in `allowed`;
 * repeated keys are errors. Values cannot contain ',' (documented limitation).
 */
export function parseKeyValueList(text: string, allowed: readonly string[], what: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of text.split(',')) {
    const eq = part.indexOf('=');
    if (eq <= 0) throw new UsageError(`${what}: "${part}" is not key=value`);
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (!allowed.includes(key)) throw new UsageError(`${what}: unknown key "${key}" (allowed: ${allowed.join(', ')})`);
    if (key in out) throw new UsageError(`${what}: "${key}" given twice`);
    out[key] = value;
  }
  return out;
}

/** Parses a non-negative integer option value within [min, max]. */
export function parseIntegerOption(value: string, name: string, min: number, max: number): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--${name} must be a whole number, got "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new UsageError(`--${name} must be between ${min} and ${max}`);
  return n;
}

/** Message of an I/O error without a stack, e.g. "ENOENT". */
export function ioReason(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  return err.code ?? err.message ?? String(e);
}
