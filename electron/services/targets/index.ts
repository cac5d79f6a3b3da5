// Publish targets without a CTL Provider: a TFTP root over SFTP, or a local/mounted folder.
// openTarget() parses the address, connects (SFTP: host key check, then login) and checks
// that the root is a folder; the returned PublishTarget stages, commits (compare-and-swap),
// reads back and rolls back CTLFile.tlv there. Semantics: docs/publish-targets.md.
import { FileTarget } from './file-target';
import { FolderFiles } from './folder-files';
import { connectSftp, type SftpConnectOptions } from './sftp-connect';
import { SftpFiles, type SftpFilesOptions } from './sftp-files';
import { parseTargetAddress, type TargetAddress } from './url';
import type { PublishTarget } from './types';

export * from './errors';
export * from './host-key';
export * from './types';
export { parseTargetAddress, DEFAULT_SSH_PORT, type FolderAddress, type SftpAddress, type TargetAddress } from './url';
export type { SshAuth, SftpConnectOptions } from './sftp-connect';
export type { SftpFilesOptions } from './sftp-files';

/** What opening an SFTP target needs (a folder target needs nothing). */
export type OpenTargetOptions = { sftp?: SftpConnectOptions & SftpFilesOptions; cwd?: string };

export async function openTarget(target: string | TargetAddress, options: OpenTargetOptions = {}): Promise<PublishTarget> {
  const address = typeof target === 'string' ? parseTargetAddress(target, options.cwd) : target;
  if (address.kind === 'folder') {
    const files = new FolderFiles(address.root, address.display);
    await files.checkRoot();
    return new FileTarget('folder', address.display, files);
  }
  if (!options.sftp) throw new Error(`${address.display}: SFTP targets need authentication and a host key check`);
  const connection = await connectSftp(address, options.sftp);
  const files = new SftpFiles(connection, address.root, address.display, options.sftp);
  try {
    await files.checkRoot();
  } catch (error) {
    await files.close();
    throw error;
  }
  return new FileTarget('sftp', address.display, files);
}
