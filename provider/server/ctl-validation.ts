// Checks a staged CTL with the codec before it can be committed (docs/provider-protocol.md,
// "stage"): well-formed, signature valid, and signed by a SAST of the CTL the target
// already holds. The last check compares the signer's public key too, so a rogue
// certificate that copies a SAST's issuer and serial is still refused.
import { decodeCtl, isWritableHash, verifyDecoded, sameDn, sameSerial } from '../../shared/ctl';
import type { CtlFile, CtlRecord } from '../../shared/ctl/model';
import { toHex, type SignerInfo } from '../../shared/provider-protocol';

export class CtlRejectedError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'CtlRejectedError';
  }
}

const sameBytes = (a: Uint8Array | null, b: Uint8Array | null) =>
  a !== null && b !== null && a.length === b.length && a.every((x, i) => x === b[i]);
const sameCert = (r: CtlRecord, c: Pick<CtlRecord, 'issuer' | 'serial'>) => sameDn(r.issuer, c.issuer) && sameSerial(r.serial, c.serial);

/** The SAST record of `ctl` that matches a certificate's issuer, serial and public key, if any. */
export function findSast(ctl: CtlFile, candidate: Pick<CtlRecord, 'issuer' | 'serial' | 'publicKey'>): CtlRecord | undefined {
  return ctl.records.find((r) => r.role === 'SAST' && sameCert(r, candidate) && sameBytes(r.publicKey, candidate.publicKey));
}

/** The record of `ctl` that its header names as signer. */
function signerRecord(ctl: CtlFile): CtlRecord | undefined {
  return ctl.records.find((r) => r.role === 'SAST' && sameCert(r, ctl.signer));
}

export function signerInfo(ctl: CtlFile): SignerInfo {
  return { subject: ctl.signer.subject, issuer: ctl.signer.issuer, serialHex: toHex(ctl.signer.serial) };
}

export interface ValidatedCtl {
  file: CtlFile;
  signer: SignerInfo;
}

/**
 * Validates `bytes` as the next CTL of a target whose current CTL is `current`
 * (null when the target holds none, e.g. first configuration). `decodedCurrent` gives
 * `current` already decoded, when the caller keeps it.
 */
export async function validateStagedCtl(bytes: Uint8Array, current: Uint8Array | null,
  decodedCurrent?: () => CtlFile | null): Promise<ValidatedCtl> {
  let file: CtlFile;
  try {
    file = decodeCtl(bytes);
  } catch (err) {
    throw new CtlRejectedError(`not a well-formed CTL: ${(err as Error).message}`);
  }
  // The decoded form is verified: decoding a CTL of many records again would double the work.
  const verification = await verifyDecoded(bytes, file).catch((err: Error) => {
    throw new CtlRejectedError(`signature check failed: ${err.message}`);
  });
  if (!verification.signatureValid) throw new CtlRejectedError(`bad signature: ${verification.reason}`);
  if (!isWritableHash(file.hashAlgorithm)) {
    throw new CtlRejectedError(`HASH_ALGORITHM ${file.hashAlgorithm.toUpperCase()}: phones verify a CTL signed with SHA-1 or SHA-512 only and would refuse this file`);
  }
  const ownSigner = signerRecord(file);
  if (!ownSigner) throw new CtlRejectedError('the CTL is not signed by a SAST it lists');
  if (current) {
    let currentFile: CtlFile;
    try {
      // The provider passes the form it keeps decoded; it throws what decodeCtl throws.
      currentFile = decodedCurrent?.() ?? decodeCtl(current);
    } catch (err) {
      // Our own stored CTL no longer decodes: refuse rather than accept anything.
      throw new CtlRejectedError(`the CTL currently installed cannot be read (${(err as Error).message}); replace it by hand`);
    }
    if (!findSast(currentFile, ownSigner)) {
      throw new CtlRejectedError(
        `signer ${file.signer.subject} (serial ${toHex(file.signer.serial)}) is not a SAST of the current CTL; `
        + 'phones would refuse this file');
    }
  }
  return { file, signer: signerInfo(file) };
}
