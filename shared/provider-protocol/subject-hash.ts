// OpenSSL's subject-name hash (`openssl x509 -subject_hash`, X509_NAME_hash_ex), the name
// of `<hash>.0` files in a c_rehash certificate directory: the CAPF PEM copy a provider
// writes next to `capf.cer` is looked up under this name, so it must match OpenSSL's bytes.
//
// OpenSSL hashes a canonical re-encoding of the name (x509_name_canon in x_name.c):
// - every RDN is re-encoded as a DER SET OF its attributes (so sorted by encoding);
// - values of the string types UTF8String, BMPString, UniversalString, PrintableString,
//   T61String and IA5String become UTF8String, with ASCII whitespace trimmed at both ends,
//   every inner ASCII whitespace run collapsed to one space, and ASCII letters lowercased
//   (other bytes untouched); NumericString values stay as they are;
// - the RDN SETs are concatenated without the outer SEQUENCE header.
// The hash is SHA-1 of that; its first four bytes read little-endian, as 8 lowercase hex digits.
import { derChildren, derEncode, readDer, DerError, type DerNode } from '../ctl/der';
import { concatBytes } from './bytes';
import { sha1Bytes } from '../ctl/hash';

export class NameHashError extends Error {
  override readonly name = 'NameHashError';
}

const TAG = { utf8: 0x0c, printable: 0x13, t61: 0x14, ia5: 0x16, universal: 0x1c, bmp: 0x1e } as const;
const NUMERIC_STRING = 0x12;
const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;

// OpenSSL's ossl_isspace: space, \t, \n, \v, \f, \r.
const isSpace = (b: number) => b === 0x20 || (b >= 0x09 && b <= 0x0d);

/** Code points of a string value, decoded the way ASN1_STRING_to_UTF8 reads each type. */
function codePoints(tag: number, v: Uint8Array): number[] {
  const out: number[] = [];
  if (tag === TAG.bmp || tag === TAG.universal) {
    const width = tag === TAG.bmp ? 2 : 4;
    if (v.length % width !== 0) throw new NameHashError(`${tag === TAG.bmp ? 'BMPString' : 'UniversalString'} of ${v.length} bytes`);
    for (let i = 0; i < v.length; i += width) {
      let cp = 0;
      for (let k = 0; k < width; k++) cp = cp * 256 + (v[i + k] as number);
      if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) throw new NameHashError(`code point ${cp.toString(16)} cannot be written as UTF-8`);
      out.push(cp);
    }
    return out;
  }
  // PrintableString, T61String, IA5String: one byte, one character (Latin-1).
  for (const b of v) out.push(b);
  return out;
}

function utf8Value(tag: number, v: Uint8Array): Uint8Array {
  if (tag === TAG.utf8) {
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(v);
    } catch {
      throw new NameHashError('a UTF8String value is not valid UTF-8');
    }
    return v;
  }
  const out: number[] = [];
  for (const cp of codePoints(tag, v)) {
    if (cp < 0x80) out.push(cp);
    else if (cp < 0x800) out.push(0xc0 | (cp >> 6), 0x80 | (cp & 0x3f));
    else if (cp < 0x10000) out.push(0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
    else out.push(0xf0 | (cp >> 18), 0x80 | ((cp >> 12) & 0x3f), 0x80 | ((cp >> 6) & 0x3f), 0x80 | (cp & 0x3f));
  }
  return new Uint8Array(out);
}

/** asn1_string_canon on the UTF-8 bytes: trim, collapse whitespace runs, lowercase ASCII. */
function canonText(bytes: Uint8Array): Uint8Array {
  let start = 0;
  let end = bytes.length;
  while (start < end && isSpace(bytes[start] as number)) start++;
  while (end > start && isSpace(bytes[end - 1] as number)) end--;
  const out: number[] = [];
  for (let i = start; i < end; i++) {
    const b = bytes[i] as number;
    if (isSpace(b)) {
      out.push(0x20);
      while (i + 1 < end && isSpace(bytes[i + 1] as number)) i++;
    } else {
      out.push(b >= 0x41 && b <= 0x5a ? b + 0x20 : b);
    }
  }
  return new Uint8Array(out);
}

const CANON_TAGS: ReadonlySet<number> = new Set(Object.values(TAG));

