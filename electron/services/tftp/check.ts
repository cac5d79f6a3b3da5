// The phone's-eye check after a publish: download the file over TFTP from every TFTP
// server of the run, as a phone would, and compare it byte for byte with what was
// published. A server that cannot be reached is a warning for the report (the publish
// itself succeeded or failed on its own targets); a server that serves other bytes, or
// refuses the file, is a finding: phones fetching from it do not get the new CTL.
import { createHash } from 'node:crypto';
import { tftpRead, type TftpReadOptions } from './client';
import { TftpError, type TftpErrorCode } from './errors';
import { TFTP_PORT } from './constants';

export interface TftpServer {
  host: string;
  port: number;
}

export type TftpCheckOutcome =
  /** The server serves exactly the published bytes. */
  | 'matches'
  /** The server serves other bytes (an old CTL, a cached copy, another root). */
  | 'differs'
  /** No answer (timeout, name not resolved, local network error): a warning. */
  | 'unreachable'
  /** The server answered with an error (file not found, access violation, …). */
  | 'refused';

export interface TftpCheckResult {
  /** `host:port` (IPv6 in brackets). */
  server: string;
  outcome: TftpCheckOutcome;
  /** Size and SHA-256 of what the server sent (matches, differs). */
  bytes?: number;
  sha256?: string;
  /** Offset of the first differing byte, or where the shorter file ends (differs). */
  firstDifference?: number;
  /** TFTP error of unreachable / refused. */
  error?: { code: TftpErrorCode; message: string };
}

const UNREACHABLE: ReadonlySet<TftpErrorCode> = new Set(['timeout', 'host-unresolvable', 'network']);

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `host:port`, with an IPv6 host in brackets. */
export function serverName(server: TftpServer): string {
  return `${server.host.includes(':') ? `[${server.host}]` : server.host}:${server.port}`;
}

/** Offset of the first differing byte (or where the shorter one ends); null when identical. */
export function firstDifference(a: Uint8Array, b: Uint8Array): number | null {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i === a.length && i === b.length ? null : i;
}

export type TftpCheckOptions = Pick<TftpReadOptions, 'file' | 'blockSize' | 'timeoutMs' | 'retries'>;

/** Reads the file from one server and compares it with `published`. Never throws a TftpError. */
export async function checkServer(server: TftpServer, published: Uint8Array, options: TftpCheckOptions = {}): Promise<TftpCheckResult> {
  const name = serverName(server);
  try {
    // A file larger than the published one by more than a block cannot match: stop early.
    const result = await tftpRead({ ...options, host: server.host, port: server.port || TFTP_PORT, maxBytes: Math.max(published.length, 1) * 2 + 65536 });
    const diff = firstDifference(result.bytes, published);
    return {
      server: name, outcome: diff === null ? 'matches' : 'differs', bytes: result.bytes.length, sha256: sha256(result.bytes),
      ...(diff === null ? {} : { firstDifference: diff }),
    };
  } catch (e) {
    if (!(e instanceof TftpError)) throw e;
    if (e.code === 'too-large') return { server: name, outcome: 'differs', error: { code: e.code, message: e.reason } };
    return { server: name, outcome: UNREACHABLE.has(e.code) ? 'unreachable' : 'refused', error: { code: e.code, message: e.reason } };
  }
}

/** Checks every server at once (each transfer has its own socket); results in the order given. */
export function checkOverTftp(servers: readonly TftpServer[], published: Uint8Array, options: TftpCheckOptions = {}): Promise<TftpCheckResult[]> {
  return Promise.all(servers.map((s) => checkServer(s, published, options)));
}
