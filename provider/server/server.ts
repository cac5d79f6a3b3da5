// startProviderServer: the reference CTL Provider (TLS 1.2+, docs/provider-protocol.md).
import { createServer, type TLSSocket } from 'node:tls';
import { readFile, mkdir } from 'node:fs/promises';
import { X509Certificate, createHash } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo, Server, Socket } from 'node:net';
import type { ProviderConfig, Faults } from '../config/schema';
import type { NodeRole } from '../../shared/provider-protocol';
import { CtlStore } from './ctl-store';
import { Admission } from './admission';
import { LoginThrottle } from './throttle';
import { AuditLog } from './audit';
import { serveConnection } from './connection';
import type { ServerContext } from './context';

export interface RunningProvider {
  host: string;
  port: number;
  /** SHA-256 of the TLS certificate DER, lowercase hex: what clients pin. */
  fingerprint: string;
  /** Replaces the fault injection settings (tests and demo only). */
  setFaults(faults: Faults): void;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Receives operational log lines (never secrets). Defaults to stderr. */
  log?: (line: string) => void;
}

async function readCertificate(file: string): Promise<Uint8Array> {
  const raw = await readFile(file);
  return new Uint8Array(new X509Certificate(raw).raw);
}

export async function startProviderServer(config: ProviderConfig, options: StartOptions = {}): Promise<RunningProvider> {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });
  const store = await CtlStore.open(config.tftpRoot, config.stateDir, config.initialSecurityMode);
  const certificates: ServerContext['certificates'] = [];
  for (const role of ['CallManager', 'TFTP', 'CAPF'] as NodeRole[]) {
    const file = config.certificates[role];
    if (file) certificates.push({ role, der: await readCertificate(file) });
  }
  const [certPem, keyPem] = await Promise.all([readFile(config.tls.certFile), readFile(config.tls.keyFile)]);
  const fingerprint = createHash('sha256').update(new X509Certificate(certPem).raw).digest('hex');
  const ctx: ServerContext = {
    config, store, certificates,
    admission: new Admission(config.limits.maxSessions),
    throttle: new LoginThrottle(config.throttle),
    audit: new AuditLog(path.join(config.stateDir, 'audit.log')),
    faults: { ...config.faults },
    commitFailuresLeft: config.faults?.failCommit ?? 0,
  };
  const sockets = new Set<TLSSocket>();
  const server = createServer({
    cert: certPem, key: keyPem, minVersion: 'TLSv1.2', handshakeTimeout: config.limits.handshakeTimeoutMs,
  }, (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    serveConnection(ctx, socket, log);
  });
  // Bounds unauthenticated connections too; five configuring sessions need far fewer.
  server.maxConnections = 64;
  const waiting = config.latencyMs > 0 ? delayHandshakes(server, config.latencyMs) : new Set<Socket>();
  server.on('tlsClientError', () => undefined);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  await ctx.audit.record({ event: 'start', detail: `${config.kind} ${config.name} on ${config.listen.host}:${port}` });
  return {
    host: config.listen.host, port, fingerprint,
    setFaults(faults) {
      ctx.faults = { ...faults };
      ctx.commitFailuresLeft = faults.failCommit ?? 0;
    },
    stop: async () => {
      await new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        for (const s of waiting) s.destroy();
        server.close(() => resolve());
      });
      await ctx.audit.close();
    },
  };
}

/**
 * Simulated latency (demos, benchmarks) on the TLS handshake too: over a real network the
 * server's handshake flight arrives a round trip after the client's hello, so the TLS layer
 * takes each accepted connection only `ms` later. The client's hello waits in the socket
 * meanwhile (TLS reads what is buffered when it takes over). The TCP handshake itself is the
 * kernel's and is not delayed.
 */
function delayHandshakes(server: Server, ms: number): Set<Socket> {
  const takeOver = server.listeners('connection') as ((socket: Socket) => void)[];
  server.removeAllListeners('connection');
  // Connections still in their delay: stop() destroys them (TLS does not know them yet).
  const waiting = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    // A client that gives up meanwhile must not crash the server with an unhandled error.
    const ignore = () => undefined;
    socket.on('error', ignore);
    waiting.add(socket);
    setTimeout(() => {
      waiting.delete(socket);
      socket.off('error', ignore);
      if (!server.listening) socket.destroy();
      if (socket.destroyed) return;
      for (const listener of takeOver) listener.call(server, socket);
    }, ms);
  });
  return waiting;
}
