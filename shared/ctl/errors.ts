// Typed errors of the codec. A CtlFormatError always names the byte offset where the
// input stopped making sense, so a user (and a test) can find the bad byte, and says what is
// wrong as a message (code and parameters, section `decode` of the catalogs in shared/i18n),
// which the inspector and the session word in the reader's language; `reason` is its English.
// The section by name: a bundle then carries these templates, not the whole catalog.
import { decode } from '../i18n/engine.en.json';
import { formatMessage, msg, type Catalog, type Message, type MessageCode, type MessageParams } from '../session/messages';

const ENGLISH: Catalog = { decode };

/** What can be wrong with a CTL/ITL file (the regions it names are `decode.region.*`). */
export type DecodeProblem = Exclude<Extract<MessageCode, `decode.${string}`>, `decode.region.${string}`>;

/** The part of the file a problem is in, as messages named in problems (`{{region}}`). */
export const REGION = {
  file: msg('decode.region.file'),
  header: msg('decode.region.header'),
  record: (index: number): Message => msg('decode.region.record', { index }),
  container: (name: string): Message => msg('decode.region.container', { name }),
} as const;

function hex4(offset: number): string {
  return `0x${offset.toString(16).padStart(4, '0')}`;
}

/** The input is not a well-formed CTL/ITL file. */
export class CtlFormatError extends Error {
  override readonly name = 'CtlFormatError';
  readonly offset: number;
  /** What is wrong, as a message (worded where it is shown). */
  readonly problem: Message;
  /** The problem in English, for logs, the command line and the JSON report. */
  readonly reason: string;

  constructor(offset: number, code: DecodeProblem, params: MessageParams = {}) {
    const problem = msg(code, params);
    const reason = formatMessage(ENGLISH, problem);
    super(`offset ${hex4(offset)}: ${reason}`);
    this.offset = offset;
    this.problem = problem;
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
