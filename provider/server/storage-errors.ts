// A write the file system refused (disk full, read-only, quota, permissions, I/O) is the
// server's condition, not a fault of the request or of the provider: the client gets a typed
// `storage-failed` naming it, so an administrator reads "the disk of cucm-3 is full" rather
// than "internal error". The store's writes are atomic, so nothing was changed.
import { msg } from '../../shared/session/messages';
import { problem, ProtocolFailure } from './context';

/** The system codes that mean the server's storage refused, each worded by `provider-problem.storage-<code>`. */
const STORAGE_CODES = { ENOSPC: 'storage-enospc', EDQUOT: 'storage-edquot', EROFS: 'storage-erofs', EACCES: 'storage-eacces', EPERM: 'storage-eperm', EIO: 'storage-eio' } as const;

/** The `storage-failed` refusal for a write the file system refused, or null for any other error. */
export function storageFailure(err: unknown): ProtocolFailure | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !Object.hasOwn(STORAGE_CODES, code)) return null;
  const why = msg(`provider-problem.${STORAGE_CODES[code as keyof typeof STORAGE_CODES]}`);
  return ProtocolFailure.of('storage-failed', problem('storage', { why, code }), { reason: code });
}
