// A SignFunction backed by a PEM private key (node:crypto, RSA PKCS#1 v1.5). Reads the
// "PEM with certificate and private key" bundle that `ctl-client build --signer` takes.
// The key never leaves this module; errors name the file, never key material.
import { createPrivateKey, createPublicKey, sign as rsaSign, type KeyObject } from 'node:crypto';
import { BoundedReadError, INPUT_FILE_LIMIT, readFileBounded } from '../fs/read-bounded';
import { pemBlocks } from './pem';
import { certificateSpki } from '../../../shared/node/certificate-facts';
import type { HashAlgorithm, SignFunction } from '../../../shared/ctl/model';

export class PemSignerError extends Error {
  override readonly name = 'PemSignerError';
}

export interface PemIdentity {
  /** DER of the first CERTIFICATE block. */
  certificate: Uint8Array;
  /** DER of any further CERTIFICATE blocks (chain), in file order. */
  chain: Uint8Array[];
  sign: SignFunction;
  modulusBits: number;
}


/** `source` names the key's file in the error when the key is not RSA. */
export function signerFromKey(key: KeyObject, source: string): SignFunction {
  if (key.asymmetricKeyType !== 'rsa') {
    const type = key.asymmetricKeyType ? key.asymmetricKeyType.toUpperCase() : 'of an unknown type';
    throw new PemSignerError(`${source}: the private key is ${type}; a CTL signer needs an RSA key`);
  }
  return async (tbs: Uint8Array, hash: HashAlgorithm) => new Uint8Array(rsaSign(hash, tbs, key));
}

/** Parses a PEM bundle holding one certificate (first) and one RSA private key. */
export function pemIdentityFromText(text: string, source: string): PemIdentity {
  const blocks = pemBlocks(text);
  const certs = blocks.filter((b) => b.label === 'CERTIFICATE');
  const keyBlock = blocks.find((b) => /PRIVATE KEY$/.test(b.label));
  if (certs.length === 0) throw new PemSignerError(`${source}: no CERTIFICATE block`);
  if (!keyBlock) throw new PemSignerError(`${source}: no PRIVATE KEY block`);
  if (keyBlock.label === 'ENCRYPTED PRIVATE KEY') throw new PemSignerError(`${source}: encrypted private keys are not supported`);
  let key: KeyObject;
  try {
    key = createPrivateKey(keyBlock.pem);
  } catch {
    throw new PemSignerError(`${source}: the private key cannot be read`);
  }
  const sign = signerFromKey(key, source);
  const certificate = (certs[0] as { der: Uint8Array }).der;
  // A key that does not belong to the certificate would sign a CTL no phone accepts.
  let certSpki: Uint8Array;
  try {
    certSpki = certificateSpki(certificate);
  } catch {
    throw new PemSignerError(`${source}: the CERTIFICATE block is not a certificate`);
  }
  const keySpki = createPublicKey(key).export({ type: 'spki', format: 'der' });
  if (!keySpki.equals(certSpki)) throw new PemSignerError(`${source}: the private key does not belong to the certificate`);
  const modulusBits = key.asymmetricKeyDetails?.modulusLength ?? 0;
  return { certificate, chain: certs.slice(1).map((c) => c.der), sign, modulusBits };
}

export async function loadPemIdentity(path: string): Promise<PemIdentity> {
  let bytes: Uint8Array;
  try {
    bytes = await readFileBounded(path, INPUT_FILE_LIMIT);
  } catch (e) {
    if (e instanceof BoundedReadError) throw new PemSignerError(`${path}: cannot read (${e.reason})`);
    throw e;
  }
  return pemIdentityFromText(new TextDecoder('utf-8').decode(bytes), path);
}
