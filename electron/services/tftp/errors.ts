// Typed errors of the TFTP client: `code` for programs, `message` for the administrator
// (it names the server and the file).

export type TftpErrorCode =
  | 'host-unresolvable'
  | 'timeout' // no (more) answers: nothing listens, a firewall drops UDP, or the server gave up
  | 'file-not-found'
  | 'access-violation' // the server refuses the file (tftpd-hpa: not world-readable, outside its root)
  | 'option-refused' // the server refused the options, also when asked again without them
  | 'server-error' // any other TFTP ERROR packet (details.tftpCode, details.serverMessage)
  | 'too-large' // the file is larger than the caller's limit (the transfer was stopped)
  | 'protocol' // a malformed or impossible packet from the server
  | 'network'; // the local socket failed

export interface TftpErrorDetails {
  server: string;
  file: string;
  /** TFTP error code of an ERROR packet. */
  tftpCode?: number;
  serverMessage?: string;
  /** Bytes received before the failure. */
  received?: number;
}

export class TftpError extends Error {
  override readonly name = 'TftpError';

  /** The message names the server and the file, then says `reason`. */
  constructor(readonly code: TftpErrorCode, readonly reason: string, readonly details: TftpErrorDetails) {
    super(`TFTP ${details.server}, ${details.file}: ${reason}`);
  }
}
