// Protocol situations a healthy tftpd does not produce on demand (lost packets, duplicates,
// blocks from the future, a stranger's packets, refused options, a lying OACK), played by a
// scripted UDP peer that answers packet by packet; plus property tests of the packet codec.
// The real-server behaviour is covered by tftp-fetch.test.ts against tftpd-hpa.
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { TftpError, tftpRead } from '../../electron/services/tftp';
import { decodePacket, encodeAck, encodeError, encodeReadRequest } from '../../electron/services/tftp/packets';

interface Received { packet: Uint8Array; from: RemoteInfo }

/** A UDP socket whose incoming packets are awaited one by one. */
class Peer {
  private readonly queue: Received[] = [];
  private waiter: ((r: Received) => void) | null = null;
  private constructor(readonly socket: Socket, readonly port: number) {
    socket.on('message', (msg, from) => {
      const r = { packet: new Uint8Array(msg), from };
      if (this.waiter) {
        const w = this.waiter;
        this.waiter = null;
        w(r);
      } else this.queue.push(r);
    });
  }

  static async open(): Promise<Peer> {
    const socket = createSocket('udp4');
    await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
    return new Peer(socket, socket.address().port);
  }

  next(timeoutMs = 2000): Promise<Received> {
    const queued = this.queue.shift();
    if (queued) return Promise.resolve(queued);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => { this.waiter = null; reject(new Error('no packet')); }, timeoutMs);
      this.waiter = (r) => { clearTimeout(timer); resolve(r); };
    });
  }

  /** Resolves true when nothing arrives within `ms`. */
  async silent(ms: number): Promise<boolean> {
    return this.next(ms).then(() => false, () => true);
  }

  send(packet: Uint8Array, to: RemoteInfo | number): void {
    this.socket.send(packet, typeof to === 'number' ? to : to.port, '127.0.0.1');
  }

  close(): void {
    this.socket.close();
  }
}

const data = (block: number, bytes: Uint8Array) => Uint8Array.from([0, 3, block >> 8, block & 0xff, ...bytes]);
const oack = (options: Record<string, string>) => Uint8Array.from([0, 6, ...Object.entries(options).flatMap(([k, v]) => [...Buffer.from(k), 0, ...Buffer.from(v), 0])]);
const ackOf = (r: Received) => decodePacket(r.packet);

describe('TFTP client protocol handling', () => {
  const peers: Peer[] = [];
  const peer = async () => { const p = await Peer.open(); peers.push(p); return p; };
  afterEach(() => { for (const p of peers.splice(0)) p.close(); });

  it('re-acknowledges duplicates, ignores future blocks and answers a stranger with ERROR 5', async () => {
    const listener = await peer();
    const transfer = await peer();
    const stranger = await peer();
    const block1 = new Uint8Array(512).fill(1);
    const block2 = new Uint8Array(100).fill(2);
    const reading = tftpRead({ host: '127.0.0.1', port: listener.port, timeoutMs: 1000, retries: 1 });
    const rrq = await listener.next();
    expect(decodePacket(rrq.packet)).toBe('unexpected opcode 1');
    // A server that ignores the options answers with DATA 1 of 512 bytes.
    transfer.send(data(1, block1), rrq.from);
    expect(ackOf(await transfer.next())).toBe('unexpected opcode 4');
    const client = rrq.from;
    transfer.send(data(1, block1), client);
    const again = await transfer.next();
    expect(Array.from(again.packet)).toEqual(Array.from(encodeAck(1)));
    transfer.send(data(3, new Uint8Array(10)), client);
    expect(await transfer.silent(150)).toBe(true);
    stranger.send(data(2, new Uint8Array(5).fill(9)), client);
    const refusal = decodePacket((await stranger.next()).packet);
    expect(refusal).toEqual({ op: 'error', code: 5, message: 'unknown transfer ID' });
    transfer.send(data(2, block2), client);
    expect(Array.from((await transfer.next()).packet)).toEqual(Array.from(encodeAck(2)));
    const result = await reading;
    expect(Array.from(result.bytes)).toEqual([...block1, ...block2]);
    expect(result.blockSize).toBe(512);
  });

  it('sends the request again after a timeout, and reads without options when the server refuses them (error 8)', async () => {
    const listener = await peer();
    const transfer = await peer();
    const reading = tftpRead({ host: '127.0.0.1', port: listener.port, timeoutMs: 200, retries: 2 });
    const first = await listener.next();
    const repeated = await listener.next(); // the first went unanswered
    expect(Array.from(repeated.packet)).toEqual(Array.from(first.packet));
    expect(Buffer.from(first.packet).includes(Buffer.from('blksize\u00001468\u0000'))).toBe(true);
    transfer.send(encodeError(8, 'no options here'), first.from);
    const plain = await listener.next();
    expect(Array.from(plain.packet)).toEqual(Array.from(encodeReadRequest('CTLFile.tlv', new Map())));
    transfer.send(data(1, Uint8Array.of(7, 7, 7)), plain.from);
    await transfer.next();
    const result = await reading;
    expect(Array.from(result.bytes)).toEqual([7, 7, 7]);
    expect(result.retransmissions).toBe(1);
  });

  it('refuses an OACK with a block size larger than asked, telling the server', async () => {
    const listener = await peer();
    const transfer = await peer();
    const reading = tftpRead({ host: '127.0.0.1', port: listener.port, blockSize: 1024 }).catch((e: unknown) => e);
    const rrq = await listener.next();
    transfer.send(oack({ blksize: '4096', tsize: '10' }), rrq.from);
    expect(decodePacket((await transfer.next()).packet)).toMatchObject({ op: 'error', code: 8 });
    const e = await reading;
    expect(e).toBeInstanceOf(TftpError);
    expect((e as TftpError).code).toBe('protocol');
  });

  it('checks the announced size against what arrived', async () => {
    const listener = await peer();
    const transfer = await peer();
    const reading = tftpRead({ host: '127.0.0.1', port: listener.port, blockSize: 512 }).catch((e: unknown) => e);
    const rrq = await listener.next();
    transfer.send(oack({ tsize: '600' }), rrq.from);
    expect(Array.from((await transfer.next()).packet)).toEqual(Array.from(encodeAck(0)));
    transfer.send(data(1, new Uint8Array(20)), rrq.from);
    const e = await reading;
    expect((e as TftpError).code).toBe('protocol');
    expect((e as TftpError).message).toContain('announced 600 bytes and sent 20');
  });
});

describe('TFTP packet codec', () => {
  it('decodes every ERROR it encodes, and never throws on arbitrary bytes', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 0xffff }), fc.stringMatching(/^[\x20-\x7e]{0,40}$/), (code, message) => {
      expect(decodePacket(encodeError(code, message))).toEqual({ op: 'error', code, message });
    }));
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (bytes) => {
      const decoded = decodePacket(bytes);
      expect(typeof decoded === 'string' || ['data', 'error', 'oack'].includes(decoded.op)).toBe(true);
    }));
  });

  it('decodes OACK options case-insensitively and rejects an odd number of fields', () => {
    expect(decodePacket(oack({ BLKSIZE: '1024', tsize: '5' }))).toEqual({ op: 'oack', options: new Map([['blksize', '1024'], ['tsize', '5']]) });
    expect(decodePacket(Uint8Array.from([0, 6, 98, 0]))).toBe('malformed OACK packet');
  });
});
