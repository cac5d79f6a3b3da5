// What happens to a TCP connection before TLS sees it: admission against the connection
// caps (connections.ts) and, in demos and benchmarks, the simulated handshake latency.
import type { Server, Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { ConnectionTable, TrackedConnection } from './connections';

export interface Acceptor {
  /** The tracked connection under a TLS socket (null once its TCP connection is gone). */
  trackedOf(socket: TLSSocket): TrackedConnection | null;
  /** Destroys every connection, TLS or not yet (server stop). */
  destroyAll(): void;
}

const keyOf = (s: Socket) => `${s.remoteAddress}|${s.remotePort}|${s.localAddress}|${s.localPort}`;

/**
 * Puts admission (and the latency) in front of the TLS layer's own connection listener, so
 * a refused connection is destroyed before TLS allocates anything for it.
 *
 * Simulated latency (demos, benchmarks) on the TLS handshake too: over a real network the
 * server's handshake flight arrives a round trip after the client's hello, so the TLS layer
 * takes each accepted connection only `latencyMs` later. The client's hello waits in the
 * socket meanwhile (TLS reads what is buffered when it takes over). The TCP handshake itself
 * is the kernel's and is not delayed.
 */
export function guardConnections(server: Server, table: ConnectionTable, latencyMs: number): Acceptor {
  const takeOver = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  const open = new Set<Socket>();
  const byKey = new Map<string, TrackedConnection>();
  const handOver = (socket: Socket) => {
    if (!server.listening) socket.destroy();
    if (socket.destroyed) return;
    for (const listener of takeOver) listener.call(server, socket);
  };
  server.on('connection', (socket: Socket) => {
    // A peer that resets meanwhile must not crash the server with an unhandled error.
    socket.on('error', () => undefined);
    const tracked = table.admit(socket.remoteAddress ?? 'unknown', () => socket.destroy());
    if (typeof tracked === 'string') {
      socket.destroy();
      return;
    }
    const key = keyOf(socket);
    open.add(socket);
    byKey.set(key, tracked);
    socket.once('close', () => {
      open.delete(socket);
      byKey.delete(key);
      table.release(tracked);
    });
    if (latencyMs > 0) setTimeout(() => handOver(socket), latencyMs);
    else handOver(socket);
  });
  return {
    trackedOf: (socket) => byKey.get(keyOf(socket)) ?? null,
    destroyAll: () => { for (const s of open) s.destroy(); },
  };
}
