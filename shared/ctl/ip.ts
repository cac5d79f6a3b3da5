// IPv4 addresses: dotted strings in the model, 4 bytes on the wire.

const DOTTED = /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/;

export function isIpv4(text: string): boolean {
  return DOTTED.test(text);
}

/** Returns the 4 bytes, or null when the text is not a canonical dotted IPv4 address. */
export function ipv4ToBytes(text: string): Uint8Array | null {
  if (!isIpv4(text)) return null;
  return Uint8Array.from(text.split('.').map(Number));
}

export function ipv4FromBytes(bytes: Uint8Array): string {
  return Array.from(bytes).join('.');
}
