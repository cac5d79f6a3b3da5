// The one size limit for a CTL/ITL (or certificate) file a user names: the app's inspector
// (dialog, drop, a .tlv the OS opens) and the command line's input files
// (electron/services/fs/read-bounded.ts re-exports it as INPUT_FILE_LIMIT). Real files are a
// few kilobytes; the cap bounds memory. In shared/ so the renderer and the IPC schema use it too.
export const INPUT_FILE_LIMIT = 4 * 1024 * 1024;

/** The limit as people read it ("4 MiB"), for messages. */
export const INPUT_FILE_LIMIT_TEXT = `${INPUT_FILE_LIMIT / (1024 * 1024)} MiB`;
