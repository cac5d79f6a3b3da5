// Encoder: lays out header and records, signs the file with the SIGNATURE TLV cut out
// (through an injected SignFunction: PEM key, PKCS#11 token or test double), then puts
// the signature into the placeholder HEADER_LENGTH already counted.
import { signedBytes } from './decode';
import { CtlEncodeError } from './errors';
import { layoutHeader } from './header';
import type { CtlDraft, CtlRecord, CtlSigner, SignFunction } from './model';
import { encodeRecord } from './records';
import { concatBytes } from './bytes';
import { sameDn } from './dn-compare';
import { sameSerial } from './hash';

/** The SAST record of the signer among `records` (serial and issuer match), if it is listed. */
export function signerRecordOf(signer: CtlSigner, records: readonly CtlRecord[]): CtlRecord | undefined {
  return records.find((r) => r.role === 'SAST' && sameSerial(r.serial, signer.serial) && sameDn(r.issuer, signer.issuer));
}

/**
 * The header's signer names are the signer record's names, byte for byte, when the file lists
 * the signer: a phone matches the signer by name against its installed CTL, and the record
 * keeps the spelling of whoever wrote it (`CN=x,OU=y`, lower-case, quoted), which a name
 * re-rendered from the certificate would not.
 */
export function signerWithRecordNames(signer: CtlSigner, records: readonly CtlRecord[]): CtlSigner {
  const record = signerRecordOf(signer, records);
  return record ? { ...signer, subject: record.subject, issuer: record.issuer } : signer;
}

/** The unsigned file (zero-filled signature) and where the signature goes. */
export function layoutCtl(draft: CtlDraft): { bytes: Uint8Array; signatureTlv: { offset: number; length: number } } {
  const header = layoutHeader({ ...draft, signer: signerWithRecordNames(draft.signer, draft.records) });
  const bytes = concatBytes(header.bytes, ...draft.records.map((r, i) => encodeRecord(r, i)));
  return { bytes, signatureTlv: header.signatureTlv };
}

export async function encodeCtl(draft: CtlDraft, sign: SignFunction): Promise<Uint8Array> {
  const { bytes, signatureTlv } = layoutCtl(draft);
  const signature = await sign(signedBytes(bytes, signatureTlv), draft.hashAlgorithm);
  const expected = draft.modulusBits / 8;
  if (signature.length !== expected) {
    throw new CtlEncodeError('signature', `signer returned ${signature.length} bytes, the ${draft.modulusBits}-bit modulus needs ${expected}`);
  }
  bytes.set(signature, signatureTlv.offset + 3);
  return bytes;
}
