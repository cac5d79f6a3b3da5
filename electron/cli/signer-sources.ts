// Where `ctl-client build` gets its signing key. Each source contributes its own options;
// exactly one must be chosen (their help lines are in usage.ts). The PKCS#11 token source (--token …) is added as another
// entry of `signerSources` with the same CliSigner shape.
import type { ParseArgsConfig } from 'node:util';
import type { SignFunction } from '../../shared/ctl';
import { PemSignerError, loadPemIdentity } from '../services/signing/pem-signer';
import { CliError } from './args';
import { tokenSignerSource } from './token-signer-source';

export interface CliSigner {
  /** DER of the signing certificate (it becomes, or must match, a SAST record). */
  certificate: Uint8Array;
  sign: SignFunction;
  /** Human description for messages, e.g. the PEM path or the token label. */
  description: string;
  /** Releases the source (log out of a token); optional. */
  close?: () => Promise<void>;
}

export type OptionValues = Record<string, string | boolean | (string | boolean)[] | undefined>;

export interface SignerSource {
  /** The option that selects this source, e.g. 'signer'. */
  option: string;
  options: NonNullable<ParseArgsConfig['options']>;
  load(values: OptionValues): Promise<CliSigner>;
}

const pemSource: SignerSource = {
  option: 'signer',
  options: { signer: { type: 'string' } },
  async load(values) {
    const path = String(values.signer);
    try {
      const identity = await loadPemIdentity(path);
      return { certificate: identity.certificate, sign: identity.sign, description: path };
    } catch (e) {
      if (e instanceof PemSignerError) throw new CliError(`signer ${e.message}`);
      throw e;
    }
  },
};

export const signerSources: SignerSource[] = [pemSource, tokenSignerSource];

/** The one chosen signer source, or a CliError when none or several were given. */
export function chooseSignerSource(values: OptionValues): SignerSource {
  const chosen = signerSources.filter((s) => values[s.option] !== undefined);
  const names = signerSources.map((s) => `--${s.option}`).join(' or ');
  if (chosen.length === 0) throw new CliError(`a signer is required: ${names}`);
  if (chosen.length > 1) throw new CliError(`choose one signer: ${names}`);
  return chosen[0] as SignerSource;
}
