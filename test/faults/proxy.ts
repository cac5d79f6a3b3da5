// A small TCP proxy in front of one provider: it forwards bytes both ways (TLS passes through
// untouched) until a fault is applied to the connections it carries: `reset` destroys them
// with a TCP RST, `stall` stops forwarding in both directions while keeping them open (the
// client's request timeout fires), `pass` forwards again. A close on one side closes the other.
import net from 'node:net';

export type ProxyMode = 'pass' | 'reset' | 'stall';

export interface FaultProxy {
  readonly port: number;
  /** Applies a mode to the connections open now and to new ones. */
  set(mode: ProxyMode): void;
  close(): Promise<void>;
}

export async function startProxy(listenPort: number, target: () => number): Promise<FaultProxy> {
  let mode: ProxyMode = 'pass';
  const pairs = new Set<{ client: net.Socket; upstream: net.Socket }>();
  const server = net.createServer((client) => {
    if (mode === 'reset') {
      client.resetAndDestroy();
      return;
    }
    const upstream = net.connect(target(), '127.0.0.1');
    const pair = { client, upstream };
    pairs.add(pair);
    const forward = (from: net.Socket, to: net.Socket) => from.on('data', (chunk: Buffer) => {
      if (mode === 'pass' && !to.destroyed) to.write(chunk);
    });
    forward(client, upstream);
    forward(upstream, client);
    const end = () => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', end).on('error', end);
    upstream.on('close', end).on('error', end);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listenPort, '127.0.0.1', () => resolve());
  });
  return {
    port: (server.address() as net.AddressInfo).port,
    set(next) {
      mode = next;
      if (next === 'reset') {
        for (const p of pairs) {
          p.client.resetAndDestroy();
          p.upstream.destroy();
        }
        pairs.clear();
      }
    },
    close: () => new Promise<void>((resolve) => {
      for (const p of pairs) {
        p.client.destroy();
        p.upstream.destroy();
      }
      server.close(() => resolve());
    }),
  };
}

/** A free loopback port (listen on 0, read it, close). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', () => resolve()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}
