// CTL files with HASH_ALGORITHM 2 (SHA-256) exist in the field and must stay readable, but
// the encoder never writes one (phones verify SHA-1 and SHA-512 only). Tests that read such a
// file build it here: the SHA-1 layout with the hash byte patched, signed over SHA-256.
import { layoutCtl, signedBytes, type CtlDraft, type SignFunction } from '../../shared/ctl';

/** Offset of the HASH_ALGORITHM value: SIGNATURE_INFO (18 bytes) ends where SIGNATURE starts. */
const hashByteOffset = (signatureOffset: number) => signatureOffset - 12;

export async function encodeSha256Ctl(draft: CtlDraft, sign: SignFunction): Promise<Uint8Array> {
  const { bytes, signatureTlv } = layoutCtl({ ...draft, hashAlgorithm: 'sha1' });
  const at = hashByteOffset(signatureTlv.offset);
  if (bytes[at] !== 1 || bytes[at - 3] !== 8) throw new Error('HASH_ALGORITHM is not where the layout puts it');
  bytes[at] = 2;
  const signature = await sign(signedBytes(bytes, signatureTlv), 'sha256');
  bytes.set(signature, signatureTlv.offset + 3);
  return bytes;
}
