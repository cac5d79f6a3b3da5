// Checks a staged CTL with the codec before it can be committed (docs/provider-protocol.md,
// "stage"): well-formed, signature valid, and signed by a SAST of the CTL the target
// already holds. The last check compares the signer's public key too, so a rogue
// certificate that copies a SAST's issuer and serial is still refused.
import { decodeCtl, isWritableHash, verifyDecoded, sameDn, sameSerial } from '../../shared/ctl';
import type { CtlFile, CtlRecord } from '../../shared/ctl/model';
import { CtlFormatError } from '../../shared/ctl/errors';
import { toHex, type SignerInfo } from '../../shared/provider-protocol';
import { msg } from '../../shared/session/messages';
import { problem, problemText, type Problem } from './context';

export class CtlRejectedError extends Error {
  /** The problem in English (the audit log's detail). */
  readonly reason: string;

  constructor(readonly problem: Problem) {
    const reason = problemText(problem);
    super(reason);
    this.reason = reason;
    this.name = 'CtlRejectedError';
  }
}

/** Why a CTL does not decode, as the codec words it. */
const formatProblem = (err: unknown) => (err instanceof CtlFormatError ? err.problem : msg('field.invalid'));

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
    throw new CtlRejectedError(problem('not-well-formed', { problem: formatProblem(err) }));
  }
  // The decoded form is verified: decoding a CTL of many records again would double the work.
  const verification = await verifyDecoded(bytes, file).catch(() => {
    throw new CtlRejectedError(problem('signature-unchecked'));
  });
  if (!verification.signatureValid) throw new CtlRejectedError(problem('bad-signature', { problem: verification.message }));
  if (!isWritableHash(file.hashAlgorithm)) {
    throw new CtlRejectedError(problem('hash-not-writable', { hash: file.hashAlgorithm.toUpperCase() }));
  }
  const ownSigner = signerRecord(file);
  if (!ownSigner) throw new CtlRejectedError(problem('signer-not-listed'));
  if (current) {
    let currentFile: CtlFile;
    try {
      // The provider passes the form it keeps decoded; it throws what decodeCtl throws.
      currentFile = decodedCurrent?.() ?? decodeCtl(current);
    } catch (err) {
      // Our own stored CTL no longer decodes: refuse rather than accept anything.
      throw new CtlRejectedError(problem('current-unreadable', { problem: formatProblem(err) }));
    }
    if (!findSast(currentFile, ownSigner)) {
      throw new CtlRejectedError(problem('signer-not-in-current', { subject: file.signer.subject, serial: toHex(file.signer.serial) }));
    }
  }
  return { file, signer: signerInfo(file) };
}
