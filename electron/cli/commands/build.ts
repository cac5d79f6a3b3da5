// ctl-client build --out <file> --signer <pem> --entry role=…,cert=…[,dns=…][,ip=…] …
//                  [--hash sha1|sha512] [--timestamp <unix seconds>] [--strict]
// Adds the signer as a SAST entry unless listed, refuses unreadable certificates (naming
// the file), checks that the result verifies, then writes it atomically.
import { certificateValidity } from '../../../shared/ctl/certificate-validity';
import {
  CtlCertificateError, CtlEncodeError, encodeCtl, isIpv4, recordFromCertificate, rsaModulusBitsOfCertificate,
  sameDn, sameSerial, signerFromCertificate, verifyCtl, MODULUS_BITS, WRITABLE_HASHES, type CtlRecord, type CtlRole,
  type HashAlgorithm, type ModulusBits,
} from '../../../shared/ctl';
import { writeFileAtomic } from '../../../shared/node/atomic-write';
import { pemBlocks } from '../../services/signing/pem';
import { CliError, UsageError, ioReason, parseCommandArgs, parseKeyValueList } from '../args';
import { readInputFile } from '../input-file';
import { chooseSignerSource, signerSources, type CliSigner, type SignerSource } from '../signer-sources';
import { BUILD_ENTRY_ROLES as ENTRY_ROLES } from '../usage';
import { printLine, printError } from '../print';

const HASHES: readonly HashAlgorithm[] = WRITABLE_HASHES;


export interface EntrySpec {
  role: CtlRole;
  cert: string;
  dns: string;
  ip: string | null;
}

export function parseEntry(text: string, index: number): EntrySpec {
  const what = `--entry ${index + 1}`;
  const kv = parseKeyValueList(text, ['role', 'cert', 'dns', 'ip'], what);
  const role = kv.role as CtlRole | undefined;
  if (!role || !ENTRY_ROLES.includes(role)) throw new UsageError(`${what}: role must be one of ${ENTRY_ROLES.join(', ')}`);
  if (!kv.cert) throw new UsageError(`${what}: cert=<file> is required`);
  if (kv.ip !== undefined && !isIpv4(kv.ip)) throw new UsageError(`${what}: ip "${kv.ip}" is not a dotted IPv4 address`);
  return { role, cert: kv.cert, dns: kv.dns ?? '', ip: kv.ip ?? null };
}

/** The first certificate of a PEM file, or the file itself when it is DER. */
export async function readCertificateFile(path: string): Promise<Uint8Array> {
  const data = await readInputFile(path, 'certificate');
  if (data[0] === 0x30) return data;
  const cert = pemBlocks(new TextDecoder('utf-8').decode(data)).find((b) => b.label === 'CERTIFICATE');
  if (!cert) throw new CliError(`certificate ${path} holds no CERTIFICATE block`);
  return cert.der;
}

/** The certificate file of --entry `index` (0-based); a read error names the entry. */
export async function entryCertificate(spec: EntrySpec, index: number): Promise<Uint8Array> {
  try {
    return await readCertificateFile(spec.cert);
  } catch (e) {
    if (e instanceof CliError) throw new CliError(`entry ${index + 1}: ${e.message}`);
    throw e;
  }
}

async function entryRecord(spec: EntrySpec, index: number): Promise<CtlRecord> {
  const der = await entryCertificate(spec, index);
  try {
    return recordFromCertificate(spec.role, der, { dnsName: spec.dns, ipAddress: spec.ip });
  } catch (e) {
    if (e instanceof CtlCertificateError) throw new CliError(`entry ${index + 1}: cannot use certificate ${spec.cert}: ${e.message}`);
    throw e;
  }
}

function signerModulus(signer: CliSigner): ModulusBits {
  let bits: number | null;
  try {
    bits = rsaModulusBitsOfCertificate(signer.certificate);
  } catch (e) {
    throw new CliError(`signer ${signer.description}: ${(e as Error).message}`);
  }
  if (bits === null) throw new CliError(`signer ${signer.description}: the certificate key is not RSA`);
  if (!(MODULUS_BITS as readonly number[]).includes(bits)) {
    throw new CliError(`signer ${signer.description}: ${bits}-bit RSA keys cannot sign a CTL (${MODULUS_BITS.join('/')})`);
  }
  return bits as ModulusBits;
}

