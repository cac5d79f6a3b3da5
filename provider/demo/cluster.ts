// startDemoCluster: certificates and configs for a first node, N-1 other nodes, M
// alternate TFTP servers of a second cluster and K firewalls, all started in this
// process on loopback (docs/provider-protocol.md, "Demo cluster").
import { mkdir, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import path from 'node:path';
import type { ClusterNode, NodeRole, ServerKind } from '../../shared/provider-protocol';
import { loadProviderConfig, type Faults, type ProviderConfigInput } from '../config/schema';
import { hashPassword } from '../server/passwords';
import { startProviderServer, type RunningProvider } from '../server/server';
import { demoIdentity, demoSubject } from './certs';

export interface DemoOptions {
  dir: string;
  /** Nodes of the main cluster, the first node included (default 3). */
  nodes?: number;
  /** First port; the others follow consecutively. 0 picks free ports (tests). Default 2444. */
  basePort?: number;
  altTftp?: number;
  firewalls?: number;
  latencyMs?: number;
  host?: string;
  /** Fault injection per server name (tests of the session engine). */
  faults?: Record<string, Faults>;
  /** Smaller keys make test clusters start faster; demos keep 2048. */
  modulusBits?: number;
  /** scrypt cost of the admin's password hash (default: the production cost). Benchmarks lower it. */
  passwordCost?: number;
  log?: (line: string) => void;
}

export interface DemoServer {
  name: string;
  kind: ServerKind;
  clusterId: string;
  host: string;
  port: number;
  roles: NodeRole[];
  firstNode: boolean;
  tftpRoot: string;
  stateDir: string;
  /** SHA-256 of the TLS certificate, lowercase hex. */
  fingerprint: string;
}

export interface DemoCluster {
  admin: { username: string; password: string };
  clusterId: string;
  nodes: DemoServer[];
  altTftp: DemoServer[];
  firewalls: DemoServer[];
  /** Changes a server's fault injection while it runs. */
  setFaults(name: string, faults: Faults): void;
  stop(): Promise<void>;
}

export const DEMO_CLUSTER_ID = 'demo-cluster';
export const DEMO_ALT_CLUSTER_ID = 'demo-cluster-b';
export const DEMO_ADMIN = 'ccmadmin';
/** A guard against typos, not a protocol limit: every node is one listening server in this process. */
export const MAX_DEMO_NODES = 128;

async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, host, () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

interface Plan {
  name: string;
  kind: ServerKind;
  clusterId: string;
  roles: NodeRole[];
  firstNode: boolean;
  port: number;
}

async function plan(opts: Required<Pick<DemoOptions, 'nodes' | 'altTftp' | 'firewalls' | 'basePort' | 'host'>>): Promise<Plan[]> {
  const plans: Omit<Plan, 'port'>[] = [];
  for (let i = 1; i <= opts.nodes; i++) {
    plans.push({ name: `cucm-${i}`, kind: 'cluster-node', clusterId: DEMO_CLUSTER_ID, firstNode: i === 1,
      roles: i === 1 ? ['CallManager', 'TFTP', 'CAPF'] : ['CallManager', 'TFTP'] });
  }
  for (let i = 1; i <= opts.altTftp; i++) {
    plans.push({ name: `alt-tftp-${i}`, kind: 'alternate-tftp', clusterId: DEMO_ALT_CLUSTER_ID, firstNode: false, roles: ['TFTP'] });
  }
  for (let i = 1; i <= opts.firewalls; i++) {
    plans.push({ name: `asa-${i}`, kind: 'firewall', clusterId: `firewall-asa-${i}`, firstNode: false, roles: ['CallManager'] });
  }
  const out: Plan[] = [];
  for (const [i, p] of plans.entries()) {
    out.push({ ...p, port: opts.basePort === 0 ? await freePort(opts.host) : opts.basePort + i });
  }
  return out;
}

/** One server of a demo cluster written to disk: its directory holds config.json, keys and certificates. */
export interface DemoServerFiles extends Plan {
  /** The server's directory (config.json inside). */
  dir: string;
}

export interface DemoClusterFiles {
  admin: { username: string; password: string };
  servers: DemoServerFiles[];
}

/**
 * Writes the certificates, keys and config.json of every server of a demo cluster without
 * starting any: `ctl-provider serve --config <dir>/config.json` (or another process) can
 * then run each. Ports are fixed here (basePort 0 picks free ones now).
 */
export async function writeDemoCluster(options: DemoOptions): Promise<DemoClusterFiles> {
  const host = options.host ?? '127.0.0.1';
  const nodes = options.nodes ?? 3;
  if (!Number.isInteger(nodes) || nodes < 1 || nodes > MAX_DEMO_NODES) throw new Error(`--nodes must be between 1 and ${MAX_DEMO_NODES}`);
  const plans = await plan({ nodes, altTftp: options.altTftp ?? 0, firewalls: options.firewalls ?? 0, basePort: options.basePort ?? 2444, host });
  const password = randomBytes(12).toString('base64url');
  const passwordHash = await hashPassword(password, options.passwordCost ? { cost: options.passwordCost } : {});
  const dir = path.resolve(options.dir);
  const members = (clusterId: string): ClusterNode[] => plans.filter((p) => p.clusterId === clusterId)
    .map((p) => ({ name: p.name, host, ip: host, port: p.port, roles: p.roles, firstNode: p.firstNode }));
  const servers: DemoServerFiles[] = [];
  for (const p of plans) {
    const nodeDir = path.join(dir, p.name);
    await mkdir(nodeDir, { recursive: true, mode: 0o700 });
    const subjectRole = p.kind === 'firewall' ? 'ASA' : p.kind === 'alternate-tftp' ? 'TFTP' : 'CallManager';
    const tlsId = await demoIdentity(nodeDir, 'server', demoSubject({ cn: p.name, ou: subjectRole, o: 'CTL Demo', c: 'JP' }), options.modulusBits);
    const certificates: Partial<Record<NodeRole, string>> = {};
    for (const role of p.roles) certificates[role] = tlsId.certFile;
    if (p.roles.includes('CAPF')) {
      certificates.CAPF = (await demoIdentity(nodeDir, 'capf', demoSubject({ cn: `CAPF-${p.name}`, ou: 'CAPF', o: 'CTL Demo', c: 'JP' }), options.modulusBits)).certFile;
    }
    for (const [role, file] of Object.entries(certificates)) certificates[role as NodeRole] = path.basename(file);
    const input: ProviderConfigInput = {
      name: p.name, kind: p.kind, listen: { host, port: p.port },
      tls: { certFile: 'server.crt.pem', keyFile: 'server.key.pem' }, certificates,
      cluster: { id: p.clusterId, nodes: members(p.clusterId) },
      tftpRoot: 'tftp', stateDir: 'state',
      users: [{ username: DEMO_ADMIN, passwordHash }],
      latencyMs: options.latencyMs ?? 0,
      // Every demo client is on loopback (the wizard, tests, benchmarks opening hundreds of
      // sessions a second): one source address, so the per-source rate is not the guard here.
      limits: { newConnectionsPerSourcePerSecond: 10_000, maxConnectionsPerSource: 10_000, maxConnections: 10_000 },
      ...(options.faults?.[p.name] ? { faults: options.faults[p.name] } : {}),
    };
    await writeFile(path.join(nodeDir, 'config.json'), JSON.stringify(input, null, 2) + '\n', { mode: 0o600 });
    servers.push({ ...p, dir: nodeDir });
  }
  return { admin: { username: DEMO_ADMIN, password }, servers };
}

/** Starts the server whose files writeDemoCluster wrote in `dir`. */
export async function startDemoServer(dir: string, log?: (line: string) => void): Promise<RunningProvider> {
  const config = await loadProviderConfig(path.join(dir, 'config.json'));
  return startProviderServer(config, log ? { log } : {});
}

/**
 * Writes and starts a demo cluster. With free ports (basePort 0) the ports are chosen before the
 * servers listen (each server's configuration names the others'), so another process may take
 * one meanwhile: the cluster is then written again on other ports, up to three times.
 */
export async function startDemoCluster(options: DemoOptions): Promise<DemoCluster> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await startDemoClusterOnce(options);
    } catch (err) {
      const taken = (err as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || options.basePort !== 0 || attempt >= 3) throw err;
    }
  }
}

