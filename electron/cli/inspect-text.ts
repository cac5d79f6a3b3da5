// `ctl-client inspect` as text: the inspection report (electron/services/inspect) in lines.
import { displaySerial } from '../../shared/ctl/hash';
import type { HashAlgorithm } from '../../shared/ctl/model';
import type { VerificationStatus } from '../../shared/ctl/verify';
import type { InspectReport } from '../services/inspect/report';

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
    `  serial:   ${displaySerial(report.signer.serial)}`,
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
      `  Serial:     ${displaySerial(r.serial)}`,
      `  Validity:   ${r.notBefore && r.notAfter ? `${r.notBefore} to ${r.notAfter}` : '-'}`,
      `  SHA-256:    ${r.certificateSha256 ? colonHex(r.certificateSha256) : '- (no certificate)'}`,
    );
    if (r.certificateError) lines.push(`  Note:       certificate not parseable: ${r.certificateError}`);
  });
  return lines.join('\n');
}
