// A TFTP read (what a phone does to get CTLFile.tlv): RFC 1350 RRQ in octet mode, with
// the blksize (RFC 2348) and tsize (RFC 2349) options negotiated through OACK (RFC 2347).
// Lock-step: every DATA block is acknowledged; a lost packet is sent again after the
// timeout, up to `retries` times. Packets from another address or port than the server's
// transfer ID are ignored (the other port gets ERROR 5, RFC 1350 §4); duplicate blocks are
// acknowledged again (the server resends when our ACK was lost) and blocks from the future
// ignored. Block numbers may wrap past 65535.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { lookup } from 'node:dns/promises';
import { INPUT_FILE_LIMIT } from '../fs/read-bounded';
import { TftpError, type TftpErrorCode } from './errors';
import { DEFAULT_BLOCK_SIZE, ETHERNET_BLOCK_SIZE, TFTP_PORT } from './constants';
import { TFTP_ERROR, decodePacket, encodeAck, encodeError, encodeReadRequest } from './packets';


export interface TftpReadOptions {
  host: string;
  port?: number;
  /** Default CTLFile.tlv. */
  file?: string;
  /** Block size to ask for (8–65464, RFC 2348); 512 sends no blksize option. Default 1468. */
  blockSize?: number;
  /** Wait for each answer (default 1000 ms). */
  timeoutMs?: number;
  /** Times a request or acknowledgement is sent again before giving up (default 5). */
  retries?: number;
  /** Largest file accepted (default: the CTL/ITL input limit, 4 MiB). */
  maxBytes?: number;
}

export interface TftpReadResult {
  bytes: Uint8Array;
  /** `host:port` as asked. */
  server: string;
  file: string;
  /** Block size in use (negotiated, or 512). */
  blockSize: number;
  /** Size the server announced (tsize), or null when it did not. */
  announcedSize: number | null;
  /** Packets sent again after a timeout. */
  retransmissions: number;
}

interface Attempt {
  withOptions: boolean;
}

class Transfer {
  private readonly socket: Socket;
  private tid: number | null = null;
  private blockSize = DEFAULT_BLOCK_SIZE;
  private announcedSize: number | null = null;
  private expected = 1;
  private readonly chunks: Uint8Array[] = [];
  private received = 0;
  private lastSent: Uint8Array;
  private tries = 0;
  private retransmissions = 0;
  private timer: NodeJS.Timeout | null = null;
  private settle!: { resolve: (r: TftpReadResult) => void; reject: (e: unknown) => void };

  constructor(private readonly address: string, family: 4 | 6, private readonly o: Required<TftpReadOptions>,
    private readonly options: ReadonlyMap<string, string>) {
    this.socket = createSocket(family === 6 ? 'udp6' : 'udp4');
    this.lastSent = encodeReadRequest(o.file, options);
  }

  private get where(): string {
    return `${this.o.host}:${this.o.port}`;
  }

  private error(code: TftpErrorCode, text: string, extra: { tftpCode?: number; serverMessage?: string } = {}): TftpError {
    return new TftpError(code, text, { server: this.where, file: this.o.file, received: this.received, ...extra });
  }

  run(): Promise<TftpReadResult> {
    return new Promise<TftpReadResult>((resolve, reject) => {
      this.settle = { resolve, reject };
      this.socket.on('message', (msg, rinfo) => this.onMessage(new Uint8Array(msg), rinfo));
      this.socket.on('error', (e) => this.finish(this.error('network', `socket error: ${e.message}`)));
      this.socket.bind(0, () => this.send(this.lastSent, this.o.port));
    });
  }

