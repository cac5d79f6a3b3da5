// USB vendor IDs of security tokens and smart-card readers whose attach/detach should
// trigger a token rescan. Other USB devices (keyboards, disks) are ignored.
export const TOKEN_VENDORS: ReadonlyMap<number, string> = new Map([
  [0x0529, 'Aladdin / SafeNet (eToken)'],
  [0x08e6, 'Gemalto (Gemplus)'],
  [0x096e, 'Feitian'],
  [0x1050, 'Yubico'],
  [0x04e6, 'SCM Microsystems / Identiv'],
  [0x076b, 'HID Global (OMNIKEY)'],
  [0x072f, 'Advanced Card Systems'],
  [0x0b97, 'O2 Micro'],
  [0x058f, 'Alcor Micro (card readers)'],
  [0x20a0, 'Nitrokey'],
]);

export function isTokenVendor(vendorId: number, extra: readonly number[] = []): boolean {
  return TOKEN_VENDORS.has(vendorId) || extra.includes(vendorId);
}
