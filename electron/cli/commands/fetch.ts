// ctl-client fetch --tftp host[:port] … : downloads the CTL the way a phone does (TFTP) from
// each server given, prints size and SHA-256, and compares it byte for byte with a local file.
import { createHash } from 'node:crypto';
import { decodeCtl, verifyDecoded } from '../../../shared/ctl';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import {
  ETHERNET_BLOCK_SIZE, TFTP_PORT, TftpError, firstDifference, serverName, tftpRead, type TftpReadResult,
} from '../../services/tftp';
import { CliError, UsageError, ioReason, parseCommandArgs, parseIntegerOption } from '../args';
import { readInputFile } from '../input-file';
import { printLine } from '../print';

export const EXIT_DIFFERS = 3;
export const EXIT_TFTP = 4;

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** `host`, `host:port`, `[v6]` or `[v6]:port`. */
export function parseTftpServer(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:\s[\]]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--tftp "${text}" is not host or host:port`);
  const port = m[2] === undefined ? TFTP_PORT : Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--tftp port ${port} is out of range`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

interface Comparison {
  file: string;
  identical: boolean;
  bytes: number;
  sha256: string;
  /** Offset of the first differing byte (or where the shorter file ends); null when identical. */
  firstDifference: number | null;
}

function compare(fetched: Uint8Array, local: Uint8Array, file: string): Comparison {
  const diff = firstDifference(fetched, local);
  return { file, identical: diff === null, bytes: local.length, sha256: sha256(local), firstDifference: diff };
}

async function ctlSummary(bytes: Uint8Array) {
  try {
    const file = decodeCtl(bytes);
    const v = await verifyDecoded(bytes, file);
    return { signedAt: new Date(file.timestamp * 1000).toISOString(), signer: file.signer.subject, signatureValid: v.signatureValid, records: file.records.length };
  } catch (e) {
    return { error: `not a well-formed CTL: ${(e as Error).message}` };
  }
}

type ServerReport =
  | { server: string; ok: true; bytes: number; sha256: string; blockSize: number; retransmissions: number;
    ctl: Awaited<ReturnType<typeof ctlSummary>>; compare?: Comparison }
  | { server: string; ok: false; error: { code: string; message: string } };

function formatText(file: string, reports: ServerReport[]): string {
  const out: string[] = [];
  for (const r of reports) {
    if (!r.ok) {
      out.push(`${r.server}  ${file}: FAILED (${r.error.code}): ${r.error.message}`);
      continue;
    }
    out.push(`${r.server}  ${file}: ${r.bytes} bytes, SHA-256 ${r.sha256} (block size ${r.blockSize}${r.retransmissions ? `, ${r.retransmissions} packets sent again` : ''})`);
    if ('error' in r.ctl) out.push(`  ${r.ctl.error}`);
    else out.push(`  CTL signed ${r.ctl.signedAt} by ${r.ctl.signer}, ${r.ctl.records} records, signature ${r.ctl.signatureValid ? 'valid' : 'INVALID'}`);
    const c = r.compare;
    if (c?.identical) out.push(`  identical to ${c.file}`);
    else if (c) out.push(`  DIFFERS from ${c.file} (${c.bytes} bytes, SHA-256 ${c.sha256}): first difference at byte ${c.firstDifference}`);
  }
  return out.join('\n');
}

export async function run(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs(argv, {
    tftp: { type: 'string', multiple: true }, file: { type: 'string', default: 'CTLFile.tlv' }, out: { type: 'string' },
    compare: { type: 'string' }, json: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '1000' }, retries: { type: 'string', default: '5' }, blksize: { type: 'string', default: String(ETHERNET_BLOCK_SIZE) },
  }, false);
  const servers = (values.tftp ?? []).map(parseTftpServer);
  if (servers.length === 0) throw new UsageError('--tftp is required');
  if (values.out && servers.length > 1) throw new UsageError('--out takes one download: give one --tftp');
  if (!values.file || values.file.includes('\0')) throw new UsageError('--file must be a file name');
  const timeoutMs = parseIntegerOption(values.timeout, 'timeout', 50, 60_000);
  const retries = parseIntegerOption(values.retries, 'retries', 0, 20);
  const blockSize = parseIntegerOption(values.blksize, 'blksize', 8, 65464);
  const local = values.compare === undefined ? null : await readInputFile(values.compare, 'file to compare');

  const reports: ServerReport[] = [];
  let saved: Uint8Array | null = null;
  for (const { host, port } of servers) {
    const server = serverName({ host, port });
    let result: TftpReadResult;
    try {
      result = await tftpRead({ host, port, file: values.file, timeoutMs, retries, blockSize });
    } catch (e) {
      if (!(e instanceof TftpError)) throw e;
      reports.push({ server, ok: false, error: { code: e.code, message: e.reason } });
      continue;
    }
    saved = result.bytes;
    reports.push({
      server, ok: true, bytes: result.bytes.length, sha256: sha256(result.bytes), blockSize: result.blockSize,
      retransmissions: result.retransmissions, ctl: await ctlSummary(result.bytes),
      ...(local && values.compare ? { compare: compare(result.bytes, local, values.compare) } : {}),
    });
  }
  if (values.out && saved) {
    try {
      await writeFileAtomic(values.out, saved);
    } catch (e) {
      throw new CliError(`cannot write ${values.out}: ${ioReason(e)}`);
    }
  }
  printLine(values.json ? JSON.stringify({ file: values.file, servers: reports }, null, 2) : formatText(values.file, reports));
  if (reports.some((r) => !r.ok)) return EXIT_TFTP;
  if (reports.some((r) => r.ok && r.compare && !r.compare.identical)) return EXIT_DIFFERS;
  return 0;
}
