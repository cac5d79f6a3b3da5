// Public API of the CTL/ITL codec (docs/ctl-format.md). Shared by main, provider and renderer.
export type {
  CtlDraft, CtlFile, CtlRecord, CtlRole, CtlSigner, CtlVersion, HashAlgorithm, KnownRole, SignFunction, UnknownRole, WritableHash,
} from './model';
export { CtlCertificateError, CtlEncodeError, CtlFormatError } from './errors';
export { encodeCtl, layoutCtl, signerRecordOf, signerWithRecordNames } from './encode';
export { originalRecordBytes, sameRecord } from './records';
export { decodeCtl, signedBytes } from './decode';
export { findSignerRecord, verifyCtl, verifyDecoded, type CtlVerification, type VerificationStatus } from './verify';
export {
  describeCertificate, recordFromCertificate, rsaModulusBitsOfCertificate, signerFromCertificate,
  type CertificateSummary, type RecordOptions,
} from './certificate';
export { canonicalDn, type DnInput } from './dn';
export { sameDn } from './dn-compare';
export { displaySerial, fingerprintSha256, hexSerial, minimalSerial, sameSerial, serialFromHex, sha1Bytes, toHex } from './hash';
export { ipv4FromBytes, ipv4ToBytes, isIpv4 } from './ip';
export { ctlPublicKeyField, publicKeyFromSpki, rsaModulusBits, rsaSpkiFromPkcs1, spkiFromCertificate, type CtlPublicKey } from './public-key';
export { stripForNonSecure } from './non-secure';
export { concatBytes, sameBytes } from './bytes';
export {
  DEFAULT_FILENAME, HASH_ALGORITHMS, MODULUS_BITS, ROLE_CODES, ROLES, WEBCRYPTO_HASH, WRITABLE_HASHES, isUnknownRole, isWritableHash,
  roleCode, unknownRole, type ModulusBits,
} from './tags';