function canonAttribute(der: Uint8Array, attr: DerNode): Uint8Array {
  if (attr.tag !== SEQUENCE) throw new NameHashError(`attribute at ${attr.offset} is not a SEQUENCE`);
  const parts = derChildren(der, attr);
  const [type, value] = parts;
  if (parts.length !== 2 || !type || !value || type.tag !== OID) throw new NameHashError(`attribute at ${attr.offset} is not {OID, value}`);
  const oid = der.subarray(type.offset, type.end);
  const raw = der.subarray(value.valueOffset, value.end);
  let canonValue: Uint8Array;
  if (CANON_TAGS.has(value.tag)) canonValue = derEncode(TAG.utf8, canonText(utf8Value(value.tag, raw)));
  else if (value.tag === NUMERIC_STRING) canonValue = derEncode(value.tag, raw); // OpenSSL keeps it as is
  else {
    // OpenSSL refuses a certificate with such a value (VisibleString, OCTET STRING, …) or
    // stores it in ways not worth copying for names no CA issues: there is no hash to match.
    throw new NameHashError(`attribute value of ASN.1 tag 0x${value.tag.toString(16)} at ${value.offset}: not a string type OpenSSL reads in a name`);
  }
  return derEncode(SEQUENCE, concatBytes(oid, canonValue));
}

// DER order of SET OF elements, as OpenSSL's der_cmp: bytewise, then shorter first.
function derCompare(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return (a[i] as number) - (b[i] as number);
  return a.length - b.length;
}

/** OpenSSL's canonical encoding of a DER Name (what X509_NAME_hash digests). */
export function opensslCanonicalName(nameDer: Uint8Array): Uint8Array {
  try {
    const name = readDer(nameDer, 0);
    if (name.tag !== SEQUENCE || name.end !== nameDer.length) throw new NameHashError('a Name must be one DER SEQUENCE');
    const sets = derChildren(nameDer, name).map((rdn) => {
      if (rdn.tag !== SET) throw new NameHashError(`RDN at ${rdn.offset} is not a SET`);
      const attrs = derChildren(nameDer, rdn);
      if (attrs.length === 0) throw new NameHashError(`RDN at ${rdn.offset} is empty`);
      return derEncode(SET, concatBytes(...attrs.map((a) => canonAttribute(nameDer, a)).sort(derCompare)));
    });
    return concatBytes(...sets);
  } catch (err) {
    if (err instanceof DerError) throw new NameHashError(`malformed Name: ${err.message}`);
    throw err;
  }
}

/** `openssl x509 -subject_hash` of a DER Name: 8 lowercase hex digits. */
export async function opensslNameHash(nameDer: Uint8Array): Promise<string> {
  const md = await sha1Bytes(opensslCanonicalName(nameDer));
  const value = ((md[0] as number) | ((md[1] as number) << 8) | ((md[2] as number) << 16) | ((md[3] as number) << 24)) >>> 0;
  return value.toString(16).padStart(8, '0');
}

/** The subject Name (DER) of a DER certificate. */
export function certificateSubjectDer(certDer: Uint8Array): Uint8Array {
  try {
    const cert = readDer(certDer, 0);
    const [tbs] = derChildren(certDer, cert);
    if (cert.tag !== SEQUENCE || !tbs || tbs.tag !== SEQUENCE) throw new NameHashError('not a DER X.509 certificate');
    const fields = derChildren(certDer, tbs);
    // tbsCertificate: [0] version (optional), serial, signature, issuer, validity, subject, …
    const subject = fields[(fields[0]?.tag === 0xa0 ? 1 : 0) + 4];
    if (!subject || subject.tag !== SEQUENCE) throw new NameHashError('the certificate has no subject Name');
    return certDer.slice(subject.offset, subject.end);
  } catch (err) {
    if (err instanceof DerError) throw new NameHashError(`not a DER X.509 certificate: ${err.message}`);
    throw err;
  }
}

/** `openssl x509 -subject_hash -noout` of a DER certificate. */
export async function opensslSubjectHash(certDer: Uint8Array): Promise<string> {
  return opensslNameHash(certificateSubjectDer(certDer));
}

/** The c_rehash name of a certificate's PEM copy (`<subject hash>.0`), e.g. for the CAPF certificate. */
export async function capfPemName(certDer: Uint8Array): Promise<string> {
  return `${await opensslSubjectHash(certDer)}.0`;
}