const TIMESTAMP_RULE = '--timestamp must be a whole number of seconds since 1970, 0 to 4294967295';

function parseTimestamp(value: string | undefined): number {
  if (value === undefined) return Math.floor(Date.now() / 1000);
  if (!/^\d{1,10}$/.test(value) || Number(value) > 0xffffffff) throw new UsageError(TIMESTAMP_RULE);
  return Number(value);
}

/** parseArgs calls `--timestamp -5` "ambiguous" (it looks like an option); say what is wrong. */
function refuseDashTimestamp(argv: string[]): void {
  argv.forEach((arg, i) => {
    if (arg === '--timestamp' && argv[i + 1]?.startsWith('-')) throw new UsageError(TIMESTAMP_RULE);
  });
}

export async function run(argv: string[]): Promise<number> {
  refuseDashTimestamp(argv);
  // Each signer source brings its own options (string or boolean); build adds its own.
  const sourceOptions: SignerSource['options'] = Object.assign({}, ...signerSources.map((s) => s.options));
  // No positionals: every input is a named option, so a stray word is a usage error.
  const { values } = parseCommandArgs(argv, {
    ...sourceOptions,
    out: { type: 'string' },
    entry: { type: 'string', multiple: true },
    hash: { type: 'string', default: 'sha1' },
    timestamp: { type: 'string' },
    strict: { type: 'boolean', default: false },
  }, false);
  if (!values.out) throw new UsageError('--out <file> is required');
  const hash = values.hash as HashAlgorithm;
  if (hash === 'sha256') {
    throw new CliError('--hash sha256 is refused: phones verify a CTL signed with SHA-1 or SHA-512 only and would reject this file; use --hash sha1 or --hash sha512', 4);
  }
  if (!HASHES.includes(hash)) throw new UsageError(`--hash must be one of ${HASHES.join(', ')}`);
  const timestamp = parseTimestamp(values.timestamp);
  const specs = (values.entry ?? []).map(parseEntry);
  const source = chooseSignerSource(values);

  const records: CtlRecord[] = [];
  for (const [i, spec] of specs.entries()) records.push(await entryRecord(spec, i));

  const signer = await source.load(values);
  try {
    const modulusBits = signerModulus(signer);
    const signerInfo = signerFromCertificate(signer.certificate);
    const listed = records.some(
      (r) => r.role === 'SAST' && sameSerial(r.serial, signerInfo.serial) && sameDn(r.issuer, signerInfo.issuer),
    );
    const warnings: string[] = [];
    if (!listed) {
      records.unshift(recordFromCertificate('SAST', signer.certificate));
      warnings.push('the signer is not listed among the --entry values; it was added as a SAST entry (phones trust the next CTL only if it is signed by a SAST listed here)');
    }
    const notAfter = Date.parse(certificateValidity(signer.certificate).notAfter);
    if (notAfter < Date.now()) warnings.push(`the signer's certificate expired on ${new Date(notAfter).toISOString().slice(0, 10)}`);
    const sastCount = records.filter((r) => r.role === 'SAST').length;
    if (sastCount < 2) warnings.push('fewer than two SAST entries; losing that token strands the phones');
    for (const w of warnings) printError(`ctl-client: warning: ${w}`);
    if (values.strict && warnings.length > 0) throw new CliError(`--strict: not written (${warnings.length} warning(s))`, 4);

    let bytes: Uint8Array;
    try {
      bytes = await encodeCtl({ signer: signerInfo, hashAlgorithm: hash, modulusBits, timestamp, records }, signer.sign);
    } catch (e) {
      if (e instanceof CtlEncodeError) throw new CliError(`cannot encode the CTL: ${e.message}`);
      throw e;
    }
    const check = await verifyCtl(bytes);
    if (!check.signatureValid) {
      throw new CliError(`the built CTL does not verify (${check.reason}); does the private key belong to the signer certificate?`);
    }
    try {
      await writeFileAtomic(values.out, bytes);
    } catch (e) {
      throw new CliError(`cannot write ${values.out}: ${ioReason(e)}`);
    }
    const sasts = records.filter((r) => r.role === 'SAST').length;
    printLine(`wrote ${values.out}: ${bytes.length} bytes, ${records.length} records (${sasts} SAST), ${hash}, signed by ${signerInfo.subject}`);
    return 0;
  } finally {
    await signer.close?.();
  }
}
