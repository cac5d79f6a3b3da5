// The demo cluster in-process: topology, the alternate TFTP and firewall roles,
// fault injection and latency (what the session engine's tests rely on).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rm } from 'node:fs/promises';
import { once } from 'node:events';
import { createConnection } from 'node:net';
import { startDemoCluster, type DemoCluster, type DemoServer } from '../../provider/demo/cluster';
import { ProviderClient, ProviderError, type ProviderSession } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir, makeToken, makeCtl, type Token } from './fixtures';

let dir: string;
let cluster: DemoCluster;
let t1: Token, t2: Token, other: Token;

beforeAll(async () => {
  dir = await makeTempDir('demo');
  cluster = await startDemoCluster({ dir, nodes: 3, basePort: 0, altTftp: 1, firewalls: 1, modulusBits: 2048 });
  [t1, t2, other] = await Promise.all([makeToken('SAST-1'), makeToken('SAST-2'), makeToken('B-SAST')]);
});
afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

async function open(s: DemoServer): Promise<ProviderSession> {
  const session = await ProviderClient.connect({ host: s.host, port: s.port, trustStore: new MemoryTrustStore(), trust: s.fingerprint });
  await session.login(cluster.admin.username, cluster.admin.password);
  return session;
}

describe('demo cluster', () => {
  it('lists every node with its roles, and each node serves its own certificate', async () => {
    expect(cluster.nodes.map((n) => n.name)).toEqual(['cucm-1', 'cucm-2', 'cucm-3']);
    const first = await open(cluster.nodes[0]!);
    const d = await first.describe();
    expect(d.clusterId).toBe('demo-cluster');
    expect(d.nodes.map((n) => [n.name, n.port, n.roles, n.firstNode])).toEqual(
      cluster.nodes.map((n) => [n.name, n.port, n.roles, n.firstNode]));
    expect((await first.getCertificates()).map((c) => c.role)).toEqual(['CallManager', 'TFTP', 'CAPF']);
    const second = await open(cluster.nodes[1]!);
    expect((await second.getCertificates()).map((c) => c.role)).toEqual(['CallManager', 'TFTP']);
    expect(new Set(cluster.nodes.map((n) => n.fingerprint)).size).toBe(3);
    first.close();
    second.close();
  });

  it('firewall: presents its own certificate, listed as a CallManager node, and accepts the CTL', async () => {
    const fw = await open(cluster.firewalls[0]!);
    const d = await fw.describe();
    expect(d.kind).toBe('firewall');
    expect(d.nodes).toEqual([expect.objectContaining({ name: 'asa-1', roles: ['CallManager'] })]);
    const certs = await fw.getCertificates();
    expect(certs.map((c) => c.role)).toEqual(['CallManager']);
    await fw.lock();
    const st = await fw.stage(await makeCtl(t1, [t1, t2]), 1, (await fw.getCtl()).sha256);
    await fw.commit(st.stageId, (await fw.getCtl()).sha256);
    expect((await fw.getCtl()).present).toBe(true);
    fw.close();
  });

  it('alternate TFTP: belongs to another cluster, accepts our CTL, then holds to its SASTs', async () => {
    const alt = await open(cluster.altTftp[0]!);
    const d = await alt.describe();
    expect(d).toMatchObject({ kind: 'alternate-tftp', clusterId: 'demo-cluster-b' });
    expect((await alt.getCertificates()).map((c) => c.role)).toEqual(['TFTP']);
    await alt.lock();
    const ours = await makeCtl(t1, [t1, t2]);
    await alt.commit((await alt.stage(ours, 1, (await alt.getCtl()).sha256)).stageId, (await alt.getCtl()).sha256);
    alt.close();
    // A later session with a token the stored CTL does not list is refused.
    const later = await open(cluster.altTftp[0]!);
    await later.lock();
    const err = await later.proveTokenPossession(other.der, other.sign).catch((e: ProviderError) => e);
    expect((err as ProviderError).code).toBe('proof-failed');
    await later.proveTokenPossession(t2.der, t2.sign);
    const foreign = await makeCtl(other, [other]);
    expect(((await later.stage(foreign, 1, (await later.getCtl()).sha256).catch((e: ProviderError) => e)) as ProviderError).code).toBe('rejected');
    later.close();
  });

  it('injects faults per node: stage refused, commit refused N times, read-back corrupted', async () => {
    const node = cluster.nodes[2]!;
    cluster.setFaults(node.name, { failStage: true });
    const s = await open(node);
    await s.lock();
    const ctl = await makeCtl(t1, [t1, t2]);
    expect(((await s.stage(ctl, 1, (await s.getCtl()).sha256).catch((e: ProviderError) => e)) as ProviderError).code).toBe('fault-injected');
    cluster.setFaults(node.name, { failCommit: 2, corruptReadBack: true });
    const st = await s.stage(ctl, 1, (await s.getCtl()).sha256);
    for (let i = 0; i < 2; i++) {
      expect(((await s.commit(st.stageId, (await s.getCtl()).sha256).catch((e: ProviderError) => e)) as ProviderError).code).toBe('fault-injected');
    }
    await s.commit(st.stageId, (await s.getCtl()).sha256);
    const back = await s.getCtl();
    expect(back.bytes).not.toEqual(ctl);
    expect(back.bytes?.length).toBe(ctl.length);
    cluster.setFaults(node.name, {});
    expect((await s.getCtl()).bytes).toEqual(ctl);
    s.close();
  });
});

describe('latency', () => {
  it('delays the TLS handshake and every reply by --latency-ms', async () => {
    const ldir = await makeTempDir('lat');
    const slow = await startDemoCluster({ dir: ldir, nodes: 1, basePort: 0, latencyMs: 150 });
    try {
      const n = slow.nodes[0]!;
      // The handshake takes a delay, and hello (sent right after it) another.
      const c0 = performance.now();
      const s = await ProviderClient.connect({ host: n.host, port: n.port, trustStore: new MemoryTrustStore(), trust: n.fingerprint });
      expect(performance.now() - c0).toBeGreaterThanOrEqual(290);
      // A client that hangs up during the handshake delay leaves the server serving.
      const quitter = createConnection({ host: n.host, port: n.port });
      await once(quitter, 'connect');
      quitter.destroy();
      await new Promise((r) => setTimeout(r, 200));
      await s.login(slow.admin.username, slow.admin.password);
      const t0 = performance.now();
      await s.describe();
      await s.getCtl();
      expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
      s.close();
      // A request timeout shorter than the latency fails the request with 'timeout'.
      const err = await ProviderClient.connect({ host: n.host, port: n.port, trustStore: new MemoryTrustStore(), trust: n.fingerprint, timeouts: { requestMs: 40 } })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect((err as ProviderError).code).toBe('timeout');
    } finally {
      await slow.stop();
      await rm(ldir, { recursive: true, force: true });
    }
  });

  it('stops at once while a connection still waits for its delayed handshake', async () => {
    const ldir = await makeTempDir('lat-stop');
    const slow = await startDemoCluster({ dir: ldir, nodes: 1, basePort: 0, latencyMs: 2_000, modulusBits: 1024, passwordCost: 1024 });
    try {
      const n = slow.nodes[0]!;
      const waiting = createConnection({ host: n.host, port: n.port });
      waiting.on('error', () => undefined);
      await once(waiting, 'connect');
      const closed = once(waiting, 'close');
      const t0 = performance.now();
      await slow.stop();
      expect(performance.now() - t0).toBeLessThan(1_000);
      await closed; // the server dropped it rather than handing it to TLS later
    } finally {
      await rm(ldir, { recursive: true, force: true });
    }
  });
});
