// The one canonical DN rendering used for SIGNER_NAME/ISSUER_NAME in the header and
// SUBJECT_NAME/ISSUER_NAME in records: RDNs most-specific first (RFC 4514 order, i.e.
// the reverse of the DER sequence), joined by ';' as Communications Manager's
// `show ctl` prints them, multi-valued RDNs joined by '+', values escaped as in
// RFC 4514 (so ';' ',' '+' inside a value stay unambiguous).
import * as x509 from './x509';

export type DnInput = x509.Name | Uint8Array | ArrayBuffer | x509.JsonName;

function escapeValue(value: string): string {
  let out = value.replace(/[\\"+,;<>=]/g, (c) => `\\${c}`).replace(/\0/g, '\\00');
  if (out.startsWith(' ') || out.startsWith('#')) out = `\\${out}`;
  if (out.endsWith(' ') && out.length > 1) out = `${out.slice(0, -1)}\\ `;
  return out;
}

function toJsonName(input: DnInput): x509.JsonName {
  if (Array.isArray(input)) return input;
  if (input instanceof x509.Name) return input.toJSON();
  return new x509.Name(input as Uint8Array<ArrayBuffer>).toJSON();
}

export function canonicalDn(input: DnInput): string {
  return toJsonName(input)
    .slice()
    .reverse()
    .map((rdn) =>
      Object.entries(rdn)
        .flatMap(([type, values]) => values.map((v) => `${type}=${escapeValue(v)}`))
        .join('+'),
    )
    .join(';');
}
