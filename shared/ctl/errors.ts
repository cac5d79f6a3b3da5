// Typed errors of the codec. A CtlFormatError always names the byte offset where the
// input stopped making sense, so a user (and a test) can find the bad byte.

function hex4(offset: number): string {
  return `0x${offset.toString(16).padStart(4, '0')}`;
}

/** The input is not a well-formed CTL/ITL file. */
export class CtlFormatError extends Error {
  override readonly name = 'CtlFormatError';
  readonly offset: number;
  readonly reason: string;

  constructor(offset: number, reason: string) {
    super(`offset ${hex4(offset)}: ${reason}`);
    this.offset = offset;
    this.reason = reason;
  }
}

/** The model handed to the encoder cannot be written (a field is out of range or malformed). */
export class CtlEncodeError extends Error {
  override readonly name = 'CtlEncodeError';
  /** Dotted path of the offending model field, e.g. `records[2].ipAddress`. */
  readonly field: string;
  readonly reason: string;

  constructor(field: string, reason: string) {
    super(`${field}: ${reason}`);
    this.field = field;
    this.reason = reason;
  }
}

/** A certificate handed to recordFromCertificate / signerFromCertificate cannot be used. */
export class CtlCertificateError extends Error {
  override readonly name = 'CtlCertificateError';
}
