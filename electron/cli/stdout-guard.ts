// Shared by both command lines: ctl-client (electron/cli/main.ts) and ctl-provider
// (provider/cli/main.ts imports it from here). It uses Node's process, so it cannot live under
// shared/ (which stays free of Node APIs); electron/cli is already plain Node (no `electron`).

/**
 * `ctl-client tokens | head`, `ctl-provider hash-password | head`: once the reader has closed,
 * writing to stdout fails with EPIPE (asynchronously, as an 'error' event that would crash the
 * process with a stack trace). The rest of the output has nowhere to go, so it is dropped
 * quietly; the command still finishes with its own exit code (a run in progress is never cut
 * off half way, a server keeps serving). Any other stdout error is still thrown.
 */
export function dropOutputOnceStdoutCloses(): void {
  let closed = false;
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (!closed && err.code !== 'EPIPE') throw err;
    closed = true;
    process.stdout.write = (() => true) as typeof process.stdout.write;
  });
}
