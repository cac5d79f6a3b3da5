// TokenPort over the real token service (PKCS#11 in a worker). Tokens are named by serial;
// the service keeps one login per token until release().
import type { HashAlgorithm } from '../../../shared/ctl/model';
import type { TokenInfo } from '../../../shared/tokens/types';
import type { TokenService } from '../../services/tokens';
import type { TokenPort } from '../ports';

export class TokenServicePort implements TokenPort {
  constructor(private readonly service: TokenService) {}

  list(): Promise<TokenInfo[]> {
    return this.service.list();
  }

  async login(serial: string, pin: string, options: { confirmFinalTry: boolean }): Promise<void> {
    await this.service.login({ serial }, pin, { confirmFinalTry: options.confirmFinalTry });
  }

  sign(serial: string, certSha256: string, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array> {
    return this.service.signer({ serial }, { sha256: certSha256 })(data, hash);
  }

  release(serial: string): Promise<void> {
    return this.service.release({ serial });
  }
}