  private send(packet: Uint8Array, port: number): void {
    this.lastSent = packet;
    this.socket.send(packet, port, this.address);
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => this.onTimeout(), this.o.timeoutMs);
  }

  private onTimeout(): void {
    if (this.tries >= this.o.retries) {
      const state = this.tid === null ? 'no answer' : `no answer after block ${(this.expected - 1 + 0x10000) & 0xffff}`;
      this.finish(this.error('timeout', `${state} (${this.o.retries + 1} tries, ${this.o.timeoutMs} ms each): is a TFTP server running there, and is UDP ${this.o.port} open?`));
      return;
    }
    this.tries += 1;
    this.retransmissions += 1;
    this.send(this.lastSent, this.tid ?? this.o.port);
  }

  /** Sends a last packet, then ends the transfer once it left (closing earlier would drop it). */
  private sendLast(packet: Uint8Array, outcome: () => TftpReadResult | Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket.removeAllListeners('message');
    this.socket.send(packet, this.tid ?? this.o.port, this.address, () => this.finish(outcome()));
  }

  private fail(code: TftpErrorCode, text: string, tftpCode: number, tell: string): void {
    const error = this.error(code, text);
    // Tell the server to stop (it would otherwise resend until its own timeout).
    if (this.tid !== null) this.sendLast(encodeError(tftpCode, tell), () => error);
    else this.finish(error);
  }

  private onMessage(packet: Uint8Array, from: RemoteInfo): void {
    if (from.address !== this.address) return;
    if (this.tid !== null && from.port !== this.tid) {
      this.socket.send(encodeError(TFTP_ERROR.unknownTid, 'unknown transfer ID'), from.port, from.address);
      return;
    }
    const decoded = decodePacket(packet);
    if (typeof decoded === 'string') {
      if (this.tid === null) this.tid = from.port;
      this.fail('protocol', `the server sent a malformed packet: ${decoded}`, TFTP_ERROR.illegalOperation, 'malformed packet');
      return;
    }
    const first = this.tid === null;
    this.tid = from.port;
    if (decoded.op === 'error') {
      this.onError(decoded.code, decoded.message, first);
    } else if (decoded.op === 'oack') {
      this.onOack(decoded.options, first);
    } else {
      this.onData(decoded.block, decoded.data);
    }
  }

  private onError(code: number, message: string, first: boolean): void {
    const extra = { tftpCode: code, serverMessage: message };
    const said = message ? `: "${message}"` : '';
    if (code === TFTP_ERROR.optionRefused && first && this.options.size > 0) {
      this.finish(new OptionsRefused(this.retransmissions));
    } else if (code === TFTP_ERROR.fileNotFound) {
      this.finish(this.error('file-not-found', `the server has no such file${said}`, extra));
    } else if (code === TFTP_ERROR.accessViolation || (code === TFTP_ERROR.notDefined && /permission denied/i.test(message))) {
      // tftpd-hpa reports a file it may not open (EACCES) as error 0 with strerror's text.
      this.finish(this.error('access-violation', `the server refuses to send the file${said} (tftpd serves only world-readable files inside its root)`, extra));
    } else {
      this.finish(this.error(code === TFTP_ERROR.optionRefused ? 'option-refused' : 'server-error', `the server answered error ${code}${said}`, extra));
    }
  }

  private onOack(options: Map<string, string>, first: boolean): void {
    if (!first || this.received > 0) {
      // A repeated OACK: our ACK 0 was lost.
      if (this.expected === 1 && this.chunks.length === 0) this.send(encodeAck(0), this.tid!);
      return;
    }
    for (const [name, value] of options) {
      if (!this.options.has(name)) return this.fail('protocol', `the server acknowledged option "${name}" that was not asked for`, TFTP_ERROR.optionRefused, 'unrequested option');
      if (!/^\d{1,10}$/.test(value)) return this.fail('protocol', `the server's ${name} "${value}" is not a number`, TFTP_ERROR.optionRefused, 'bad option value');
    }
    const blksize = options.get('blksize');
    if (blksize !== undefined) {
      const size = Number(blksize);
      if (size < 8 || size > this.o.blockSize) return this.fail('protocol', `the server chose block size ${size}, outside 8–${this.o.blockSize}`, TFTP_ERROR.optionRefused, 'bad blksize');
      this.blockSize = size;
    }
    const tsize = options.get('tsize');
    if (tsize !== undefined) {
      this.announcedSize = Number(tsize);
      if (this.announcedSize > this.o.maxBytes) {
        return this.fail('too-large', `the file has ${this.announcedSize} bytes, more than the ${this.o.maxBytes}-byte limit`, TFTP_ERROR.optionRefused, 'file too large');
      }
    }
    this.tries = 0;
    this.send(encodeAck(0), this.tid!);
  }

  private onData(block: number, data: Uint8Array): void {
    const expected = this.expected & 0xffff;
    if (block !== expected) {
      // The server resent the last block: our ACK was lost. Acknowledge it again.
      if (block === ((expected - 1) & 0xffff) && this.chunks.length > 0) this.send(encodeAck(block), this.tid!);
      return;
    }
    if (data.length > this.blockSize) {
      return this.fail('protocol', `block ${block} has ${data.length} bytes, more than the block size ${this.blockSize}`, TFTP_ERROR.illegalOperation, 'block too large');
    }
    if (this.received + data.length > this.o.maxBytes) {
      return this.fail('too-large', `the file is larger than the ${this.o.maxBytes}-byte limit`, TFTP_ERROR.diskFull, 'file too large');
    }
    this.chunks.push(data.slice());
    this.received += data.length;
    this.tries = 0;
    // A short block is the last one. Its ACK is not repeated: if it is lost, the server
    // resends the block to a closed port and gives up, and the file is already complete here.
    if (data.length < this.blockSize) return this.sendLast(encodeAck(block), () => this.complete());
    this.send(encodeAck(block), this.tid!);
    this.expected += 1;
  }

  private complete(): TftpReadResult | Error {
    const bytes = new Uint8Array(this.received);
    let at = 0;
    for (const c of this.chunks) {
      bytes.set(c, at);
      at += c.length;
    }
    if (this.announcedSize !== null && this.announcedSize !== bytes.length) {
      return this.error('protocol', `the server announced ${this.announcedSize} bytes and sent ${bytes.length}`);
    }
    return { bytes, server: this.where, file: this.o.file, blockSize: this.blockSize, announcedSize: this.announcedSize, retransmissions: this.retransmissions };
  }

  private finish(outcome: TftpReadResult | Error): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.socket.removeAllListeners('message');
    this.socket.on('error', () => undefined);
    try {
      this.socket.close();
    } catch {
      // already closed
    }
    if (outcome instanceof Error) this.settle.reject(outcome);
    else this.settle.resolve(outcome);
  }
}

