// Reads the certificates on a token and describes them; recognises the SAST certificate.
import { X509Certificate } from 'node:crypto';
import { signerFromCertificate } from '../../../shared/ctl';
import type { TokenCertificate } from '../../../shared/tokens/types';
import {
  CKA_CLASS,
  CKA_CERTIFICATE_TYPE,
  CKA_ID,
  CKA_LABEL,
  CKA_VALUE,
  CKC_X_509,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
  CKO_PUBLIC_KEY,
} from './constants';
import { attributeBuffer, findAll, type Handle, type Pkcs11Api } from './pkcs11-api';

function firstCn(dn: string): string {
  const line = dn.split('\n').find((part) => part.startsWith('CN='));
  return line ? line.slice(3) : '';
}

type Described = Omit<TokenCertificate, 'id' | 'objectLabel' | 'hasPrivateKey'>;

/**
 * Descriptions by DER (base64): every list and every key lookup reads the same few
 * certificates, and parsing one costs about a millisecond. Bounded: cleared when full.
 */
const described = new Map<string, Described>();
const DESCRIBED_MAX = 256;

function describeDer(der: Buffer): Described {
  const base64 = der.toString('base64');
  const known = described.get(base64);
  if (known) return known;
  const cert = new X509Certificate(der);
  // The codec's canonical DN (as the CTL and inspect show it), so a token's certificate and
  // its SAST record read the same everywhere.
  const names = signerFromCertificate(new Uint8Array(der));
  const facts: Described = {
    subject: names.subject,
    issuer: names.issuer,
    subjectCn: firstCn(cert.subject),
    serial: cert.serialNumber.toUpperCase(),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256.replaceAll(':', '').toLowerCase(),
    der: base64,
  };
  if (described.size >= DESCRIBED_MAX) described.clear();
  described.set(base64, facts);
  return facts;
}

export function describeCertificate(der: Buffer, id: string, objectLabel: string, hasPrivateKey: boolean): TokenCertificate {
  const facts = describeDer(der);
  return {
    id,
    objectLabel,
    subject: facts.subject,
    issuer: facts.issuer,
    subjectCn: facts.subjectCn,
    serial: facts.serial,
    notBefore: facts.notBefore,
    notAfter: facts.notAfter,
    sha256: facts.sha256,
    hasPrivateKey,
    der: facts.der,
  };
}

function idsOf(api: Pkcs11Api, session: Handle, objectClass: number): Set<string> {
  const ids = new Set<string>();
  for (const handle of findAll(api, session, [{ type: CKA_CLASS, value: objectClass }])) {
    const id = attributeBuffer(api.C_GetAttributeValue(session, handle, [{ type: CKA_ID }]), CKA_ID);
    if (id) ids.add(id.toString('hex'));
  }
  return ids;
}

/**
 * Lists the X.509 certificates on the token. Private keys are usually CKA_PRIVATE and only
 * visible after login; before login a public key with the same CKA_ID stands in for the
 * key pair (the way tokens are personalised), after login the private key itself is checked.
 */
export function readCertificates(api: Pkcs11Api, session: Handle, loggedIn: boolean): TokenCertificate[] {
  const privateIds = idsOf(api, session, CKO_PRIVATE_KEY);
  const keyIds = loggedIn ? privateIds : new Set([...privateIds, ...idsOf(api, session, CKO_PUBLIC_KEY)]);
  const handles = findAll(api, session, [
    { type: CKA_CLASS, value: CKO_CERTIFICATE },
    { type: CKA_CERTIFICATE_TYPE, value: CKC_X_509 },
  ]);
  const result: TokenCertificate[] = [];
  for (const handle of handles) {
    const attrs = api.C_GetAttributeValue(session, handle, [{ type: CKA_VALUE }, { type: CKA_ID }, { type: CKA_LABEL }]);
    const der = attributeBuffer(attrs, CKA_VALUE);
    if (!der || der.length === 0) continue;
    const id = (attributeBuffer(attrs, CKA_ID) ?? Buffer.alloc(0)).toString('hex');
    const label = (attributeBuffer(attrs, CKA_LABEL) ?? Buffer.alloc(0)).toString('utf8');
    try {
      result.push(describeCertificate(der, id, label, id !== '' && keyIds.has(id)));
    } catch {
      // A certificate object the X.509 parser rejects cannot be a SAST certificate; skip it.
    }
  }
  return result;
}

/**
 * The SAST certificate: the only usable one, or the single usable one whose CN starts with
 * "SAST". Null when the caller must choose (several candidates, or none with a key).
 */
export function pickSastCertificate(certs: TokenCertificate[]): number | null {
  const usable = certs.map((cert, index) => ({ cert, index })).filter(({ cert }) => cert.hasPrivateKey);
  if (usable.length === 1) return usable[0]!.index;
  const sast = usable.filter(({ cert }) => cert.subjectCn.toUpperCase().startsWith('SAST'));
  return sast.length === 1 ? sast[0]!.index : null;
}
