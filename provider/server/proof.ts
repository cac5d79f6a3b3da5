// Token possession proof (docs/provider-protocol.md, "challenge" and "prove"): the client
// signs context || challenge || TLS exporter with a token key; the certificate must be a
// SAST of the current CTL. The exporter ties the proof to this TLS connection, so a proof
// relayed from another connection fails.
import { createHash, X509Certificate, verify as verifySignature } from 'node:crypto';
import { ctlPublicKeyField, decodeCtl, recordFromCertificate } from '../../shared/ctl';
import { sameBytes } from '../../shared/ctl/bytes';
import { proofBatchMessage, proofMessage, PROOF_CONTEXT, type SignerInfo, toHex } from '../../shared/provider-protocol';
import type { CtlFile, HashAlgorithm } from '../../shared/ctl/model';
import { problem, problemText, type Problem } from './context';
import { findSast } from './ctl-validation';

export class ProofError extends Error {
  constructor(readonly problem: Problem) {
    super(problemText(problem));
    this.name = 'ProofError';
  }
}

export interface ProofInput {
  challenge: Uint8Array;
  exporter: Uint8Array;
  certificate: Uint8Array;
  signature: Uint8Array;
  hash: HashAlgorithm;
  /** The target's current CTL; null when it holds none (any valid signature then passes). */
  currentCtl: Uint8Array | null;
  /** The current CTL already decoded (the provider keeps it); decoded here when absent. */
  currentFile?: () => CtlFile | null;
  /**
   * A batch proof: the bindings the token signed at once, one per connection. This
   * connection's binding must be among them; absent, the signature covers this connection alone.
   */
  bindings?: readonly Uint8Array[];
}

export function checkProof(input: ProofInput): SignerInfo {
  let cert: X509Certificate;
  try {
    cert = new X509Certificate(input.certificate);
  } catch {
    throw new ProofError(problem('token-certificate-invalid'));
  }
  const current = input.currentCtl ? input.currentFile?.() ?? decodeCtl(input.currentCtl) : null;
  // A token whose certificate (and key) the CTL lists byte for byte is that SAST: its names
  // are the record's, and no second, slower parse of the certificate is needed.
  const key = publicKeyField(cert);
  const listed = current?.records.find((r) => r.role === 'SAST' && r.certificate !== null && sameBytes(r.certificate, input.certificate)
    && r.publicKey !== null && key !== null && sameBytes(r.publicKey, key));
  const record = listed ?? recordFromCertificate('SAST', input.certificate, {});
  if (current && !listed && !findSast(current, record)) {
    throw new ProofError(problem('token-not-sast', { subject: cert.subject.replace(/\n/g, ', ') }));
  }
  const single = proofMessage(PROOF_CONTEXT, input.challenge, input.exporter);
  let message = single;
  if (input.bindings) {
    const own = createHash('sha256').update(single).digest();
    if (!input.bindings.some((b) => sameBytes(b, own))) {
      throw new ProofError(problem('batch-missing-connection'));
    }
    message = proofBatchMessage(input.bindings);
  }
  const ok = verifySignature(input.hash, message, cert.publicKey, input.signature);
  if (!ok) throw new ProofError(problem('token-signature-invalid'));
  return { subject: record.subject, issuer: record.issuer, serialHex: toHex(record.serial) };
}

function publicKeyField(cert: X509Certificate): Uint8Array | null {
  try {
    return ctlPublicKeyField(new Uint8Array(cert.publicKey.export({ type: 'spki', format: 'der' })));
  } catch {
    return null; // a key the CTL cannot hold: the full check below reports it
  }
}
