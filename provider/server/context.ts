// Shared state of one running provider, handed to every connection.
import type { ProviderConfig, Faults } from '../config/schema';
import type { NodeRole, WireErrorCode, ErrorReply } from '../../shared/provider-protocol';
import type { CtlStore } from './ctl-store';
import type { Admission } from './admission';
import type { LoginThrottle } from './throttle';
import type { AuditLog } from './audit';
import type { ThrottledAttempts } from './login-audit';

export interface ServerContext {
  config: ProviderConfig;
  store: CtlStore;
  admission: Admission;
  throttle: LoginThrottle;
  audit: AuditLog;
  /** Throttled logins, aggregated into one audit line per source per window. */
  throttledAttempts: ThrottledAttempts;
  /** Salt of the hashes that stand for unknown user names in the audit log. */
  nameSalt: Uint8Array;
  certificates: { role: NodeRole; der: Uint8Array }[];
  /** Mutable so tests and the demo can change faults while the server runs. */
  faults: Faults;
  commitFailuresLeft: number;
  /** Requests handled since the server started (stats). */
  requestsHandled: number;
}

/** A refusal sent back as an `error` reply; the connection stays open. */
export class ProtocolFailure extends Error {
  constructor(readonly code: WireErrorCode, message: string, readonly details?: ErrorReply['details']) {
    super(message);
    this.name = 'ProtocolFailure';
  }
}
