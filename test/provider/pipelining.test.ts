// Pipelined requests on one connection: the provider handles them in order and its
// simulated latency delays replies on the wire without holding back the next request,
// so a client that pipelines pays one delay. The client's pipelined login reports the
// login's own error on every request sent behind it.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { rm } from 'node:fs/promises';
import { startDemoCluster, type DemoCluster } from '../../provider/demo/cluster';
import { hashPassword, verifyPassword, DEFAULT_SCRYPT_COST } from '../../provider/server/passwords';
import { ProviderClient, ProviderError } from '../../electron/services/provider-client';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeTempDir } from './fixtures';

const LATENCY = 150;
let dir: string;
let cluster: DemoCluster;

beforeAll(async () => {
  dir = await makeTempDir('pipe');
  cluster = await startDemoCluster({ dir, nodes: 1, basePort: 0, latencyMs: LATENCY, modulusBits: 1024, passwordCost: 1024 });
});
afterAll(async () => {
  await cluster.stop();
  await rm(dir, { recursive: true, force: true });
});

const connectAs = (password: string) => {
  const n = cluster.nodes[0]!;
  return ProviderClient.connect({ host: n.host, port: n.port, trustStore: new MemoryTrustStore(), trust: n.fingerprint, login: { username: cluster.admin.username, password } });
};

describe('pipelining', () => {
  it('answers hello, login and three reads sent together after one delay, each with its own reply', async () => {
    const t0 = performance.now();
    const s = await connectAs(cluster.admin.password);
    // hello and login went out during connect; the TLS handshake before them is not what this measures.
    const t1 = performance.now();
    const [description, ctl, certificates] = await Promise.all([s.describe(), s.getCtl(), s.getCertificates(), s.ready()]);
    const done = performance.now();
    expect(description.thisNode).toBe('cucm-1');
    expect(ctl.present).toBe(false);
    expect(certificates.map((c) => c.role)).toEqual(['CallManager', 'TFTP', 'CAPF']);
    expect(s.server).toMatchObject({ name: 'cucm-1' });
    // One delay for all five replies; sent one by one they would take five (750 ms).
    expect(done - t0).toBeGreaterThanOrEqual(LATENCY - 5);
    expect(done - t1).toBeLessThan(2 * LATENCY);
    await s.close();
  });

  it('fails every request behind a refused pipelined login with the login error', async () => {
    const s = await connectAs('wrong password');
    const results = await Promise.allSettled([s.ready(), s.describe(), s.getCtl()]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toBeInstanceOf(ProviderError);
      expect(((r as PromiseRejectedResult).reason as ProviderError).code).toBe('bad-login');
    }
    await s.close();
  });
});

describe('password cost', () => {
  it('keeps the production cost by default and stores a lower one in the hash', async () => {
    expect((await hashPassword('pw')).startsWith(`scrypt$${DEFAULT_SCRYPT_COST}$8$1$`)).toBe(true);
    const cheap = await hashPassword('pw', { cost: 1024 });
    expect(cheap.startsWith('scrypt$1024$8$1$')).toBe(true);
    await expect(verifyPassword('pw', cheap)).resolves.toBe(true);
    await expect(verifyPassword('pw!', cheap)).resolves.toBe(false);
    await expect(hashPassword('pw', { cost: 1000 })).rejects.toThrow(/power of two/);
  });
});
