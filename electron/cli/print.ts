// Lines to stdout and stderr for both command lines (ctl-client and ctl-provider), the only
// places they write to either.
// - Not console.log: its first call loads Node's colour support to format arguments (about
//   4.5 ms of a 150 ms `ctl-client inspect` here), which plain text lines never need.
// - Not process.stdout either, on Linux and macOS: creating it builds a stream over the pipe or
//   terminal (about 5 ms of every run here). Each line goes to the file descriptor at once, as
//   Node's own stdout does for files, pipes and terminals there, so the order with the other
//   writers of stderr (the PIN prompt, the provider's log) is unchanged.
// - On Windows a console needs the terminal stream's UTF-16 conversion (Japanese text), so the
//   streams are used there.
// Once the reader has gone (`ctl-client tokens | head`), the rest of the output has nowhere to
// go and is dropped quietly; the command still finishes with its own exit code (a run in
// progress is never cut off half way, a server keeps serving). Any other write error is thrown.
import { writeSync } from 'node:fs';

type Fd = 1 | 2;

const gone: Record<Fd, boolean> = { 1: false, 2: false };

/** Blocks for ms milliseconds without spinning. */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function writeToDescriptor(fd: Fd, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let done = 0; done < bytes.length && !gone[fd];) {
    try {
      done += writeSync(fd, bytes, done);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPIPE') gone[fd] = true;
      else if (code === 'EAGAIN') pause(1); // a non-blocking pipe whose reader is behind: wait for it
      else throw error;
    }
  }
}

let streamsGuarded = false;

function writeToStream(fd: Fd, text: string): void {
  const stream = fd === 1 ? process.stdout : process.stderr;
  if (!streamsGuarded) {
    streamsGuarded = true;
    // A closed reader fails the write asynchronously, as an 'error' event that would crash the
    // process with a stack trace.
    for (const [target, each] of [[1, process.stdout], [2, process.stderr]] as const) {
      each.on('error', (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EPIPE') throw error;
        gone[target] = true;
      });
    }
  }
  if (!gone[fd]) stream.write(text);
}

const write = process.platform === 'win32' ? writeToStream : writeToDescriptor;

export function printLine(text: string): void {
  write(1, `${text}\n`);
}

export function printError(text: string): void {
  write(2, `${text}\n`);
}

/**
 * Ends the process with code now that every line is out, skipping Node's orderly teardown (about
 * 2 ms of each `inspect` here). Only where lines go to the descriptor synchronously: on Windows a
 * stream may still hold lines, so the code is set and the process ends when they are written.
 */
export function exitWhenWritten(code: number): void {
  if (write === writeToDescriptor) process.exit(code);
  process.exitCode = code;
}
