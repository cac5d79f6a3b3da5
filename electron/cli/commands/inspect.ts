// ctl-client inspect <file> [--json]
// Exit codes: 0 signature valid; 3 parsed but the signature does not verify or no SAST
// record matches the signer; 2 not a well-formed CTL; 1 usage or I/O error.
// The codec's modules one by one, not its index: the index also loads the X.509 library,
// which would make inspect start several times slower.
import { decodeCtl } from '../../../shared/ctl/decode';
import { CtlFormatError } from '../../../shared/ctl/errors';
import { verifyDecoded } from '../../../shared/ctl/verify';
import { nodeRsaVerifier } from '../../../shared/node/rsa-verify';
import { CliError, UsageError, parseCommandArgs } from '../args';
import { readInputFile } from '../input-file';
import { buildInspectReport } from '../../services/inspect/report';
import { formatInspectText } from '../inspect-text';
import { printLine } from '../print';


export const EXIT_VALID = 0;
export const EXIT_IO = 1;
export const EXIT_MALFORMED = 2;
export const EXIT_NOT_VERIFIED = 3;

/** The stderr line for a malformed file (also used by other commands that read CTLs). */
export function malformedLine(error: CtlFormatError): string {
  return `not a well-formed CTL: offset ${error.offset} (0x${error.offset.toString(16)}): ${error.reason}`;
}

export async function run(argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(argv, { json: { type: 'boolean', default: false } });
  if (positionals.length !== 1) throw new UsageError(positionals.length === 0 ? 'no file given' : 'exactly one file, please');
  const path = positionals[0] as string;
  const bytes = await readInputFile(path); // CliError exit 1 (EXIT_IO) when unreadable or too big
  let file;
  try {
    file = decodeCtl(bytes);
  } catch (e) {
    if (e instanceof CtlFormatError) throw new CliError(malformedLine(e), EXIT_MALFORMED);
    throw e;
  }
  const verification = await verifyDecoded(bytes, file, nodeRsaVerifier);
  const report = await buildInspectReport(file, verification);
  printLine(values.json ? JSON.stringify(report, null, 2) : formatInspectText(report, bytes.length));
  return verification.signatureValid ? EXIT_VALID : EXIT_NOT_VERIFIED;
}
