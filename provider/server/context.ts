// Shared state of one running provider, handed to every connection.
import type { ProviderConfig, Faults } from '../config/schema';
import english from '../../shared/i18n/engine.en.json';
import type { NodeRole, WireErrorCode, ErrorReply, WireProblem } from '../../shared/provider-protocol';
import { formatMessage, msg, type MessageParams } from '../../shared/session/messages';
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

/** What a refusal is about, as a key of the catalogs' `provider-problem` section and its parameters. */
export interface Problem {
  code: keyof (typeof english)['provider-problem'];
  params: MessageParams;
}

export const problem = (code: Problem['code'], params: MessageParams = {}): Problem => ({ code, params });

/** A problem in English: the reply's message, the audit log, the server's log. */
export const problemText = (p: Problem): string => formatMessage(english, msg(`provider-problem.${p.code}`, p.params));

/** A refusal sent back as an `error` reply; the connection stays open. */
export class ProtocolFailure extends Error {
  constructor(readonly code: WireErrorCode, message: string, readonly details?: ErrorReply['details']) {
    super(message);
    this.name = 'ProtocolFailure';
  }

  /** A refusal whose problem travels as data too (docs/provider-protocol.md, "Errors"), so clients word it. */
  static of(code: WireErrorCode, p: Problem, details: Omit<NonNullable<ErrorReply['details']>, 'problem'> = {}): ProtocolFailure {
    // Our messages nest at most two levels (a codec reason with its region), as the wire allows.
    const wire = { code: p.code, params: p.params } as WireProblem;
    return new ProtocolFailure(code, problemText(p), { ...details, problem: wire });
  }
}
