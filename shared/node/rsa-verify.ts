// RSA PKCS#1 v1.5 signature checks with Node's synchronous crypto, for the command line: the
// codec's default (WebCrypto) costs a promise and a thread-pool job, a few ms of a 150 ms
// `ctl-client inspect` here. Same answers: a key that is not RSA is refused at import.
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import type { HashAlgorithm } from '../ctl/model';
import type { RsaVerifier } from '../ctl/verify';

export const nodeRsaVerifier: RsaVerifier<{ key: KeyObject; hash: HashAlgorithm }> = {
  importKey(spki, hash) {
    const key = createPublicKey({ key: Buffer.from(spki.buffer, spki.byteOffset, spki.byteLength), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'rsa') throw new Error(`not an RSA key (${key.asymmetricKeyType})`);
    return { key, hash };
  },
  // Node pads RSA signatures with PKCS#1 v1.5 unless told otherwise.
  verify: ({ key, hash }, signature, data) => verify(hash, data, key, signature),
};