/** Thrown inside a transfer when the server refuses options: the read is asked again without them. */
class OptionsRefused extends Error {
  constructor(readonly retransmissions: number) {
    super('options refused');
  }
}

function withDefaults(options: TftpReadOptions): Required<TftpReadOptions> {
  const o = { port: TFTP_PORT, file: 'CTLFile.tlv', blockSize: ETHERNET_BLOCK_SIZE, timeoutMs: 1000, retries: 5, maxBytes: INPUT_FILE_LIMIT, ...options };
  if (!Number.isInteger(o.blockSize) || o.blockSize < 8 || o.blockSize > 65464) throw new RangeError('blockSize must be 8–65464');
  if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new RangeError('port must be 1–65535');
  if (!o.file || o.file.includes('\0')) throw new RangeError('file name must be non-empty without NUL');
  return o;
}

/** Downloads one file over TFTP; TftpError on failure. */
export async function tftpRead(options: TftpReadOptions): Promise<TftpReadResult> {
  const o = withDefaults(options);
  let resolved: { address: string; family: number };
  try {
    resolved = await lookup(o.host);
  } catch (e) {
    throw new TftpError('host-unresolvable', `cannot resolve host name "${o.host}" (${(e as NodeJS.ErrnoException).code ?? 'lookup failed'})`,
      { server: `${o.host}:${o.port}`, file: o.file });
  }
  const family = resolved.family === 6 ? 6 : 4;
  const attempt = (a: Attempt) => {
    const opts = new Map<string, string>();
    if (a.withOptions && o.blockSize !== DEFAULT_BLOCK_SIZE) opts.set('blksize', String(o.blockSize));
    // tsize 0 in a request asks the server for the size (RFC 2349): an oversized file is refused before its transfer.
    if (a.withOptions) opts.set('tsize', '0');
    return new Transfer(resolved.address, family, o, opts).run();
  };
  try {
    return await attempt({ withOptions: true });
  } catch (e) {
    if (!(e instanceof OptionsRefused)) throw e;
    // RFC 2347: a server may refuse options with error 8; plain RFC 1350 then.
    const plain = await attempt({ withOptions: false });
    return { ...plain, retransmissions: plain.retransmissions + e.retransmissions };
  }
}
