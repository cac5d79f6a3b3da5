// Tag numbers and enumerations from docs/ctl-format.md, in one place.
import { HASH_ALGORITHMS, KNOWN_ROLES, WRITABLE_HASHES } from './model';
import type { CtlRole, HashAlgorithm, KnownRole, UnknownRole, WritableHash } from './model';

export { HASH_ALGORITHMS, WRITABLE_HASHES };

export const HeaderTag = {
  VERSION: 1,
  HEADER_LENGTH: 2,
  SIGNER_INFO: 3,
  SIGNER_NAME: 4,
  SERIAL_NUMBER: 5,
  ISSUER_NAME: 6,
  SIGNATURE_INFO: 7,
  HASH_ALGORITHM: 8,
  SIGNATURE_ALGORITHM_INFO: 9,
  SIGNATURE_ALGORITHM: 10,
  SIGNATURE_MODULUS: 11,
  SIGNATURE: 12,
  PADDING: 13,
  FILENAME: 14,
  TIMESTAMP: 15,
  SIGNER_VERSION: 28,
} as const;

export const RecordTag = {
  RECORD_LENGTH: 1,
  DNS_NAME: 2,
  SUBJECT_NAME: 3,
  FUNCTION: 4,
  ISSUER_NAME: 5,
  SERIAL_NUMBER: 6,
  PUBLIC_KEY: 7,
  SIGNATURE: 8,
  CERTIFICATE: 9,
  IP_ADDRESS: 10,
  CERTIFICATE_HASH: 11,
  HASH_ALGORITHM: 12,
} as const;

export const ROLE_CODES: Readonly<Record<KnownRole, number>> = {
  SAST: 0,
  CCM: 1,
  'CCM+TFTP': 2,
  TFTP: 3,
  CAPF: 4,
  'APP-SERVER': 7,
  TVS: 21,
};

/** The known roles in FUNCTION order (the list itself lives beside the type in ./model). */
export const ROLES: readonly KnownRole[] = KNOWN_ROLES;

const UNKNOWN_ROLE = /^unknown \(([0-9]{1,5})\)$/;

export const unknownRole = (code: number): UnknownRole => `unknown (${code})`;

export function isUnknownRole(role: string): role is UnknownRole {
  return UNKNOWN_ROLE.test(role);
}

/** Every FUNCTION value (u16) has a role: a known one, else `unknown (N)`. */
export function roleFromCode(code: number): CtlRole {
  return ROLES.find((role) => ROLE_CODES[role] === code) ?? unknownRole(code);
}

/** The FUNCTION value of a role, or undefined when the string is no role at all. */
export function roleCode(role: string): number | undefined {
  // hasOwn, not a lookup: a role like "toString" from untrusted input must not slip through.
  if (Object.hasOwn(ROLE_CODES, role)) return ROLE_CODES[role as KnownRole];
  const m = UNKNOWN_ROLE.exec(role);
  const code = m ? Number(m[1]) : NaN;
  return Number.isInteger(code) && code <= 0xffff && roleFromCode(code) === role ? code : undefined;
}

export const HASH_CODES: Readonly<Record<HashAlgorithm, number>> = { sha1: 1, sha256: 2, sha512: 3 };

export function isWritableHash(hash: string): hash is WritableHash {
  return (WRITABLE_HASHES as readonly string[]).includes(hash);
}

export function hashFromCode(code: number): HashAlgorithm | undefined {
  return HASH_ALGORITHMS.find((h) => HASH_CODES[h] === code);
}

/** WebCrypto names of the hash algorithms. */
export const WEBCRYPTO_HASH: Readonly<Record<HashAlgorithm, string>> = {
  sha1: 'SHA-1',
  sha256: 'SHA-256',
  sha512: 'SHA-512',
};

export const MODULUS_BITS = [512, 1024, 2048, 4096] as const;
export type ModulusBits = (typeof MODULUS_BITS)[number];

/** SIGNATURE_ALGORITHM value: the format knows RSA only. */
export const SIGNATURE_ALGORITHM_RSA = 0;

export const DEFAULT_VERSION = { major: 1, minor: 2 } as const;
export const DEFAULT_FILENAME = 'CTLFile.tlv';
