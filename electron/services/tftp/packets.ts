// TFTP packets a reading client sends and receives: RFC 1350 (RRQ, DATA, ACK, ERROR) with
// the option extension of RFC 2347 (OACK) and the blksize (RFC 2348) and tsize (RFC 2349)
// options. Decoding is strict: a malformed packet is reported, never guessed at.
import { concatBytes } from '../../../shared/ctl/bytes';

export const OP_RRQ = 1;
export const OP_DATA = 3;
export const OP_ACK = 4;
export const OP_ERROR = 5;
export const OP_OACK = 6;

/** RFC 1350 error codes (8: option negotiation refused, RFC 2347). */
export const TFTP_ERROR = {
  notDefined: 0, fileNotFound: 1, accessViolation: 2, diskFull: 3, illegalOperation: 4,
  unknownTid: 5, fileExists: 6, noSuchUser: 7, optionRefused: 8,
} as const;

export type TftpPacket =
  | { op: 'data'; block: number; data: Uint8Array }
  | { op: 'error'; code: number; message: string }
  | { op: 'oack'; options: Map<string, string> };

const ascii = new TextEncoder();
const latin1 = new TextDecoder('latin1');

function zeroTerminated(parts: readonly string[]): Uint8Array[] {
  return parts.flatMap((p) => [ascii.encode(p), new Uint8Array([0])]);
}

function opcode(op: number): Uint8Array {
  return new Uint8Array([op >> 8, op & 0xff]);
}

/** RRQ in octet mode with options (name → value), in the order given. */
export function encodeReadRequest(file: string, options: ReadonlyMap<string, string>): Uint8Array {
  const fields = [file, 'octet', ...[...options].flat()];
  return concatBytes(opcode(OP_RRQ), ...zeroTerminated(fields));
}

export function encodeAck(block: number): Uint8Array {
  return new Uint8Array([0, OP_ACK, (block >> 8) & 0xff, block & 0xff]);
}

export function encodeError(code: number, message: string): Uint8Array {
  return concatBytes(opcode(OP_ERROR), new Uint8Array([code >> 8, code & 0xff]), ...zeroTerminated([message]));
}

/** Zero-terminated strings of a packet body; null when the last one is not terminated. */
function strings(body: Uint8Array): string[] | null {
  if (body.length === 0) return [];
  if (body[body.length - 1] !== 0) return null;
  return latin1.decode(body.subarray(0, body.length - 1)).split('\0');
}

/** A packet a client may receive, or a string saying why it is malformed. */
export function decodePacket(packet: Uint8Array): TftpPacket | string {
  if (packet.length < 2) return 'packet shorter than an opcode';
  const op = (packet[0]! << 8) | packet[1]!;
  switch (op) {
    case OP_DATA:
      if (packet.length < 4) return 'DATA packet without a block number';
      return { op: 'data', block: (packet[2]! << 8) | packet[3]!, data: packet.subarray(4) };
    case OP_ERROR: {
      if (packet.length < 4) return 'ERROR packet without an error code';
      // Some servers omit the message's terminating zero: accept the text as it is.
      const text = strings(packet.subarray(4)) ?? [latin1.decode(packet.subarray(4))];
      return { op: 'error', code: (packet[2]! << 8) | packet[3]!, message: text[0] ?? '' };
    }
    case OP_OACK: {
      const fields = strings(packet.subarray(2));
      if (fields === null || fields.length % 2 !== 0) return 'malformed OACK packet';
      const options = new Map<string, string>();
      for (let i = 0; i < fields.length; i += 2) options.set(fields[i]!.toLowerCase(), fields[i + 1]!);
      return { op: 'oack', options };
    }
    default:
      return `unexpected opcode ${op}`;
  }
}
