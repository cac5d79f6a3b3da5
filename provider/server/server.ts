// startProviderServer: the reference CTL Provider (TLS 1.3, or 1.2 with ECDHE and AEAD only;
// docs/provider-protocol.md, docs/security.md).
import { createServer } from 'node:tls';
import { readFile, mkdir } from 'node:fs/promises';
import { X509Certificate, createHash } from 'node:crypto';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { ProviderConfig, Faults } from '../config/schema';
import type { NodeRole } from '../../shared/provider-protocol';
import { CtlStore } from './ctl-store';
import { Admission } from './admission';
import { LoginThrottle } from './throttle';
import { AuditLog } from './audit';
import { serveConnection } from './connection';
import type { ServerContext } from './context';
import { ConnectionTable, type ConnectionStats } from './connections';
import { guardConnections } from './accept';
import { ThrottledAttempts, loadNameSalt } from './login-audit';

/**
 * TLS 1.2 suites the provider accepts: ECDHE key exchange (forward secrecy) with an AEAD
 * cipher only. TLS 1.3 suites are all of that by design; naming them keeps TLS 1.3 on
 * (a cipher list without TLS 1.3 names would turn it off).
 */
export const TLS12_CIPHERS = [
  'ECDHE-ECDSA-AES128-GCM-SHA256', 'ECDHE-RSA-AES128-GCM-SHA256',
  'ECDHE-ECDSA-AES256-GCM-SHA384', 'ECDHE-RSA-AES256-GCM-SHA384',
  'ECDHE-ECDSA-CHACHA20-POLY1305', 'ECDHE-RSA-CHACHA20-POLY1305',
];
export const TLS13_CIPHERS = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];

export interface ProviderStats {
  connections: ConnectionStats;
  /** Password checks (scrypt) started since the server started. */
  passwordChecks: number;
  /** Requests handled (answered or being answered) since the server started. */
  requests: number;
}

export interface RunningProvider {
  host: string;
  port: number;
  /** SHA-256 of the TLS certificate DER, lowercase hex: what clients pin. */
  fingerprint: string;
  /** Replaces the fault injection settings (tests and demo only). */
  setFaults(faults: Faults): void;
  /** Counters for operators, the soak test and benchmarks. */
  stats(): ProviderStats;
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
  const audit = new AuditLog(path.join(config.stateDir, 'audit.log'));
  const ctx: ServerContext = {
    config, store, certificates, audit,
    admission: new Admission(config.limits.maxSessions),
    throttle: new LoginThrottle(config.throttle),
    throttledAttempts: new ThrottledAttempts(audit, config.throttle.auditWindowMs,
      (err) => log(`provider ${config.name}: audit write failed: ${(err as Error).message}`)),
    nameSalt: await loadNameSalt(config.stateDir),
    faults: { ...config.faults },
    commitFailuresLeft: config.faults?.failCommit ?? 0,
    requestsHandled: 0,
  };
  const table = new ConnectionTable({
    maxTotal: config.limits.maxConnections, maxPerSource: config.limits.maxConnectionsPerSource, minIdleMs: config.limits.evictIdleMs,
    newPerSourcePerSecond: config.limits.newConnectionsPerSourcePerSecond,
  });
  const server = createServer({
    cert: certPem, key: keyPem, minVersion: 'TLSv1.2', ciphers: [...TLS13_CIPHERS, ...TLS12_CIPHERS].join(':'),
    honorCipherOrder: true, handshakeTimeout: config.limits.handshakeTimeoutMs,
  }, (socket) => {
    const tracked = acceptor.trackedOf(socket);
    if (!tracked) return void socket.destroy();
    serveConnection(ctx, socket, tracked, log);
  });
  const acceptor = guardConnections(server, table, config.latencyMs);
  // A failed or timed-out handshake: Node reports it and leaves the socket open.
  server.on('tlsClientError', (_err, socket) => socket.destroy());
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
    stats: () => ({ connections: table.stats, passwordChecks: ctx.throttle.checksStarted, requests: ctx.requestsHandled }),
    stop: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        acceptor.destroyAll();
      });
      await ctx.throttledAttempts.flush();
      await ctx.audit.close();
    },
  };
}
