// Parses a certificate for the viewer with @peculiar/x509 (through shared/ctl/x509, which
// loads reflect-metadata first). This module is only reached by dynamic import, so the big
// library stays out of the initial bundle.
// Subject and issuer use the codec's canonical DN (CN=…;OU=…;O=…;C=…), the one rendering the
// CTL records, the entries table and the inspector show, so a name reads the same everywhere.
import { canonicalDn } from '../../../shared/ctl/dn';
import { X509Certificate } from '../../../shared/ctl/x509';

export interface CertificateFields {
  subject: string;
  issuer: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  sha256: string;
  sha1: string;
  keyType: string;
  signatureAlgorithm: string;
  extensions: { oid: string; name: string; critical: boolean; value: string }[];
}

const EXTENSION_NAMES: Record<string, string> = {
  '2.5.29.14': 'Subject Key Identifier',
  '2.5.29.15': 'Key Usage',
  '2.5.29.17': 'Subject Alternative Name',
  '2.5.29.19': 'Basic Constraints',
  '2.5.29.31': 'CRL Distribution Points',
  '2.5.29.32': 'Certificate Policies',
  '2.5.29.35': 'Authority Key Identifier',
  '2.5.29.37': 'Extended Key Usage',
  '1.3.6.1.5.5.7.1.1': 'Authority Information Access',
};

function hex(buffer: ArrayBuffer): string {
  return [...new Uint8Array(buffer)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

// Web Crypto's Algorithm shape, declared here so this module also type-checks without DOM types
// (the Node tests import it).
interface AlgorithmLike {
  name: string;
}

function algorithmName(alg: AlgorithmLike & { hash?: AlgorithmLike | string }): string {
  const hash = typeof alg.hash === 'string' ? alg.hash : alg.hash?.name;
  return hash ? `${alg.name} / ${hash}` : alg.name;
}

export async function parseCertificate(derBase64: string): Promise<CertificateFields> {
  const der = Uint8Array.from(atob(derBase64), (c) => c.charCodeAt(0));
  const cert = new X509Certificate(der);
  const key = cert.publicKey.algorithm as AlgorithmLike & { modulusLength?: number; namedCurve?: string };
  const keyType = key.modulusLength ? `${key.name} ${key.modulusLength} bit` : key.namedCurve ? `${key.name} ${key.namedCurve}` : key.name;
  return {
    subject: canonicalDn(cert.subjectName),
    issuer: canonicalDn(cert.issuerName),
    serial: cert.serialNumber.toUpperCase(),
    notBefore: cert.notBefore.toISOString(),
    notAfter: cert.notAfter.toISOString(),
    sha256: hex(await crypto.subtle.digest('SHA-256', der)),
    sha1: hex(await crypto.subtle.digest('SHA-1', der)),
    keyType,
    signatureAlgorithm: algorithmName(cert.signatureAlgorithm as unknown as AlgorithmLike),
    extensions: cert.extensions.map((ext) => ({
      oid: ext.type,
      name: EXTENSION_NAMES[ext.type] ?? ext.type,
      critical: ext.critical,
      value: ext.toString('text').split('\n').slice(1).join(' ').trim().slice(0, 400),
    })),
  };
}
