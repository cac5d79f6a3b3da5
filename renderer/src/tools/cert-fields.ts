// Parses a certificate for the viewer with @peculiar/x509 (through shared/ctl/x509, which
// loads reflect-metadata first). This module is only reached by dynamic import, so the big
// library stays out of the initial bundle. It returns data, not words: the viewer words it in
// the UI language (extension names, key usages, key algorithm and size).
// Subject and issuer use the codec's canonical DN (CN=…;OU=…;O=…;C=…), the one rendering the
// CTL records, the entries table and the inspector show, so a name reads the same everywhere.
import { canonicalDn } from '../../../shared/ctl/dn';
import {
  AuthorityKeyIdentifierExtension,
  BasicConstraintsExtension,
  ExtendedKeyUsageExtension,
  KeyUsageFlags,
  KeyUsagesExtension,
  SubjectAlternativeNameExtension,
  SubjectKeyIdentifierExtension,
  X509Certificate,
} from '../../../shared/ctl/x509';
import type { Extension } from '../../../shared/ctl/x509';

/** Extensions the viewer names and decodes; others show their OID and the library's text. */
export const EXTENSION_KEYS: Record<string, string> = {
  '2.5.29.14': 'subjectKeyIdentifier',
  '2.5.29.15': 'keyUsage',
  '2.5.29.17': 'subjectAltName',
  '2.5.29.19': 'basicConstraints',
  '2.5.29.31': 'crlDistributionPoints',
  '2.5.29.32': 'certificatePolicies',
  '2.5.29.35': 'authorityKeyIdentifier',
  '2.5.29.37': 'extendedKeyUsage',
  '1.3.6.1.5.5.7.1.1': 'authorityInfoAccess',
};

/** Extended key usages by OID (RFC 5280 and the ones Cisco certificates carry). */
export const EKU_KEYS: Record<string, string> = {
  '1.3.6.1.5.5.7.3.1': 'serverAuth',
  '1.3.6.1.5.5.7.3.2': 'clientAuth',
  '1.3.6.1.5.5.7.3.3': 'codeSigning',
  '1.3.6.1.5.5.7.3.4': 'emailProtection',
  '1.3.6.1.5.5.7.3.5': 'ipsecEndSystem',
  '1.3.6.1.5.5.7.3.8': 'timeStamping',
  '1.3.6.1.5.5.7.3.9': 'ocspSigning',
  '1.3.6.1.5.5.8.2.2': 'ipsecIke',
};

export type DecodedExtension =
  | { kind: 'basic-constraints'; ca: boolean; pathLength: number | null }
  | { kind: 'key-usage'; usages: string[] }
  | { kind: 'extended-key-usage'; usages: string[] }
  | { kind: 'names'; names: { type: string; value: string }[] }
  | { kind: 'key-id'; keyId: string }
  | { kind: 'text'; text: string };

export interface ExtensionField {
  oid: string;
  /** Key of the extension's name (EXTENSION_KEYS), or null for one the viewer does not know. */
  key: string | null;
  critical: boolean;
  decoded: DecodedExtension;
}

export interface PublicKeyField {
  /** "RSA", "EC" or the algorithm's own name. */
  algorithm: string;
  bits: number | null;
  curve: string | null;
}

export interface CertificateFields {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  sha1: string;
  publicKey: PublicKeyField;
  /** Signature: the scheme ("RSA", "RSA-PSS", "ECDSA" or other) and its hash ("SHA-256"). */
  signature: { scheme: string; hash: string | null };
  extensions: ExtensionField[];
}

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Web Crypto's Algorithm shape, declared here so this module also type-checks without DOM types
// (the Node tests import it).
interface AlgorithmLike {
  name: string;
  hash?: AlgorithmLike | string;
  modulusLength?: number;
  namedCurve?: string;
}

const SCHEMES: Record<string, string> = { 'RSASSA-PKCS1-v1_5': 'RSA', 'RSA-PSS': 'RSA-PSS', ECDSA: 'ECDSA' };
const KEY_ALGORITHMS: Record<string, string> = { 'RSASSA-PKCS1-v1_5': 'RSA', 'RSA-PSS': 'RSA', 'RSA-OAEP': 'RSA', ECDSA: 'EC', ECDH: 'EC' };

function keyUsageNames(flags: number): string[] {
  return Object.entries(KeyUsageFlags)
    .filter((entry): entry is [string, number] => typeof entry[1] === 'number' && (flags & entry[1]) !== 0)
    .map(([name]) => name);
}

function decode(ext: Extension): DecodedExtension {
  try {
    if (ext instanceof BasicConstraintsExtension) return { kind: 'basic-constraints', ca: ext.ca, pathLength: ext.pathLength ?? null };
    if (ext instanceof KeyUsagesExtension) return { kind: 'key-usage', usages: keyUsageNames(ext.usages) };
    if (ext instanceof ExtendedKeyUsageExtension) return { kind: 'extended-key-usage', usages: ext.usages.map((u) => EKU_KEYS[String(u)] ?? String(u)) };
    if (ext instanceof SubjectAlternativeNameExtension) return { kind: 'names', names: ext.names.items.map((n) => ({ type: n.type, value: n.value })) };
    if (ext instanceof SubjectKeyIdentifierExtension) return { kind: 'key-id', keyId: ext.keyId };
    if (ext instanceof AuthorityKeyIdentifierExtension && ext.keyId) return { kind: 'key-id', keyId: ext.keyId };
  } catch {
    // A malformed extension is shown as text below rather than hiding the certificate.
  }
  return { kind: 'text', text: ext.toString('text').split('\n').slice(1).join(' ').trim().slice(0, 400) };
}

export async function parseCertificate(derBase64: string): Promise<CertificateFields> {
  const der = Uint8Array.from(atob(derBase64), (c) => c.charCodeAt(0));
  const cert = new X509Certificate(der);
  const key = cert.publicKey.algorithm as AlgorithmLike;
  const sig = cert.signatureAlgorithm as unknown as AlgorithmLike;
  const sigHash = typeof sig.hash === 'string' ? sig.hash : (sig.hash?.name ?? null);
  return {
    subject: canonicalDn(cert.subjectName),
    issuer: canonicalDn(cert.issuerName),
    serial: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: hex(await crypto.subtle.digest('SHA-256', der)),
    sha1: hex(await crypto.subtle.digest('SHA-1', der)),
    publicKey: { algorithm: KEY_ALGORITHMS[key.name] ?? key.name, bits: key.modulusLength ?? null, curve: key.namedCurve ?? null },
    signature: { scheme: SCHEMES[sig.name] ?? sig.name, hash: sigHash },
    extensions: cert.extensions.map((ext) => ({ oid: ext.type, key: EXTENSION_KEYS[ext.type] ?? null, critical: ext.critical, decoded: decode(ext) })),
  };
}
