// The misbehaving peers of the soak test. Each one holds one connection at a time and,
// when the provider closes or refuses it, opens the next, until told to stop.
import { Socket, connect as netConnect } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions, type TLSSocket } from 'node:tls';
import { PROTOCOL_VERSION, encodeFrame } from '../../shared/provider-protocol';

export type AttackKind = 'garbage-after-bye' | 'silent-tcp' | 'half-open-tls' | 'unread-pipelined' | 'wrong-password';

export interface AttackCounters {
  /** Connections opened (TCP connect succeeded). */
  opened: number;
  /** Connections the provider ended (closed, reset or refused). */
  endedByProvider: number;
}

export interface Attacker {
  readonly kind: AttackKind;
  readonly source: string;
  readonly counters: AttackCounters;
  /** Stops opening connections and destroys the current one. */
  stop(): Promise<void>;
}

const RECONNECT_MS = 50;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const frame = (header: Record<string, unknown>) => encodeFrame({ v: PROTOCOL_VERSION, ...header });
/** The first bytes of a TLS ClientHello record, and nothing more. */
const PARTIAL_CLIENT_HELLO = Buffer.from([0x16, 0x03, 0x01, 0x02, 0x00, 0x01, 0x00, 0x01, 0xfc, 0x03, 0x03]);

function tcp(port: number, source: string, halfOpen = false): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = halfOpen ? new Socket({ allowHalfOpen: true }) : undefined;
    const socket = s ?? netConnect({ host: '127.0.0.1', port, localAddress: source });
    s?.connect({ host: '127.0.0.1', port, localAddress: source });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

function tls(port: number, source: string, halfOpen = false): Promise<TLSSocket> {
  return tcp(port, source, halfOpen).then((raw) => new Promise((resolve, reject) => {
    const options: ConnectionOptions = { socket: raw, rejectUnauthorized: false };
    const s = tlsConnect(options, () => resolve(s));
    s.once('error', reject);
    raw.once('close', () => reject(new Error('closed during the handshake')));
  }));
}

const closed = (s: Socket) => new Promise<void>((r) => { if (s.destroyed) r(); else s.once('close', () => r()); });

/** What one connection of each kind does once connected; resolves when the provider ended it or `stopping`. */
const behaviours: Record<AttackKind, (port: number, source: string, track: (s: Socket) => void) => Promise<void>> = {
  'garbage-after-bye': async (port, source, track) => {
    const s = await tls(port, source, true);
    track(s);
    s.on('data', () => undefined);
    s.write(frame({ id: 1, type: 'bye' }));
    const timer = setInterval(() => { if (!s.destroyed) s.write(Buffer.from('garbage after bye\n')); }, 50);
    await closed(s);
    clearInterval(timer);
  },
  'silent-tcp': async (port, source, track) => {
    const s = await tcp(port, source);
    track(s);
    await closed(s);
  },
  'half-open-tls': async (port, source, track) => {
    const s = await tcp(port, source);
    track(s);
    s.write(PARTIAL_CLIENT_HELLO);
    await closed(s);
  },
  'unread-pipelined': async (port, source, track) => {
    const s = await tls(port, source);
    track(s);
    s.pause(); // never reads a reply
    s.write(frame({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] }));
    const batch = Buffer.concat(Array.from({ length: 256 }, () => frame({ id: 0, type: 'describe' })));
    const ended = closed(s);
    while (!s.destroyed) {
      if (!s.write(batch)) await Promise.race([new Promise((r) => s.once('drain', r)), ended]);
    }
  },
  'wrong-password': async (port, source, track) => {
    const s = await tls(port, source);
    track(s);
    s.on('data', () => undefined);
    s.write(Buffer.concat([frame({ id: 1, type: 'hello', versions: [PROTOCOL_VERSION] }), frame({ id: 2, type: 'login', username: 'ccmadmin', password: `wrong-${Math.random()}` })]));
    // The provider keeps the connection after a refusal; this peer tries again on a new one.
    await Promise.race([closed(s), sleep(500)]);
    s.destroy();
  },
};

export function startAttacker(kind: AttackKind, port: number, source: string): Attacker {
  const counters: AttackCounters = { opened: 0, endedByProvider: 0 };
  let stopping = false;
  let current: Socket | null = null;
  const loop = (async () => {
    while (!stopping) {
      try {
        await behaviours[kind](port, source, (s) => { counters.opened += 1; current = s; });
        if (!stopping && kind !== 'wrong-password') counters.endedByProvider += 1;
      } catch {
        if (!stopping) counters.endedByProvider += 1; // refused or reset
      }
      current = null;
      if (!stopping) await sleep(RECONNECT_MS);
    }
  })();
  return {
    kind, source, counters,
    stop: async () => {
      stopping = true;
      (current as Socket | null)?.destroy();
      await loop;
    },
  };
}
