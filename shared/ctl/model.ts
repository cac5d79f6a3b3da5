// Typed model of CTLFile.tlv / ITLFile.tlv (see docs/ctl-format.md for the byte layout).
// The model is what the decoder returns and what the encoder takes; it stays free of
// Node and DOM types so the main process, the provider and the renderer share it.

/** HASH_ALGORITHM values the format defines (1, 2, 3): every one is read. */
export const HASH_ALGORITHMS = ['sha1', 'sha256', 'sha512'] as const;
export type HashAlgorithm = (typeof HASH_ALGORITHMS)[number];
/** The hash algorithms phones verify a CTL signature with; the only ones the encoder writes (SHA-256 is read, never written). */
export const WRITABLE_HASHES = ['sha1', 'sha512'] as const satisfies readonly HashAlgorithm[];
export type WritableHash = (typeof WRITABLE_HASHES)[number];

/** The record FUNCTION values a CTL file uses. */
export const CTL_ROLES = ['SAST', 'CCM', 'CCM+TFTP', 'TFTP', 'CAPF'] as const;
/** Record FUNCTION values this codec knows: the CTL's, and two that ITL files add. */
export const KNOWN_ROLES = [...CTL_ROLES, 'APP-SERVER', 'TVS'] as const;
export type KnownRole = (typeof KNOWN_ROLES)[number];
/**
 * A FUNCTION value the codec does not know (e.g. 5, SRST), kept with its number: such a
 * record is read, shown and written back byte for byte, never refused and never guessed at.
 */
export type UnknownRole = `unknown (${number})`;
export type CtlRole = KnownRole | UnknownRole;

export interface CtlVersion {
  major: number;
  minor: number;
}

/** The header's SIGNER_INFO: identifies the SAST certificate whose key signed the file. */
export interface CtlSigner {
  /** Canonical DN string (see shared/ctl/dn.ts). */
  subject: string;
  issuer: string;
  /** Minimal big-endian serial bytes, no sign byte added. */
  serial: Uint8Array;
}

export interface CtlRecord {
  role: CtlRole;
  /** Host name; the empty string for tokens. */
  dnsName: string;
  subject: string;
  issuer: string;
  serial: Uint8Array;
  /** RSA: PKCS#1 RSAPublicKey DER; EC: uncompressed point. Null when stripped (non-secure mode). */
  publicKey: Uint8Array | null;
  /** The certificate's own signature bytes. Null when stripped. */
  signature: Uint8Array | null;
  /** Certificate DER. Null when stripped. */
  certificate: Uint8Array | null;
  /** Dotted IPv4, or null when the record carries no IP_ADDRESS. */
  ipAddress: string | null;
  /** ITL only: SHA-1 of the certificate DER (tag 11). */
  certificateHash?: Uint8Array | null;
  /** ITL only: record hash algorithm byte (tag 12). */
  recordHashAlgorithm?: number | null;
}

/** Everything the writer needs; the header length, padding and signature are derived. */
export interface CtlDraft {
  version?: CtlVersion;
  signer: CtlSigner;
  hashAlgorithm: HashAlgorithm;
  /** RSA modulus size of the signing key in bits: 512, 1024, 2048 or 4096. */
  modulusBits: 512 | 1024 | 2048 | 4096;
  filename?: string;
  /** Seconds since the Unix epoch. */
  timestamp: number;
  records: CtlRecord[];
  /** Optional SIGNER_VERSION (tag 28), written only when set (ITL files carry it). */
  signerVersion?: CtlVersion | null;
}

/** A decoded file: the draft plus what the bytes carried. */
export interface CtlFile extends Required<Pick<CtlDraft, 'version' | 'filename'>> {
  signer: CtlSigner;
  hashAlgorithm: HashAlgorithm;
  modulusBits: 512 | 1024 | 2048 | 4096;
  timestamp: number;
  records: CtlRecord[];
  headerLength: number;
  signature: Uint8Array;
  /** Optional SIGNER_VERSION (tag 28), seen in ITL files. */
  signerVersion: CtlVersion | null;
  /** Byte range of the SIGNATURE TLV (tag, length and value) within the file. */
  signatureTlv: { offset: number; length: number };
}

/**
 * Signs the bytes the signature covers (the whole file with the SIGNATURE TLV cut out),
 * returning a raw RSA PKCS#1 v1.5 signature as long as the modulus. A PEM key, a PKCS#11
 * token or a test double can implement it.
 */
export type SignFunction = (tbs: Uint8Array, hash: HashAlgorithm) => Promise<Uint8Array>;
