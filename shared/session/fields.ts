// The fields the session commands and the bridge's other requests are made of, each with its
// one limit and the message a user reads when an entry breaks it (a `field.*` code, worded by
// ./field-issues.ts). Secrets (password, PIN) are bounded only: their messages never echo the value.
import { z } from 'zod';
import { fieldProblem } from './field-issues';
import { canonicalFingerprint } from './fingerprint';

/** Length limits, for the schemas below and for inputs read outside them (CLI files). */
export const FIELD_LIMITS = {
  host: 253,
  username: 128,
  password: 256,
  /** PKCS#11 tokens allow at most 255 bytes (ulMaxPinLen); SafeNet eTokens fewer. */
  pin: 255,
  /** A token is named by its serial (16 characters in PKCS#11) or its label (32). */
  token: 64,
  entryId: 512,
  entryIds: 256,
  confirmation: 256,
  /** A folder, key file or sftp:// address. */
  path: 4096,
  /** Publish targets of a cluster without a provider. */
  targets: 32,
  certificateEntries: 64,
  /** A certificate's DER in base64 (16 KiB of DER: more than any CTL record holds). */
  certificateBase64: 21848,
} as const;

export const hostSchema = z
  .string()
  .trim()
  .min(1, fieldProblem('host-empty'))
  .max(FIELD_LIMITS.host)
  .regex(/^[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?$/, fieldProblem('host-characters'));

export const portSchema = z.number().int(fieldProblem('port')).min(1, fieldProblem('port')).max(65535, fieldProblem('port'));

export const usernameSchema = z.string().trim().min(1, fieldProblem('username-empty')).max(FIELD_LIMITS.username);

export const passwordSchema = z.string().min(1, fieldProblem('password-empty')).max(FIELD_LIMITS.password);

/** A token PIN: never logged, never echoed; length bounds only (tokens enforce their own rules). */
export const pinSchema = z.string().min(1, fieldProblem('pin-empty')).max(FIELD_LIMITS.pin);

/** A token, by serial (preferred: labels are not unique) or label. */
export const tokenSchema = z.string().min(1).max(FIELD_LIMITS.token);

/**
 * A fingerprint to trust: a provider certificate's SHA-256 (hexadecimal, optionally
 * colon-separated) or an SSH host key's, as OpenSSH prints it (`SHA256:` and base64).
 */
export const fingerprintSchema = z
  .string()
  .max(128)
  .refine((text) => canonicalFingerprint(text) !== null, fieldProblem('fingerprint'));

export const entryIdSchema = z.string().min(1).max(FIELD_LIMITS.entryId);
