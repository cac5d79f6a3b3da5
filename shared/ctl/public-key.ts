// Public keys as the CTL stores them: RSA as PKCS#1 RSAPublicKey DER, EC as the point
// bytes of the certificate's SubjectPublicKeyInfo (uncompressed, 0x04 || X || Y, in
// practice). Converts to and from SPKI so WebCrypto can import them.
import { concatBytes, sameBytes } from './bytes';
import { DerError, derChildren, derEncode, readDer } from './der';

const OID_RSA = Uint8Array.of(0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01);
const OID_EC = Uint8Array.of(0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01);

export type CtlPublicKey = { kind: 'rsa'; pkcs1: Uint8Array; modulusBits: number } | { kind: 'ec'; point: Uint8Array };

/** Splits a SubjectPublicKeyInfo into the CTL's PUBLIC_KEY form. */
export function publicKeyFromSpki(spki: Uint8Array): CtlPublicKey {
  const root = readDer(spki, 0);
  const [algorithm, bitString] = derChildren(spki, root);
  if (!algorithm || !bitString || bitString.tag !== 0x03) throw new DerError('not a SubjectPublicKeyInfo');
  const oid = readDer(spki, algorithm.valueOffset, algorithm.end);
  const oidBytes = spki.subarray(oid.offset, oid.end);
  if (bitString.end - bitString.valueOffset < 1 || spki[bitString.valueOffset] !== 0) {
    throw new DerError('public key BIT STRING has unused bits');
  }
  const key = spki.slice(bitString.valueOffset + 1, bitString.end);
  if (sameBytes(oidBytes, OID_RSA)) return { kind: 'rsa', pkcs1: key, modulusBits: rsaModulusBits(key) };
  if (sameBytes(oidBytes, OID_EC)) return { kind: 'ec', point: key };
  throw new DerError('public key is neither RSA nor EC');
}

/**
 * The PUBLIC_KEY field for a SubjectPublicKeyInfo: PKCS#1 for RSA, the uncompressed point
 * for EC. A compressed point is refused rather than written in a form phones do not expect.
 */
export function ctlPublicKeyField(spki: Uint8Array): Uint8Array {
  const key = publicKeyFromSpki(spki);
  if (key.kind === 'rsa') return key.pkcs1;
  if (key.point[0] !== 0x04) throw new DerError('EC public key is not an uncompressed point');
  return key.point;
}

/** Bit length of the modulus of a PKCS#1 RSAPublicKey. */
export function rsaModulusBits(pkcs1: Uint8Array): number {
  const root = readDer(pkcs1, 0);
  if (root.tag !== 0x30 || root.end !== pkcs1.length) throw new DerError('not an RSAPublicKey SEQUENCE');
  const [modulus, exponent] = derChildren(pkcs1, root);
  if (!modulus || !exponent || modulus.tag !== 0x02 || exponent.tag !== 0x02) throw new DerError('not an RSAPublicKey');
  let at = modulus.valueOffset;
  while (at < modulus.end && pkcs1[at] === 0) at++;
  if (at === modulus.end) throw new DerError('RSA modulus is zero');
  return (modulus.end - at - 1) * 8 + (32 - Math.clz32(pkcs1[at] as number));
}

/** Wraps a PKCS#1 RSAPublicKey in a SubjectPublicKeyInfo (rsaEncryption, NULL parameters). */
export function rsaSpkiFromPkcs1(pkcs1: Uint8Array): Uint8Array {
  rsaModulusBits(pkcs1); // validates the structure first
  const algorithm = derEncode(0x30, concatBytes(OID_RSA, Uint8Array.of(0x05, 0x00)));
  return derEncode(0x30, concatBytes(algorithm, derEncode(0x03, concatBytes(Uint8Array.of(0), pkcs1))));
}

/** The SubjectPublicKeyInfo DER inside a certificate DER (tbsCertificate field 7, or 6 without version). */
export function spkiFromCertificate(der: Uint8Array): Uint8Array {
  const cert = readDer(der, 0);
  const [tbs] = derChildren(der, cert);
  if (!tbs) throw new DerError('certificate has no tbsCertificate');
  const fields = derChildren(der, tbs);
  const skip = fields[0]?.tag === 0xa0 ? 1 : 0; // explicit [0] version
  const spki = fields[skip + 5];
  if (!spki || spki.tag !== 0x30) throw new DerError('certificate has no SubjectPublicKeyInfo');
  return der.slice(spki.offset, spki.end);
}
