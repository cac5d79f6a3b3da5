// Typed refusals (a rule said no) and failures (network, token, command out of place) of
// session commands. Part of the session contract re-exported by ./types.
import type { PinState, TokenErrorCode } from '../tokens/types';
import type { Message } from './messages';

// ---------------------------------------------------------------------------------------
// Rules and refusals

/**
 * Why the engine refused a command. Every refusal names the rule (text) and the pages of
 * Cisco's security guide that state it, so the administrator sees why in terms they know.
 */
export type RefusalCode =
  | 'mode-not-offered' // update chosen but the cluster has no CTL
  | 'proof-required' // update/mode change: a token listed in the current CTL must prove itself first
  | 'token-not-in-ctl' // the token offered as proof is not a SAST of the current CTL
  | 'current-ctl-invalid' // the current CTL's signature does not verify, so nothing can be proven
  | 'possession-failed' // the provider's possession challenge did not verify
  | 'token-already-added' // the same token twice
  | 'token-has-no-sast-certificate' // the token holds no usable certificate with a private key
  | 'entry-protected' // server (CCM/TFTP), firewall or CAPF entry of the cluster cannot be deleted
  | 'signer-entry' // the entry of the token that signs the new CTL cannot be deleted (choose another signer first)
  | 'tokens-below-minimum' // fewer than two token entries would remain / were added
  | 'entry-duplicate' // the TFTP server / firewall is already listed
  | 'entry-not-found' // delete/remove names no entry
  | 'firewall-port-fixed' // a firewall is always contacted on port 2444
  | 'unreachable-targets' // some node, TFTP server or firewall cannot be reached or resolved
  | 'check-blocking' // a review check fails and is not overridden
  | 'check-not-overridable' // the check cannot be overridden (e.g. signer not in current CTL)
  | 'override-confirmation-mismatch' // the typed confirmation does not match
  | 'no-qualified-signer' // no added/proven token may sign this CTL
  | 'signer-not-qualified' // the chosen signer is not a SAST of the current CTL (or new CTL)
  | 'pin-final-try' // the next wrong PIN locks the token; resend with confirmFinalTry
  | 'pin-locked' // the token's user PIN is locked
  | 'cancel-too-late' // commit has started on some target; use rollback instead
  | 'provider-untrusted' // the provider certificate is not trusted (see state `trust`)
  | 'hash-not-verifiable' // SHA-256 (or another hash phones do not verify) asked for writing
  | 'ctl-changed'; // a target's CTL changed since the review (compare-and-swap refused); nothing was changed

export interface Refusal {
  /** Also names the rule: the UI and the CLI word it as `rule.<code>` (ruleMessage). */
  code: RefusalCode;
  /** Pages of Cisco's security guide that state the rule, e.g. ["3-17"]; empty for this product's own rules. */
  guidePages: string[];
  /** What exactly was refused, naming the entry/token/target (a code and its parameters). */
  message: Message;
}

/** Failures that are not a rule: network, provider, token, or a command out of place. */
export type FailureCode =
  | 'invalid-command' // the command is not valid in the current state (see `allowed`)
  | 'busy' // another command is running; only cancel is accepted
  | 'name-unresolved' // host name does not resolve
  | 'connect-failed' // TCP/TLS connection failed
  | 'auth-failed' // username/password rejected
  | 'provider-error' // the provider answered with an error
  | 'target-error' // a TFTP root written without a provider (SFTP, folder) failed: the message names what
  | 'token-error' // a token operation failed (see tokenError)
  | 'sign-failed'
  | 'internal'
  | 'credentials-required' // add-tftp-server / add-firewall without a password (the cluster's is not kept)
  | 'pin-required'; // the step needs the token's PIN (proof, or signing with a token not logged in)

export interface Failure {
  code: FailureCode;
  /** What failed (a code and its parameters; a service's own error text is its `reason`). */
  message: Message;
  /** Host the failure concerns, when one does. */
  host?: string;
  /** For `token-error`: the token service's code and how the PIN stands now. */
  tokenError?: { code: TokenErrorCode; pin?: PinState };
}

export type SessionError = ({ kind: 'refused' } & Refusal) | ({ kind: 'failed' } & Failure);

/** What every command resolves to. A refused or failed command changes nothing. */
export type CommandResult = { ok: true } | { ok: false; error: SessionError };

/** The guide pages of a rule in English for the CLI and the report ("Cisco security guide p. 3-15, 12-2"); '' when there are none. */
export function guidePagesText(pages: readonly string[]): string {
  return pages.length > 0 ? `Cisco security guide p. ${pages.join(', ')}` : '';
}
