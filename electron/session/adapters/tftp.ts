// TftpPort over the TFTP client (electron/services/tftp): the phone's-eye check.
import type { PhoneCheckResult } from '../../../shared/session/types';
import { checkServer, type TftpCheckOptions } from '../../services/tftp/check';
import type { TftpPort } from '../ports';

export class TftpCheckPort implements TftpPort {
  constructor(private readonly options: TftpCheckOptions = {}) {}

  check(server: { host: string; port: number }, published: Uint8Array): Promise<PhoneCheckResult> {
    return checkServer(server, published, this.options);
  }
}
