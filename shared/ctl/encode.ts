// Encoder: lays out header and records, signs the file with the SIGNATURE TLV cut out
// (through an injected SignFunction: PEM key, PKCS#11 token or test double), then puts
// the signature into the placeholder HEADER_LENGTH already counted.
import { signedBytes } from './decode';
import { CtlEncodeError } from './errors';
import { layoutHeader } from './header';
import type { CtlDraft, SignFunction } from './model';
import { encodeRecord } from './records';
import { concatBytes } from './bytes';

/** The unsigned file (zero-filled signature) and where the signature goes. */
export function layoutCtl(draft: CtlDraft): { bytes: Uint8Array; signatureTlv: { offset: number; length: number } } {
  const header = layoutHeader(draft);
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
