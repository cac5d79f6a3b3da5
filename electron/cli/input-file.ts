// Files the user names on the command line (CTL/ITL files, certificates): read bounded, so
// `ctl-client inspect /dev/zero` fails at once instead of reading forever.
import { BoundedReadError, INPUT_FILE_LIMIT, readFileBounded } from '../services/fs/read-bounded';
import { CliError } from './args';

/**
 * The bytes of a regular file of at most 4 MiB; otherwise a CliError (exit 1) such as
 * `cannot read certificate a.pem: larger than the 4 MiB limit` (`what` = "certificate").
 */
export async function readInputFile(path: string, what?: string): Promise<Uint8Array> {
  try {
    return await readFileBounded(path, INPUT_FILE_LIMIT);
  } catch (e) {
    if (e instanceof BoundedReadError) throw new CliError(`cannot read ${what ? `${what} ` : ''}${path}: ${e.reason}`);
    throw e;
  }
}
