// The data `ctl-client inspect` prints, as one object (its --json output) and as text.
// Certificates are parsed here, on demand, not in the decoder.
import { X509Certificate, createHash } from 'node:crypto';
// Codec modules one by one, not its index, which loads the X.509 library (see certificateValidity).
import { hexSerial } from '../../shared/ctl/hash';
import type { CtlFile, CtlRole, HashAlgorithm } from '../../shared/ctl/model';
import { publicKeyFromSpki, spkiFromCertificate } from '../../shared/ctl/public-key';
import type { CtlVerification, VerificationStatus } from '../../shared/ctl/verify';

export interface InspectRecord {
  role: CtlRole;
  dnsName: string;
  ipAddress: string | null;
  subject: string;
  issuer: string;
  /** Lowercase hex of the serial bytes as stored. */
  serial: string;
  notBefore: string | null;
  notAfter: string | null;
  /** Lowercase hex SHA-256 of the certificate DER; null when the record carries none. */
  certificateSha256: string | null;
  /** Why the certificate could not be parsed, when it could not. */
  certificateError?: string;
}

export interface InspectReport {
  version: string;
  headerLength: number;
  filename: string;
  timestamp: string;
  hashAlgorithm: HashAlgorithm;
  signer: { subject: string; issuer: string; serial: string };
  signatureValid: boolean;
  verification: { status: VerificationStatus; reason: string; signerIndex: number | null };
  records: InspectRecord[];
}

/**
 * Validity of a record's certificate through Node's X.509 parser (OpenSSL). Loading the
 * JavaScript X.509 library (describeCertificate) for two dates would make `inspect` start
 * several times slower; the key is checked with the codec's own rule all the same.
 */
function certificateValidity(der: Uint8Array): { notBefore: string; notAfter: string } {
  const cert = new X509Certificate(der);
  try {
    publicKeyFromSpki(spkiFromCertificate(der));
  } catch (e) {
    throw new Error(`unsupported public key: ${(e as Error).message}`, { cause: e });
  }
  // OpenSSL prints "Jan  1 00:00:00 2025 GMT", which Date parses.
  return { notBefore: new Date(cert.validFrom).toISOString(), notAfter: new Date(cert.validTo).toISOString() };
}

/**
 * Node's synchronous hash rather than WebCrypto's (shared/ctl/hash.ts, which the browser
 * needs too): one promise and thread-pool job per record made up a good part of inspect's
 * run. Lowercase hex, as toHex.
 */
function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function inspectRecord(record: CtlFile['records'][number]): InspectRecord {
  const out: InspectRecord = {
    role: record.role,
    dnsName: record.dnsName,
    ipAddress: record.ipAddress,
    subject: record.subject,
    issuer: record.issuer,
    serial: hexSerial(record.serial),
    notBefore: null,
    notAfter: null,
    certificateSha256: record.certificate ? sha256Hex(record.certificate) : null,
  };
  if (record.certificate) {
    try {
      Object.assign(out, certificateValidity(record.certificate));
    } catch (e) {
      out.certificateError = (e as Error).message;
    }
  }
  return out;
}

export async function buildInspectReport(file: CtlFile, verification: CtlVerification): Promise<InspectReport> {
  return {
    version: `${file.version.major}.${file.version.minor}`,
    headerLength: file.headerLength,
    filename: file.filename,
    timestamp: new Date(file.timestamp * 1000).toISOString(),
    hashAlgorithm: file.hashAlgorithm,
    signer: { subject: file.signer.subject, issuer: file.signer.issuer, serial: hexSerial(file.signer.serial) },
    signatureValid: verification.signatureValid,
    verification: { status: verification.status, reason: verification.reason, signerIndex: verification.signerIndex },
    records: file.records.map(inspectRecord),
  };
}

const HASH_LABEL: Record<HashAlgorithm, string> = { sha1: 'SHA-1', sha256: 'SHA-256', sha512: 'SHA-512' };
const STATUS_LABEL: Record<VerificationStatus, string> = {
  valid: 'VALID',
  'invalid-signature': 'INVALID',
  'no-matching-sast': 'NO MATCHING SAST',
};

function colonHex(hex: string): string {
  return (hex.match(/../g) ?? []).join(':').toUpperCase();
}

export function formatInspectText(report: InspectReport, fileSize: number): string {
  const lines = [
    `File:       ${report.filename}, version ${report.version}, ${fileSize} bytes, header ${report.headerLength} bytes`,
    `Timestamp:  ${report.timestamp}`,
    `Hash:       ${HASH_LABEL[report.hashAlgorithm]}`,
    `Signer:     ${report.signer.subject}`,
    `  issuer:   ${report.signer.issuer}`,
    `  serial:   ${report.signer.serial}`,
    `Signature:  ${STATUS_LABEL[report.verification.status]} (${report.verification.reason})`,
    `Records:    ${report.records.length}`,
  ];
  report.records.forEach((r, i) => {
    lines.push(
      '',
      `[${i}] ${r.role}${i === report.verification.signerIndex ? '  (signer)' : ''}`,
      `  DNS name:   ${r.dnsName || '-'}`,
      `  IP:         ${r.ipAddress ?? '-'}`,
      `  Subject:    ${r.subject}`,
      `  Issuer:     ${r.issuer}`,
      `  Serial:     ${r.serial}`,
      `  Validity:   ${r.notBefore && r.notAfter ? `${r.notBefore} to ${r.notAfter}` : '-'}`,
      `  SHA-256:    ${r.certificateSha256 ? colonHex(r.certificateSha256) : '- (no certificate)'}`,
    );
    if (r.certificateError) lines.push(`  Note:       certificate not parseable: ${r.certificateError}`);
  });
  return lines.join('\n');
}
