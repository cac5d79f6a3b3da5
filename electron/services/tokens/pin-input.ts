// PIN input for command-line use: from a file (first line), from the terminal without echo,
// or one line from piped stdin. PINs stay in memory only: never echoed, logged or written.
import { BoundedReadError, readFileBounded, SECRET_FILE_LIMIT } from '../fs/read-bounded';
import { createInterface, type Interface } from 'node:readline';

export class PinInputError extends Error {
  override readonly name = 'PinInputError';
  /** 'file': the PIN file could not be used (an I/O problem); 'entry': typing or stdin. */
  readonly source: 'file' | 'entry';

  constructor(message: string, source: 'file' | 'entry' = 'entry') {
    super(message);
    this.source = source;
  }
}

/** The PIN in a file: its first line without the line ending; the file must hold one line. */
export async function readPinFile(path: string): Promise<string> {
  let text: string;
  try {
    // Bounded: a PIN file that is a device or a FIFO must not hang the command.
    text = new TextDecoder('utf-8').decode(await readFileBounded(path, SECRET_FILE_LIMIT));
  } catch (error) {
    if (error instanceof BoundedReadError) throw new PinInputError(`Cannot read the PIN file ${path}: ${error.reason}`, 'file');
    throw error;
  }
  const lines = text.replace(/\r?\n$/, '').split(/\r?\n/);
  if (lines.length !== 1 || lines[0] === '') throw new PinInputError(`The PIN file ${path} must contain exactly one non-empty line.`, 'file');
  return lines[0]!;
}

let piped: { rl: Interface; lines: string[]; waiting: Array<(line: string | null) => void>; ended: boolean } | null = null;

/** Lines of non-terminal stdin, shared by consecutive prompts (old PIN, new PIN, confirmation). */
function pipedLine(): Promise<string | null> {
  if (!piped) {
    const state = { rl: createInterface({ input: process.stdin, terminal: false }), lines: [] as string[], waiting: [] as Array<(line: string | null) => void>, ended: false };
    state.rl.on('line', (line) => {
      const next = state.waiting.shift();
      if (next) next(line);
      else state.lines.push(line);
    });
    state.rl.on('close', () => {
      state.ended = true;
      for (const next of state.waiting.splice(0)) next(null);
    });
    piped = state;
  }
  const state = piped;
  const buffered = state.lines.shift();
  if (buffered !== undefined) return Promise.resolve(buffered);
  if (state.ended) return Promise.resolve(null);
  return new Promise((resolve) => state.waiting.push(resolve));
}

/** Stops reading piped stdin so the process can exit. */
export function closePinInput(): void {
  piped?.rl.close();
  piped = null;
}

function ttyLine(prompt: string): Promise<string> {
  const input = process.stdin;
  // Echo off before the prompt shows: a PIN typed (or pasted) right away is never echoed.
  input.setRawMode(true);
  process.stderr.write(prompt);
  return new Promise((resolve, reject) => {
    let value = '';
    const finish = (error: Error | null) => {
      input.setRawMode(false);
      input.pause();
      input.off('data', onData);
      process.stderr.write('\n');
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk: Buffer) => {
      for (const char of chunk.toString('utf8')) {
        if (char === '\r' || char === '\n') return finish(null);
        if (char === '\u0003') return finish(new PinInputError('PIN entry cancelled.'));
        if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
        else if (char >= ' ') value += char;
      }
    };
    input.resume();
    input.on('data', onData);
  });
}

/** Asks for a PIN: on a terminal without echo, else one line of stdin. */
export async function promptPin(prompt: string): Promise<string> {
  if (process.stdin.isTTY) return ttyLine(prompt);
  const line = await pipedLine();
  if (line === null) throw new PinInputError(`${prompt.trim().replace(/:$/, '')}: no PIN given (stdin ended). Use a PIN file or a terminal.`);
  return line;
}

/** A yes/no question on the terminal (echoed); false when stdin is not a terminal. */
export async function confirmOnTerminal(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) return false;
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(question, resolve));
    return /^(y|yes)$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
