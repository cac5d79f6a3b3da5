// Lines to stdout and stderr for both command lines (ctl-client and ctl-provider). Not
// console.log: its first call loads Node's colour support to format arguments (about 4.5 ms of
// a 150 ms `ctl-client inspect` here), which plain text lines never need.

export function printLine(text: string): void {
  process.stdout.write(`${text}\n`);
}

export function printError(text: string): void {
  process.stderr.write(`${text}\n`);
}
