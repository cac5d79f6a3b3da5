// Token data shared by the main process (token service, CLI) and the renderer. Plain data
// only, so it crosses IPC and worker boundaries unchanged.
import type { Message } from '../session/messages';

/** PIN state read from the token's CKF_USER_PIN_* flags before every login. */
export interface PinState {
  /** At least one wrong PIN was entered since the last correct one. */
  countLow: boolean;
  /** The next wrong PIN locks the token. */
  finalTry: boolean;
  /** The user PIN is locked; only the security officer can unlock it. */
  locked: boolean;
  /** The token asks for a PIN change (e.g. still the first-time PIN). */
  toBeChanged: boolean;
}

export interface TokenCertificate {
  /** Hex CKA_ID shared by the certificate and its key pair on the token. */
  id: string;
  /** CKA_LABEL of the certificate object (may be empty). */
  objectLabel: string;
  /** Canonical DN (shared/ctl canonicalDn), the same rendering as in CTL files. */
  subject: string;
  issuer: string;
  /** First CN of the subject, or "" when there is none. */
  subjectCn: string;
  /** Upper-case hex serial number. */
  serial: string;
  notBefore: string;
  /** ISO 8601. */
  notAfter: string;
  /** SHA-256 fingerprint of the DER, lower-case hex. */
  sha256: string;
  /** A private key with the same CKA_ID exists on the token. */
  hasPrivateKey: boolean;
  /** Base64 DER, so callers can build CTL records without another token round trip. */
  der: string;
}

export interface TokenInfo {
  /** Opaque slot id of the current module session (changes across re-initialization). */
  slot: string;
  /** Token label, trailing blanks trimmed. */
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  pin: PinState;
  loggedIn: boolean;
  certificates: TokenCertificate[];
  /** Index into certificates of the SAST certificate, or null when the caller must choose. */
  sastCertificate: number | null;
}

/** A token by label (as shown to the administrator) or by serial (unique). */
export type TokenRef = string | { serial: string };

/** A certificate on a token by CKA_ID (hex) or by SHA-256 fingerprint. */
export type CertificateRef = { id: string } | { sha256: string };

export type TokenErrorCode =
  | 'pin-incorrect'
  | 'pin-locked'
  | 'pin-len-range'
  | 'pin-invalid'
  | 'pin-expired'
  | 'final-try-needs-confirmation'
  | 'pin-mismatch'
  | 'not-logged-in'
  | 'token-not-present'
  | 'token-not-found'
  | 'token-ambiguous'
  | 'certificate-not-found'
  | 'certificate-ambiguous'
  | 'device-removed'
  | 'device-error'
  | 'session-invalid'
  | 'function-failed'
  | 'mechanism-invalid'
  | 'key-invalid'
  | 'module-load-failed'
  | 'service-closed'
  | 'unknown';

/** Serializable form of a token error (worker messages, IPC). */
export interface TokenErrorData {
  code: TokenErrorCode;
  /** PKCS#11 return value name, e.g. "CKR_PIN_INCORRECT", when the error came from the module. */
  ckr: string | null;
  message: string;
  /** PIN state read after the failure, when known (wrong PIN: how the token stands now). */
  pin?: PinState;
  /** What went wrong as a message (`token-problem.*`), worded in the reader's language, when there is one. */
  problem?: Message;
}

export type TokenEvent =
  | { type: 'token-inserted'; token: TokenInfo }
  | { type: 'token-removed'; serial: string; label: string }
  | { type: 'several-tokens'; tokens: TokenInfo[]; message: string };

/** The first-time user PIN of a Cisco token (case-sensitive), per the security guide. */
export const CISCO_DEFAULT_PIN_HINT = 'The first-time PIN of a Cisco token is Cisco123 (case-sensitive).';
