// Provider configuration (docs/provider-protocol.md, "Server configuration").
// Paths may be relative to the configuration file; loadProviderConfig resolves them.
import { z } from 'zod';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { nodeSchema, securityModeSchema, serverKindSchema, DEFAULT_PROVIDER_PORT } from '../../shared/provider-protocol';
import { PASSWORD_HASH_PATTERN } from '../server/passwords';

export const faultsSchema = z.strictObject({
  /** Refuse every stage with `fault-injected`. */
  failStage: z.boolean().optional(),
  /** Refuse this many commits with `fault-injected` before letting them through. */
  failCommit: z.number().int().min(0).optional(),
  /** getCtl returns bytes that differ from what is stored (one bit flipped). */
  corruptReadBack: z.boolean().optional(),
});
export type Faults = z.infer<typeof faultsSchema>;

export const providerConfigSchema = z.strictObject({
  /** This node's name as listed in `cluster.nodes`. */
  name: z.string().min(1).max(255),
  kind: serverKindSchema.default('cluster-node'),
  listen: z.strictObject({
    host: z.string().min(1).default('0.0.0.0'),
    port: z.number().int().min(0).max(65535).default(DEFAULT_PROVIDER_PORT),
  }).default({ host: '0.0.0.0', port: DEFAULT_PROVIDER_PORT }),
  /** TLS identity (PEM files). The certificate is what clients pin. */
  tls: z.strictObject({ certFile: z.string().min(1), keyFile: z.string().min(1) }),
  /** Certificates served per role (PEM or DER files). */
  certificates: z.strictObject({
    CallManager: z.string().min(1).optional(),
    TFTP: z.string().min(1).optional(),
    CAPF: z.string().min(1).optional(),
  }),
  cluster: z.strictObject({
    id: z.string().min(1).max(255),
    nodes: z.array(nodeSchema).min(1).max(64),
  }),
  /** Mode before any client has set one; afterwards the stored mode wins. */
  initialSecurityMode: securityModeSchema.default(0),
  tftpRoot: z.string().min(1),
  /** Backups, staged files, mode and the audit log; never served by TFTP. */
  stateDir: z.string().min(1),
  users: z.array(z.strictObject({
    username: z.string().min(1).max(128),
    passwordHash: z.string().regex(PASSWORD_HASH_PATTERN, 'expected scrypt$N$r$p$salt$hash (use `ctl-provider hash-password`)'),
  })).min(1),
  /** Bounds on sessions and connections (docs/provider-protocol.md, "Connection limits"). */
  limits: z.strictObject({
    maxSessions: z.number().int().min(1).max(100).default(5),
    /** Idle time after which a logged-in connection is closed. */
    idleTimeoutMs: z.number().int().min(1000).default(10 * 60_000),
    challengeTtlMs: z.number().int().min(1000).default(60_000),
    /** A TCP connection must finish its TLS handshake within this time. */
    handshakeTimeoutMs: z.number().int().min(500).default(15_000),
    /** Before login: a connection that sends nothing for this long is closed. */
    preLoginIdleTimeoutMs: z.number().int().min(500).default(15_000),
    /** A connection must have logged in this long after its TLS handshake, or it is closed. */
    loginTimeoutMs: z.number().int().min(1000).default(60_000),
    /** Open connections (TCP, TLS handshakes included) at once; at the cap the oldest idle unauthenticated one of the busiest source makes room. */
    maxConnections: z.number().int().min(1).max(10_000).default(128),
    /** At the global cap, an unauthenticated connection idle this long may be dropped for a new one. */
    evictIdleMs: z.number().int().min(0).max(60_000).default(0),
    /** New connections one source address may open per second (bursts of twice that). */
    newConnectionsPerSourcePerSecond: z.number().int().min(1).max(10_000).default(10),
    /** Open connections from one source address at once. */
    maxConnectionsPerSource: z.number().int().min(1).max(10_000).default(16),
    /** Requests received and not yet answered on one connection; the provider stops reading beyond it. */
    maxPipelinedRequests: z.number().int().min(1).max(1024).default(16),
    /** Reply bytes not yet taken by the peer; the provider stops reading requests above it. */
    maxUnsentReplyBytes: z.number().int().min(4096).default(64 * 1024),
    /** After its last reply a closing connection is destroyed at the latest this much later, whatever the peer sends. */
    closeGraceMs: z.number().int().min(10).max(60_000).default(2_000),
  }).prefault({}),
  throttle: z.strictObject({
    maxFailures: z.number().int().min(1).default(5),
    windowMs: z.number().int().min(1).default(5 * 60_000),
    lockoutMs: z.number().int().min(1).default(60_000),
    /** Login attempts from one source that may wait while its one password check runs; more are throttled at once. */
    maxQueuedPerSource: z.number().int().min(0).max(100).default(8),
    /** Password checks running at once over all sources (each scrypt check holds 16 MiB). */
    maxConcurrentChecks: z.number().int().min(1).max(64).default(4),
    /** Throttled attempts are written as one audit line per source per window of this length. */
    auditWindowMs: z.number().int().min(100).default(60_000),
  }).prefault({}),
  /** Delay added before every reply (benchmarks and demos only). */
  latencyMs: z.number().int().min(0).max(60_000).default(0),
  /** Test and demo fault injection; leave out in production. */
  faults: faultsSchema.optional(),
});
export type ProviderConfig = z.infer<typeof providerConfigSchema>;
export type ProviderConfigInput = z.input<typeof providerConfigSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Validates a configuration object, resolving relative paths against `baseDir`. */
export function parseProviderConfig(input: unknown, baseDir: string): ProviderConfig {
  const parsed = providerConfigSchema.safeParse(input);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
    throw new ConfigError(`invalid provider configuration:\n  ${issues.join('\n  ')}`);
  }
  const c = parsed.data;
  const abs = (p: string) => path.resolve(baseDir, p);
  if (!c.cluster.nodes.some((n) => n.name === c.name)) {
    throw new ConfigError(`invalid provider configuration: name "${c.name}" is not one of cluster.nodes`);
  }
  return {
    ...c,
    tls: { certFile: abs(c.tls.certFile), keyFile: abs(c.tls.keyFile) },
    certificates: Object.fromEntries(Object.entries(c.certificates).map(([k, v]) => [k, abs(v)])),
    tftpRoot: abs(c.tftpRoot),
    stateDir: abs(c.stateDir),
  };
}

export async function loadProviderConfig(file: string): Promise<ProviderConfig> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new ConfigError(`cannot read configuration ${file}: ${(err as Error).message}`);
  }
  return parseProviderConfig(raw, path.dirname(path.resolve(file)));
}
