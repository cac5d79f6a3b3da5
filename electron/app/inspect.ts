// The app's CTL inspector: the same inspection as `ctl-client inspect`
// (electron/services/inspect/report.ts), as the plain view the renderer shows.
import { decodeCtl, displaySerial, verifyDecoded } from '../../shared/ctl/index';
import type { InspectedEntry, InspectedFile } from '../../shared/ipc/views';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
import { INPUT_FILE_LIMIT_TEXT } from '../../shared/ipc/limits';
import { sha256Hex } from '../../shared/node/hash';
import { buildInspectReport } from '../services/inspect/report';
import { AppError } from './errors';

function kindOf(filename: string): InspectedFile['kind'] {
  if (/^CTL/i.test(filename)) return 'CTL';
  if (/^ITL/i.test(filename)) return 'ITL';
  return 'unknown';
}

export async function inspectFile(name: string, bytes: Uint8Array): Promise<InspectedFile> {
  if (bytes.length === 0) throw new AppError('inspector-empty', `${name} is empty; choose a CTLFile.tlv or ITLFile.tlv.`);
  if (bytes.length > MAX_INSPECT_BYTES) throw new AppError('inspector-too-large', `${name} is larger than ${INPUT_FILE_LIMIT_TEXT}; CTL and ITL files are a few kilobytes.`);
  const file = decodeCtl(bytes);
  const verification = await verifyDecoded(bytes, file);
  const report = await buildInspectReport(file, verification);
  const entries: InspectedEntry[] = report.records.map((record, index) => {
    const der = file.records[index]?.certificate ?? null;
    return {
      index,
      role: record.role,
      dnsName: record.dnsName,
      ipAddress: record.ipAddress,
      subject: record.subject,
      issuer: record.issuer,
      serialHex: displaySerial(record.serial),
      notAfter: record.notAfter,
      certificate: der ? Buffer.from(der).toString('base64') : null,
    };
  });
  return {
    name,
    size: bytes.length,
    kind: kindOf(report.filename),
    filename: report.filename,
    version: report.version,
    hashAlgorithm: report.hashAlgorithm,
    modulusBits: file.modulusBits,
    timestamp: report.timestamp,
    signer: { subject: report.signer.subject, issuer: report.signer.issuer, serialHex: displaySerial(report.signer.serial) },
    signature: { valid: report.signatureValid, signerIndex: report.verification.signerIndex, problem: report.signatureValid ? null : verification.message },
    entries,
    sha256: sha256Hex(bytes),
  };
}
