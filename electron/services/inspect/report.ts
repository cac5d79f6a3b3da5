// What an inspection of a CTL/ITL file finds, as one object: `ctl-client inspect` prints it
// (its --json output, or as text) and the app's inspector shows it. Certificates are parsed
// here, on demand, not in the decoder.
import { sha256Hex } from '../../../shared/node/hash';
// Codec modules one by one, not its index, which loads the X.509 library (see certificateValidity).
import { certificateValidityAndKey } from '../../../shared/ctl/certificate-validity';
import { DerError } from '../../../shared/ctl/der';
import { hexSerial } from '../../../shared/ctl/hash';
import type { CtlFile, CtlRole, HashAlgorithm } from '../../../shared/ctl/model';
import { publicKeyFromSpki } from '../../../shared/ctl/public-key';
import type { CtlVerification, VerificationStatus } from '../../../shared/ctl/verify';

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
 * Validity of a record's certificate and a check of its key, both read from the DER by the
 * codec's walker in one pass. Loading the JavaScript X.509 library (describeCertificate) for two
 * dates would make `inspect` start several times slower, and an OpenSSL parse per record was a
 * third of its run time for a 64-entry CTL.
 */
function certificateValidity(der: Uint8Array): { notBefore: string; notAfter: string } {
  const { notBefore, notAfter, spki } = certificateValidityAndKey(der);
  try {
    if (spki === null) throw new DerError('certificate has no SubjectPublicKeyInfo');
    publicKeyFromSpki(spki);
  } catch (e) {
    throw new Error(`unsupported public key: ${(e as Error).message}`, { cause: e });
  }
  return { notBefore, notAfter };
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
