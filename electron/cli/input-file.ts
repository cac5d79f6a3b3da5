// Files the user names on the command line (CTL/ITL files, certificates): read bounded, so
// `ctl-client inspect /dev/zero` fails at once instead of reading forever. Read synchronously:
// a command line has nothing else to do meanwhile, and each async step is a thread-pool round trip.
import { BoundedReadError, INPUT_FILE_LIMIT, readFileBoundedSync } from '../services/fs/read-bounded';
import { CliError } from './args';

/**
 * The bytes of a regular file of at most 4 MiB; otherwise a CliError (exit 1) such as
 * `cannot read certificate a.pem: larger than the 4 MiB limit` (`what` = "certificate").
 */
export async function readInputFile(path: string, what?: string): Promise<Uint8Array> {
  try {
    return readFileBoundedSync(path, INPUT_FILE_LIMIT);
  } catch (e) {
    if (e instanceof BoundedReadError) throw new CliError(`cannot read ${what ? `${what} ` : ''}${path}: ${e.reason}`);
    throw e;
  }
}
