// The command line checks signatures with Node's synchronous crypto (shared/node/rsa-verify.ts),
// the rest with WebCrypto: both must give the same verdict on the same file, whatever it is.
import { beforeAll, describe, expect, it } from 'vitest';
import { decodeCtl, encodeCtl, recordFromCertificate, signerFromCertificate, verifyDecoded, type HashAlgorithm } from '../../shared/ctl';
import { nodeRsaVerifier } from '../../shared/node/rsa-verify';
import { makeIdentity, webCryptoSigner, type TestIdentity } from '../helpers/pki';
import { fakeSignerFor } from './arbitraries';

let sast: TestIdentity;
let second: TestIdentity;
let ecToken: TestIdentity;

beforeAll(async () => {
  [sast, second, ecToken] = await Promise.all([
    makeIdentity({ subject: 'CN=SAST-NODE-1, O=Example', modulusBits: 2048 }),
    makeIdentity({ subject: 'CN=SAST-NODE-2, O=Example', modulusBits: 2048 }),
    makeIdentity({ subject: 'CN=SAST-EC, O=Example', keyType: 'ec' }),
  ]);
});

const records = () => [recordFromCertificate('SAST', sast.der), recordFromCertificate('SAST', second.der), recordFromCertificate('SAST', ecToken.der)];

async function signed(signer: TestIdentity, hash: HashAlgorithm): Promise<Uint8Array> {
  return encodeCtl({ signer: signerFromCertificate(signer.der), hashAlgorithm: hash, modulusBits: 2048, timestamp: 1_800_000_000, records: records() }, webCryptoSigner(signer.keys));
}

async function verdicts(bytes: Uint8Array) {
  const file = decodeCtl(bytes);
  const [web, node] = await Promise.all([verifyDecoded(bytes, file), verifyDecoded(bytes, file, nodeRsaVerifier)]);
  const pick = (v: typeof web) => ({ status: v.status, valid: v.signatureValid, signerIndex: v.signerIndex, message: v.message });
  return { web: pick(web), node: pick(node) };
}

describe('Node and WebCrypto verifiers', () => {
  it('agree on valid files (SHA-1 and SHA-512), a tampered one, another signature and a key that is not RSA', async () => {
    const sha1 = await signed(sast, 'sha1');
    const sha512 = await signed(second, 'sha512');
    const tampered = sha1.slice();
    tampered[tampered.length - 20]! ^= 0x01; // inside the last record
    // The header names the second SAST, the signature is the first one's.
    const swapped = await encodeCtl({ signer: signerFromCertificate(second.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1_800_000_000, records: records() }, webCryptoSigner(sast.keys));
    // Signed "by" the EC token: its key cannot check an RSA signature.
    const ec = await encodeCtl({ signer: signerFromCertificate(ecToken.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1_800_000_000, records: records() }, fakeSignerFor(2048));
    const expected = [
      [sha1, 'valid', 'verify.valid'], [sha512, 'valid', 'verify.valid'], [tampered, 'invalid-signature', 'verify.invalid'],
      [swapped, 'invalid-signature', 'verify.invalid'], [ec, 'invalid-signature', 'verify.key-unusable'],
    ] as const;
    for (const [bytes, status, code] of expected) {
      const { web, node } = await verdicts(bytes);
      expect(node).toEqual(web);
      expect(node).toMatchObject({ status, message: { code } });
    }
  });
});
