// The engine's provider adapter against a real demo provider (loopback TLS): how login
// failures are labelled. A throttled login is not a wrong password.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startDemoCluster, type DemoCluster } from '../../provider';

import { MemoryTrustStore } from '../../electron/services/trust-store';
import { ProviderClientPort } from '../../electron/session/adapters/provider';
import { toCommandError } from '../../electron/session/errors';
import { ProviderFailure } from '../../electron/session/ports';

let dir: string;
let demo: DemoCluster;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ctl-adapter-'));
  demo = await startDemoCluster({ dir, nodes: 1, altTftp: 0, firewalls: 0, basePort: 0, modulusBits: 1024, passwordCost: 1024, log: () => undefined });
});
afterAll(async () => {
  await demo.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('ProviderClientPort login failures', () => {
  it('labels wrong passwords auth-failed and throttled logins throttled (engine: provider-error with the wait), not auth-failed', async () => {
    const node = demo.nodes[0]!;
    const port = new ProviderClientPort({ trustStore: new MemoryTrustStore() });
    const codes: string[] = [];
    let throttled: ProviderFailure | null = null;
    // The provider throttles a source after 5 failures; 8 attempts are enough and bounded.
    for (let i = 0; i < 8 && !throttled; i++) {
      try {
        const s = await port.open(node.host, node.port, { username: demo.admin.username, password: `wrong-${i}` }, () => true);
        await s.close();
        codes.push('ok');
      } catch (err) {
        if (!(err instanceof ProviderFailure)) throw err;
        codes.push(err.code);
        if (err.code === 'throttled') throttled = err;
      }
    }
    expect(codes.slice(0, 5)).toEqual(Array(5).fill('auth-failed'));
    expect(throttled?.message).toMatch(/too many failed logins.*try again in \d+ s/);
    const mapped = toCommandError(throttled).error;
    expect(mapped.kind === 'failed' && mapped.code).toBe('provider-error');
    // The provider client's own text is the reason (it names host:port once); the code says what kind of failure.
    expect(mapped.message.code).toBe('failure.provider.throttled');
    expect(mapped.message.params).toEqual({ where: `${node.host}:${node.port}`, reason: throttled!.message.slice(`${node.host}:${node.port}: `.length) });
    // The right password is refused too while throttled: still not "auth-failed".
    const right = await port.open(node.host, node.port, demo.admin, () => true).then(() => null, (e: unknown) => e);
    expect(right instanceof ProviderFailure && right.code).toBe('throttled');
  });
});
