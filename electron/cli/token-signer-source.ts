// `ctl-client build --token <label> [--pin-file <file>]`: sign with the SAST certificate's
// key on a PKCS#11 token instead of a PEM file. One login, one C_Sign per CTL; the token is
// logged out and the module closed afterwards.
import { CISCO_DEFAULT_PIN_HINT } from '../../shared/tokens/types';
import { TokenError } from '../services/tokens/errors';
import { closePinInput, confirmOnTerminal, promptPin, readPinFile } from '../services/tokens/pin-input';
import { TokenService } from '../services/tokens/token-service';
import { tokenCliError } from './token-errors';
import type { CliSigner, SignerSource } from './signer-sources';

function optional(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

async function loadTokenSigner(values: Record<string, unknown>): Promise<CliSigner> {
  const label = String(values.token);
  const pinFile = optional(values['pin-file']);
  const service = await TokenService.start({ modulePath: optional(values.module) });
  try {
    const token = await service.find(label);
    const cert = await service.sastCertificate(label);
    if (!cert.hasPrivateKey) throw new TokenError('key-invalid', `Token "${label}" has no private key for its certificate ${cert.subject}.`);
    let confirmFinalTry = values['confirm-final-try'] === true;
    if (token.pin.finalTry && !token.pin.locked && !confirmFinalTry) {
      confirmFinalTry = await confirmOnTerminal(`Token "${label}" is on its final try: a wrong PIN locks it. Continue? [y/N] `);
    }
    const pin = pinFile ? await readPinFile(pinFile) : await promptPin(`PIN of token ${label} (${CISCO_DEFAULT_PIN_HINT}): `);
    closePinInput();
    await service.login(label, pin, { confirmFinalTry });
    const sign = service.signer(label, { sha256: cert.sha256 });
    return {
      certificate: new Uint8Array(Buffer.from(cert.der, 'base64')),
      description: `token "${label}" (${cert.subject})`,
      sign: async (tbs, hash) => {
        try {
          return await sign(tbs, hash);
        } catch (error) {
          throw tokenCliError(error);
        }
      },
      close: async () => {
        await service.release(label).catch(() => undefined);
        await service.close();
      },
    };
  } catch (error) {
    closePinInput();
    await service.close();
    throw tokenCliError(error);
  }
}

export const tokenSignerSource: SignerSource = {
  option: 'token',
  options: { token: { type: 'string' }, 'pin-file': { type: 'string' }, module: { type: 'string' }, 'confirm-final-try': { type: 'boolean' } },
  load: (values) => loadTokenSigner(values),
};
