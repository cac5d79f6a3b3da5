// A certificate file as an administrator has it (PEM, or DER as Windows exports .cer), as
// the base64 DER the session command carries. The engine parses and checks it; this only
// finds the bytes, so a file that is plainly no certificate is named before anything is sent.

const PEM = /-----BEGIN CERTIFICATE-----([A-Za-z0-9+/=\s]+)-----END CERTIFICATE-----/;

function base64(bytes: Uint8Array): string {
  let text = '';
  for (let i = 0; i < bytes.length; i += 0x8000) text += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(text);
}

/** The first certificate of a PEM file, or a DER file itself (an ASN.1 SEQUENCE), in base64; null otherwise. */
export function certificateBase64(bytes: Uint8Array): string | null {
  if (bytes[0] === 0x30 && bytes.length > 64) return base64(bytes);
  const pem = PEM.exec(new TextDecoder('utf-8', { fatal: false }).decode(bytes));
  const body = pem?.[1]?.replace(/\s/g, '');
  return body && body.length > 64 ? body : null;
}
