// PEM text <-> DER blocks: one reader and one writer for the CLIs, the token demo store
// (and, once its owner switches, the provider's demo certificates and handlers).

const BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;

export interface PemBlock {
  label: string;
  der: Uint8Array;
  /** The block's text, BEGIN to END line. */
  pem: string;
}

/** Every well-formed BEGIN/END block of the text, in order. */
export function pemBlocks(text: string): PemBlock[] {
  return Array.from(text.matchAll(BLOCK), (m) => ({
    label: m[1] as string,
    der: new Uint8Array(Buffer.from((m[2] as string).replace(/\s+/g, ''), 'base64')),
    pem: m[0],
  }));
}

/** One PEM block, base64 in 64-character lines (RFC 7468). */
export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64');
  return `-----BEGIN ${label}-----\n${(b64.match(/.{1,64}/g) ?? []).join('\n')}\n-----END ${label}-----\n`;
}
