// Secrets on the command line come from files (never argv, which other users can see):
// the password file of `cluster`/`run`. Only the first line counts; its CR/LF is stripped.
// Errors name the file and the reason, never any of its content.
import { BoundedReadError, readFileBounded, SECRET_FILE_LIMIT } from '../services/fs/read-bounded';
import { CliError } from './args';

export { SECRET_FILE_LIMIT };

/** The first line of a secret file (≤ 4 KiB, regular file); CliError (exit 1) otherwise. */
export async function readSecretFile(path: string, what = 'secret'): Promise<string> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, SECRET_FILE_LIMIT);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    throw new CliError(`cannot read the ${what} file ${path}: ${e.reason}`);
  }
  const text = new TextDecoder('utf-8').decode(bytes);
  const line = text.split('\n')[0]!.replace(/\r+$/, '');
  if (!line) throw new CliError(`the ${what} file ${path} is empty`);
  return line;
}
