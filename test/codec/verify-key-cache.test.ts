// The verifier imports each signer key once per hash algorithm and process: checking more
// CTLs signed by the same SAST imports nothing again, another hash imports again, and a key
// that does not import is not kept (each caller gets the failure).
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { encodeCtl, recordFromCertificate, signerFromCertificate, verifyCtl, type HashAlgorithm } from '../../shared/ctl';
import { makeIdentity, webCryptoSigner, type TestIdentity } from '../helpers/pki';
import { encodeSha256Ctl } from './legacy-hash';

let sast: TestIdentity;
let other: TestIdentity;

beforeAll(async () => {
  sast = await makeIdentity({ subject: 'CN=SAST-CACHE-1, O=Example', modulusBits: 1024 });
  other = await makeIdentity({ subject: 'CN=SAST-CACHE-2, O=Example', modulusBits: 1024 });
});
afterEach(() => { vi.restoreAllMocks(); });

async function ctl(signer: TestIdentity, hash: HashAlgorithm, timestamp: number): Promise<Uint8Array> {
  const encode = hash === 'sha256' ? encodeSha256Ctl : encodeCtl;
  return encode({
    signer: signerFromCertificate(signer.der), hashAlgorithm: hash, modulusBits: 1024, timestamp,
    records: [recordFromCertificate('SAST', sast.der), recordFromCertificate('SAST', other.der)],
  }, webCryptoSigner(signer.keys));
}

describe('signer key imports', () => {
  it('imports a SAST key once for every CTL it signed with one hash, again for another hash', async () => {
    const files = await Promise.all([1, 2, 3].map((t) => ctl(other, 'sha512', 1_700_000_000 + t)));
    const sha256 = await ctl(other, 'sha256', 1_700_000_009);
    const imports = vi.spyOn(globalThis.crypto.subtle, 'importKey');
    for (const f of files) expect((await verifyCtl(f)).signatureValid).toBe(true);
    expect(imports).toHaveBeenCalledTimes(1);
    expect((await verifyCtl(sha256)).signatureValid).toBe(true);
    expect(imports).toHaveBeenCalledTimes(2);
    // A tampered file signed by the same key still fails with the cached key.
    const tampered = files[0]!.slice();
    tampered[tampered.length - 3]! ^= 0x01;
    expect((await verifyCtl(tampered)).signatureValid).toBe(false);
  });

  it('does not keep a key that failed to import', async () => {
    const file = await ctl(sast, 'sha1', 1_700_000_100);
    const imports = vi.spyOn(globalThis.crypto.subtle, 'importKey').mockRejectedValueOnce(new Error('boom'));
    const first = await verifyCtl(file);
    expect(first.signatureValid).toBe(false);
    expect(first.reason).toMatch(/not a usable RSA key/);
    expect((await verifyCtl(file)).signatureValid).toBe(true);
    expect(imports).toHaveBeenCalledTimes(2);
  });
});
