// Verifier: finds the SAST record whose serial and issuer match the header's signer and
// checks the RSA PKCS#1 v1.5 signature over the file minus the SIGNATURE TLV with a verifier
// (WebCrypto unless the caller passes another). Format errors propagate as CtlFormatError;
// everything else is a result.
// The section by name: a bundle then carries these templates, not the whole catalog.
import { verify } from '../i18n/engine.en.json';
import { formatMessage, isMessage, msg, type Catalog, type Message } from '../session/messages';
import { DerError } from './der';
import { decodeCtl, signedBytes } from './decode';
import { sameDn } from './dn-compare';
import { sameSerial } from './hash';
import type { CtlFile, CtlRole, HashAlgorithm } from './model';
import { rsaSpkiFromPkcs1, spkiFromCertificate } from './public-key';
import { WEBCRYPTO_HASH } from './tags';

export type VerificationStatus = 'valid' | 'invalid-signature' | 'no-matching-sast';

export interface CtlVerification {
  status: VerificationStatus;
  signatureValid: boolean;
  /** Index in file.records of the SAST record matching the signer, or null. */
  signerIndex: number | null;
  signerRole: CtlRole | null;
  /** One sentence for people: why it is (not) valid. */
  /** The outcome as a message (worded where it is shown). */
  message: Message;
  /** The outcome in English, for logs, the command line and the JSON report. */
  reason: string;
  file: CtlFile;
}

/** Index of the SAST record whose serial and issuer match the header's signer, or -1. */
export function findSignerRecord(file: CtlFile): number {
  return file.records.findIndex(
    (r) => r.role === 'SAST' && sameSerial(r.serial, file.signer.serial) && sameDn(r.issuer, file.signer.issuer),
  );
}

type VerifyKey = Awaited<ReturnType<typeof globalThis.crypto.subtle.importKey>>;

/**
 * Imported signer keys by hash algorithm and SPKI bytes. A cluster has a few SASTs, and every
 * CTL a process checks (the current one, the one just signed, each staged copy on a
 * provider) is signed by one of them; importing the same key again costs more than the
 * verification. Bounded: cleared when full.
 */
const importedKeys = new Map<string, Promise<VerifyKey>>();
const MAX_IMPORTED_KEYS = 64;

function importVerifyKey(spki: Uint8Array, hash: string): Promise<VerifyKey> {
  let key = '';
  for (const b of spki) key += String.fromCharCode(b);
  key = `${hash}|${key}`;
  let found = importedKeys.get(key);
  if (!found) {
    if (importedKeys.size >= MAX_IMPORTED_KEYS) importedKeys.clear();
    found = globalThis.crypto.subtle.importKey('spki', spki as Uint8Array<ArrayBuffer>, { name: 'RSASSA-PKCS1-v1_5', hash }, false, ['verify']);
    importedKeys.set(key, found);
    // A key that does not import is not kept: the error is reported to this caller only.
    found.catch(() => importedKeys.delete(key));
  }
  return found;
}

/**
 * How a signature is checked: RSA PKCS#1 v1.5 with the signer's SubjectPublicKeyInfo. WebCrypto
 * by default (shared/ code runs anywhere); a command line may pass Node's synchronous crypto
 * (shared/node/rsa-verify.ts), which spares it WebCrypto's promise and thread-pool job.
 */
export interface RsaVerifier<K = unknown> {
  /** The key to verify with; throws (or rejects) when it is no usable RSA key. */
  importKey(spki: Uint8Array, hash: HashAlgorithm): K | Promise<K>;
  verify(key: K, signature: Uint8Array, data: Uint8Array): boolean | Promise<boolean>;
}

export const webCryptoVerifier: RsaVerifier<VerifyKey> = {
  importKey: (spki, hash) => importVerifyKey(spki, WEBCRYPTO_HASH[hash]),
  verify: (key, signature, data) =>
    globalThis.crypto.subtle.verify('RSASSA-PKCS1-v1_5', key, signature as Uint8Array<ArrayBuffer>, data as Uint8Array<ArrayBuffer>),
};

async function importSignerKey(file: CtlFile, index: number, verifier: RsaVerifier): Promise<{ key: unknown } | Message> {
  const record = file.records[index];
  if (!record) return msg('verify.no-signer-record');
  let spki: Uint8Array;
  try {
    if (record.publicKey && record.publicKey[0] === 0x30) spki = rsaSpkiFromPkcs1(record.publicKey);
    else if (record.certificate) spki = spkiFromCertificate(record.certificate);
    else return msg('verify.no-rsa-key');
  } catch (e) {
    return msg('verify.key-malformed', { detail: e instanceof DerError ? e.message : String(e) });
  }
  try {
    return { key: await verifier.importKey(spki, file.hashAlgorithm) };
  } catch {
    return msg('verify.key-unusable');
  }
}

const ENGLISH: Catalog = { verify };

const outcome = (message: Message) => ({ message, reason: formatMessage(ENGLISH, message) });

export async function verifyDecoded(bytes: Uint8Array, file: CtlFile, verifier: RsaVerifier = webCryptoVerifier): Promise<CtlVerification> {
  const index = findSignerRecord(file);
  if (index < 0) {
    return {
      status: 'no-matching-sast', signatureValid: false, signerIndex: null, signerRole: null, file, ...outcome(msg('verify.no-matching-sast')),
    };
  }
  const base = { signerIndex: index, signerRole: file.records[index]?.role ?? null, file };
  const imported = await importSignerKey(file, index, verifier);
  if (isMessage(imported)) return { ...base, status: 'invalid-signature', signatureValid: false, ...outcome(imported) };
  let ok: boolean;
  try {
    ok = await verifier.verify(imported.key, file.signature, signedBytes(bytes, file.signatureTlv));
  } catch {
    ok = false; // e.g. a signature the size of another modulus: simply not valid
  }
  return ok
    ? { ...base, status: 'valid', signatureValid: true, ...outcome(msg('verify.valid', { index })) }
    : { ...base, status: 'invalid-signature', signatureValid: false, ...outcome(msg('verify.invalid', { index })) };
}

/** Decodes (throws CtlFormatError on malformed input) and verifies. */
export async function verifyCtl(bytes: Uint8Array): Promise<CtlVerification> {
  return verifyDecoded(bytes, decodeCtl(bytes));
}
