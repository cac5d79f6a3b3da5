// Parsed certificates for one session. Building a CTL record parses the certificate with
// @peculiar/x509 (about a millisecond each), and a session builds the same records more than
// once: node entries (pre-built at connect while other nodes are still answering, then at
// choose-mode), the token's SAST record on every token list (is it in the current CTL?),
// at preview and at add-token. One engine owns one cache, so a new session parses afresh.
import { Buffer } from 'node:buffer';
import { recordFromCertificate, type RecordOptions } from '../../shared/ctl';
import type { CtlRecord, CtlRole } from '../../shared/ctl/model';
import { certificateFacts, type CertificateFacts } from '../../shared/node/certificate-facts';
import { sha256Hex } from '../../shared/node/hash';

export type { CertificateFacts };

/** Entries kept per map before it is cleared (a cluster has at most a few hundred certificates). */
const MAX_ENTRIES = 1024;

const copyBytes = (b: Uint8Array | null) => (b ? b.slice() : null);

/** A copy a caller may keep or change without touching the cached record. */
function copyRecord(r: CtlRecord): CtlRecord {
  return {
    ...r, serial: r.serial.slice(), publicKey: copyBytes(r.publicKey), signature: copyBytes(r.signature), certificate: copyBytes(r.certificate),
  };
}

function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= MAX_ENTRIES) map.clear();
  map.set(key, value);
  return value;
}

export class CertificateCache {
  private readonly records = new Map<string, CtlRecord | Error>();
  private readonly facts = new Map<string, CertificateFacts>();
  private readonly decoded = new Map<string, Uint8Array>();

  /**
   * recordFromCertificate(role, der, options), parsed once per certificate, role and options.
   * A certificate that does not parse throws the same error each time.
   */
  record(role: CtlRole, der: Uint8Array, options: RecordOptions = {}): CtlRecord {
    const key = `${role}|${options.dnsName ?? ''}|${options.ipAddress ?? ''}|${sha256Hex(der)}`;
    let found = this.records.get(key);
    if (!found) {
      try {
        found = remember(this.records, key, recordFromCertificate(role, der, options));
      } catch (err) {
        found = remember(this.records, key, err instanceof Error ? err : new Error(String(err)));
      }
    }
    if (found instanceof Error) throw found;
    return copyRecord(found);
  }

  /** Fingerprint, notAfter and parse error of a certificate (node:crypto's parser). */
  certificateFacts(der: Uint8Array | null): CertificateFacts {
    if (!der) return { fingerprint: null, notAfter: null, parseError: null };
    const fingerprint = sha256Hex(der);
    const known = this.facts.get(fingerprint);
    if (known) return { ...known };
    return { ...remember(this.facts, fingerprint, certificateFacts(der, fingerprint)) };
  }

  /** A token certificate's DER from the base64 a token list carries (decoded once; a copy each time). */
  fromBase64(text: string): Uint8Array {
    const known = this.decoded.get(text) ?? remember(this.decoded, text, new Uint8Array(Buffer.from(text, 'base64')));
    return known.slice();
  }
}
