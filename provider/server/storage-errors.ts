// A write the file system refused (disk full, read-only, quota, permissions, I/O) is the
// server's condition, not a fault of the request or of the provider: the client gets a typed
// `storage-failed` naming it, so an administrator reads "the disk of cucm-3 is full" rather
// than "internal error". The store's writes are atomic, so nothing was changed.
const REASONS: Record<string, string> = {
  ENOSPC: 'no space left on the disk',
  EDQUOT: 'the disk quota is exhausted',
  EROFS: 'the file system is read-only',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EIO: 'an input/output error of the disk',
};

export function storageFailure(err: unknown): { reason: string; message: string } | null {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  if (typeof code !== 'string' || !Object.hasOwn(REASONS, code)) return null;
  return { reason: code, message: `the server could not write its files (${REASONS[code]}, ${code}); nothing was changed` };
}
