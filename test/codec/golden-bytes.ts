// Hand-written expected bytes for small CTL and ITL files, laid out from
// docs/ctl-format.md field by field (offsets in the comments, decimal). No codec code
// produced these bytes; the golden tests compare the encoder and decoder against them.

/** Joins annotated hex lines ("01 00 02  # comment" style is not used: one string per field). */
export function hex(...lines: string[]): Uint8Array {
  const digits = lines.join(' ').replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(digits)) throw new Error('bad hex in golden vector');
  return Uint8Array.from(digits.match(/../g) ?? [], (h) => parseInt(h, 16));
}

/** The fake signature the golden test-double signer returns: 64 bytes (512-bit modulus) of 0x5A. */
export const FAKE_SIGNATURE = new Uint8Array(64).fill(0x5a);

// ASCII used below: "CN=S" 43 4E 3D 53, "CN=CA" 43 4E 3D 43 41, "CN=cm" 43 4E 3D 63 6D,
// "cm" 63 6D, "CTLFile.tlv" 43 54 4C 46 69 6C 65 2E 74 6C 76, "ITLFile.tlv" 49 54 4C 46 …
export const GOLDEN_CTL = hex(
  // --- header ---
  '01 0002 01 02', //                   @0   VERSION 1.2
  '02 0002 0090', //                    @5   HEADER_LENGTH = 144
  '03 0016', //                         @10  SIGNER_INFO, 22 bytes of nested tags follow
  '04 0005 434E3D53 00', //             @13    SIGNER_NAME "CN=S\0"
  '06 0006 434E3D4341 00', //           @21    ISSUER_NAME "CN=CA\0"
  '05 0002 0102', //                    @30    SERIAL_NUMBER 01 02
  '07 000F', //                         @35  SIGNATURE_INFO, 15 bytes
  '08 0001 01', //                      @38    HASH_ALGORITHM 1 = SHA-1
  '09 0008', //                         @42    SIGNATURE_ALGORITHM_INFO, 8 bytes
  '0A 0001 00', //                      @45      SIGNATURE_ALGORITHM 0 = RSA
  '0B 0001 00', //                      @49      SIGNATURE_MODULUS 0 = 512 bits
  '0C 0040', //                         @53  SIGNATURE, 64 bytes
  '5A'.repeat(64), //                   @56    (test-double signature)
  '0E 000C 43544C46696C652E746C76 00', // @120 FILENAME "CTLFile.tlv\0"
  '0F 0004 65000000', //                @135 TIMESTAMP 0x65000000 = 1694498816
  '0D 0D', //                           @142 PADDING x2 -> header ends at 144
  // --- record 0: SAST, full (fake key/cert bytes: the decoder does not parse them) ---
  '01 0002 0032', //                    @144 RECORD_LENGTH 50
  '02 0001 00', //                      @149 DNS_NAME "" (token)
  '03 0005 434E3D53 00', //             @153 SUBJECT_NAME "CN=S"
  '04 0002 0000', //                    @161 FUNCTION 0 = SAST
  '05 0006 434E3D4341 00', //           @166 ISSUER_NAME "CN=CA"
  '06 0002 0102', //                    @175 SERIAL_NUMBER 01 02
  '07 0002 AABB', //                    @180 PUBLIC_KEY
  '08 0001 CC', //                      @185 SIGNATURE (certificate's own)
  '09 0002 3000', //                    @189 CERTIFICATE
  // --- record 1: CCM+TFTP, stripped (no key/signature/certificate), with IP ---
  '01 0002 002D', //                    @194 RECORD_LENGTH 45
  '02 0003 636D 00', //                 @199 DNS_NAME "cm"
  '03 0006 434E3D636D 00', //           @205 SUBJECT_NAME "CN=cm"
  '04 0002 0002', //                    @214 FUNCTION 2 = CCM+TFTP
  '05 0006 434E3D4341 00', //           @219 ISSUER_NAME "CN=CA"
  '06 0001 7F', //                      @228 SERIAL_NUMBER 7F
  '0A 0004 0A000001', //                @232 IP_ADDRESS 10.0.0.1
); //                                   @239 end of file

export const GOLDEN_ITL = hex(
  '01 0002 01 02', //                   @0   VERSION 1.2
  '02 0002 0094', //                    @5   HEADER_LENGTH = 148
  '1C 0002 0100', //                    @10  SIGNER_VERSION (tag 28) 1.0
  '03 0016', //                         @15  SIGNER_INFO
  '04 0005 434E3D53 00', //             @18    SIGNER_NAME "CN=S"
  '06 0006 434E3D4341 00', //           @26    ISSUER_NAME "CN=CA"
  '05 0002 0102', //                    @35    SERIAL_NUMBER 01 02
  '07 000F', //                         @40  SIGNATURE_INFO
  '08 0001 02', //                      @43    HASH_ALGORITHM 2 = SHA-256
  '09 0008', //                         @47    SIGNATURE_ALGORITHM_INFO
  '0A 0001 00', //                      @50      RSA
  '0B 0001 00', //                      @54      512 bits
  '0C 0040', //                         @58  SIGNATURE
  '5A'.repeat(64), //                   @61
  '0E 000C 49544C46696C652E746C76 00', // @125 FILENAME "ITLFile.tlv\0"
  '0F 0004 65000000', //                @140 TIMESTAMP
  '0D', //                              @147 PADDING x1 -> 148
  '01 0002 0032', //                    @148 RECORD_LENGTH 50
  '02 0004 747673 00', //               @153 DNS_NAME "tvs"
  '03 0005 434E3D53 00', //             @160 SUBJECT_NAME "CN=S"
  '04 0002 0015', //                    @168 FUNCTION 21 = TVS
  '05 0006 434E3D4341 00', //           @173 ISSUER_NAME "CN=CA"
  '06 0002 0102', //                    @182 SERIAL_NUMBER 01 02
  '0B 0004 DEADBEEF', //                @187 CERTIFICATE_HASH (tag 11)
  '0C 0001 01', //                      @194 HASH_ALGORITHM (tag 12) 1
  '01 0002 0023', //                    @198 RECORD_LENGTH 35
  '02 0001 00', //                      @203 DNS_NAME ""
  '03 0005 434E3D53 00', //             @207 SUBJECT_NAME "CN=S"
  '04 0002 0007', //                    @215 FUNCTION 7 = APP-SERVER
  '05 0006 434E3D4341 00', //           @220 ISSUER_NAME "CN=CA"
  '06 0001 03', //                      @229 SERIAL_NUMBER 03
); //                                   @233 end of file
