// PEM text of a certificate (base64 DER in 64-character lines between the standard markers),
// shared by the certificate viewer's "Copy PEM" and main's "Save PEM…".

export function pemFromBase64(derBase64: string): string {
  const body = derBase64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN CERTIFICATE-----\n${body.join('\n')}\n-----END CERTIFICATE-----\n`;
}
