// The CTL inspector: decodes a CTLFile.tlv / ITLFile.tlv, verifies its signature against its
// own SAST records and returns a plain view for the renderer.
import { decodeCtl, hexSerial, sha256Hex, verifyDecoded } from '../../shared/ctl/index';
import { X509Certificate } from '../../shared/ctl/x509';
import type { InspectedEntry, InspectedFile } from '../../shared/ipc/views';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
import { INPUT_FILE_LIMIT_TEXT } from '../../shared/ipc/limits';
import { AppError } from './errors';

function notAfterOf(der: Uint8Array | null): string | null {
  if (!der) return null;
  try {
    return new X509Certificate(der).notAfter.toISOString();
  } catch {
    return null;
  }
}

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
  const entries: InspectedEntry[] = file.records.map((record, index) => ({
    index,
    role: record.role,
    dnsName: record.dnsName,
    ipAddress: record.ipAddress,
    subject: record.subject,
    issuer: record.issuer,
    serialHex: hexSerial(record.serial).toUpperCase(),
    notAfter: notAfterOf(record.certificate),
    certificate: record.certificate ? Buffer.from(record.certificate).toString('base64') : null,
  }));
  return {
    name,
    size: bytes.length,
    kind: kindOf(file.filename),
    filename: file.filename,
    version: `${file.version.major}.${file.version.minor}`,
    hashAlgorithm: file.hashAlgorithm,
    modulusBits: file.modulusBits,
    timestamp: new Date(file.timestamp * 1000).toISOString(),
    signer: { subject: file.signer.subject, issuer: file.signer.issuer, serialHex: hexSerial(file.signer.serial).toUpperCase() },
    signature: { valid: verification.signatureValid, signerIndex: verification.signerIndex, reason: verification.reason },
    entries,
    sha256: await sha256Hex(bytes),
  };
}