async function startDemoClusterOnce(options: DemoOptions): Promise<DemoCluster> {
  const files = await writeDemoCluster(options);
  const host = options.host ?? '127.0.0.1';
  const started: { server: DemoServer; running: RunningProvider }[] = [];
  try {
    for (const f of files.servers) {
      const running = await startDemoServer(f.dir, options.log);
      started.push({ running, server: {
        name: f.name, kind: f.kind, clusterId: f.clusterId, host, port: running.port, roles: f.roles, firstNode: f.firstNode,
        tftpRoot: path.join(f.dir, 'tftp'), stateDir: path.join(f.dir, 'state'), fingerprint: running.fingerprint,
      } });
    }
  } catch (err) {
    await Promise.all(started.map((s) => s.running.stop()));
    throw err;
  }
  const of = (kind: ServerKind) => started.filter((s) => s.server.kind === kind).map((s) => s.server);
  return {
    admin: files.admin,
    clusterId: DEMO_CLUSTER_ID,
    nodes: of('cluster-node'), altTftp: of('alternate-tftp'), firewalls: of('firewall'),
    setFaults(name, faults) {
      const found = started.find((s) => s.server.name === name);
      if (!found) throw new Error(`no demo server named ${name}`);
      found.running.setFaults(faults);
    },
    stop: async () => {
      await Promise.all(started.map((s) => s.running.stop()));
    },
  };
}
