// Typed errors of the provider client. `message` is written for the administrator;
// `code` is for programs (the session engine, the UI's translations).
import type { LockHolder, WireErrorCode, WireProblem } from '../../../shared/provider-protocol';

export type ProviderErrorCode =
  | 'host-unresolvable' | 'connection-refused' | 'timeout' | 'tls-failure' | 'certificate-changed'
  | 'untrusted-first-contact' | 'bad-login' | 'throttled' | 'busy' | 'protocol-error' | 'rejected'
  | 'not-authenticated' | 'not-lock-holder' | 'proof-required' | 'proof-failed' | 'not-found'
  | 'fault-injected' | 'server-error' | 'connection-closed' | 'stale' | 'storage-failed';

export interface ProviderErrorDetails {
  host?: string;
  port?: number;
  /** Pinned fingerprint (certificate-changed). */
  expected?: string;
  /** Fingerprint the server presented (certificate-changed, untrusted-first-contact). */
  actual?: string;
  holder?: LockHolder;
  retryAfterMs?: number;
  /** The provider's own code, when the error came from an `error` reply. */
  wireCode?: WireErrorCode;
  reason?: string;
  /** `stale`: the SHA-256 of the CTL the target holds now (null: none). */
  currentSha256?: string | null;
  /** The refusal as data, from an `error` reply (worded by the session, see provider-problem.ts). */
  problem?: WireProblem;
}

export class ProviderError extends Error {
  constructor(readonly code: ProviderErrorCode, message: string, readonly details: ProviderErrorDetails = {}) {
    super(message);
    this.name = 'ProviderError';
  }
}

const wireToCode: Record<WireErrorCode, ProviderErrorCode> = {
  'bad-request': 'protocol-error', 'unsupported-version': 'protocol-error', 'too-large': 'protocol-error',
  'not-authenticated': 'not-authenticated', 'bad-login': 'bad-login', throttled: 'throttled', busy: 'busy',
  'not-lock-holder': 'not-lock-holder', 'proof-required': 'proof-required', 'proof-failed': 'proof-failed',
  rejected: 'rejected', 'not-found': 'not-found', 'fault-injected': 'fault-injected', internal: 'server-error', stale: 'stale',
  'storage-failed': 'storage-failed',
};

export function fromWireError(
  where: string, code: WireErrorCode, message: string,
  details: Pick<ProviderErrorDetails, 'holder' | 'retryAfterMs' | 'reason' | 'currentSha256' | 'problem'> = {},
): ProviderError {
  return new ProviderError(wireToCode[code], `${where}: ${message}`, { ...details, wireCode: code });
}

/** Maps a socket error from connecting to a typed error with an actionable message. */
export function fromSocketError(host: string, port: number, err: NodeJS.ErrnoException, secure: boolean): ProviderError {
  const where = `${host}:${port}`;
  switch (err.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_FAIL':
      return new ProviderError('host-unresolvable',
        `cannot resolve host name "${host}": add it to DNS or to this computer's hosts file (every node's name must resolve here)`,
        { host, port });
    case 'ECONNREFUSED':
      return new ProviderError('connection-refused',
        `${where} refused the connection: is the CTL Provider running there and is the port open (default 2444)?`, { host, port });
    case 'ETIMEDOUT':
      return new ProviderError('timeout', `${where} did not answer in time`, { host, port });
    default:
      if (!secure) {
        return new ProviderError('tls-failure', `TLS connection to ${where} failed: ${err.message}`, { host, port, reason: err.code ?? err.message });
      }
      return new ProviderError('connection-closed', `connection to ${where} failed: ${err.message}`, { host, port });
  }
}
