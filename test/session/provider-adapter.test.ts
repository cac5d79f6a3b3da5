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
import { say } from '../../electron/session/words';
import { msg } from '../../shared/session/messages';
import { englishLeft } from '../helpers/english-text';
import { ProviderFailure } from '../../electron/session/ports';

let dir: string;
let demo: DemoCluster;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ctl-adapter-'));
  demo = await startDemoCluster({ dir, nodes: 2, altTftp: 0, firewalls: 0, basePort: 0, modulusBits: 1024, passwordCost: 1024, log: () => undefined });
});
afterAll(async () => {
  await demo.stop();
  await rm(dir, { recursive: true, force: true });
});

describe('ProviderClientPort login failures', () => {
  // Node 1 throttles this computer; node 2 serves the lock test.
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
    // Worded from the provider's facts (how long to wait), not from its English text: host:port once.
    expect(mapped.message.code).toBe('failure.provider.throttled-retry');
    const seconds = Number(/try again in (\d+) s/.exec(throttled!.message)![1]);
    expect(mapped.message.params).toEqual({ where: `${node.host}:${node.port}`, seconds: expect.any(Number) });
    expect(Math.abs((mapped.message.params['seconds'] as number) - seconds)).toBeLessThanOrEqual(1);
    expect(say(mapped.message, 'ja')).toBe(`${node.host}:${node.port} は失敗したログインが続いたため、しばらくログインを受け付けません。${String(mapped.message.params['seconds'])} 秒後に再試行してください。`);
    // The right password is refused too while throttled: still not "auth-failed".
    const right = await port.open(node.host, node.port, demo.admin, () => true).then(() => null, (e: unknown) => e);
    expect(right instanceof ProviderFailure && right.code).toBe('throttled');
  });

  it('a lock held by another administrator names who, from where and since when, in either language', async () => {
    const node = demo.nodes[1]!;
    const port = new ProviderClientPort({ trustStore: new MemoryTrustStore() });
    const first = await port.open(node.host, node.port, demo.admin, () => true);
    const second = await port.open(node.host, node.port, demo.admin, () => true);
    try {
      await first.lock();
      const busy = await second.lock().then(() => null, (e: unknown) => e);
      expect(busy instanceof ProviderFailure && busy.code).toBe('busy');
      const holder = (busy as ProviderFailure).facts.holder!;
      expect(holder).toMatchObject({ username: demo.admin.username, source: expect.stringMatching(/127\.0\.0\.1/) });
      const message = toCommandError(busy).error.message;
      expect(message).toEqual(msg('failure.provider.busy-held', { where: `${node.host}:${node.port}`, user: holder.username, source: holder.source, since: holder.since }));
      expect(say(message, 'ja')).toContain(`${demo.admin.username}（${holder.source} から）が ${holder.since} から構成ロックを保持しています`);
      expect(englishLeft(say(message, 'ja'))).toBeNull();
    } finally {
      await first.close();
      await second.close();
    }
  });

  it('a CTL the provider refuses is worded from the problem it sends and the codec reason inside, in either language', async () => {
    const node = demo.nodes[1]!;
    const port = new ProviderClientPort({ trustStore: new MemoryTrustStore() });
    const session = await port.open(node.host, node.port, demo.admin, () => true);
    try {
      await session.lock();
      // Not a CTL: its first TLV is not VERSION.
      const refused = await session.stage(new Uint8Array([9, 0, 2, 1, 2, 0, 0, 0]), 'mixed', null).then(() => null, (e: unknown) => e);
      expect(refused instanceof ProviderFailure && refused.code).toBe('rejected');
      const message = toCommandError(refused).error.message;
      expect(message.code).toBe('failure.provider.rejected');
      expect(message.params['reason']).toMatchObject({ code: 'provider-problem.not-well-formed', params: { problem: { code: expect.stringMatching(/^decode\./) } } });
      expect(say(message, 'en')).toMatch(/^127\.0\.0\.1:\d+: not a well-formed CTL: /);
      const ja = say(message, 'ja');
      expect(ja).toContain('CTL の形式が正しくありません: ');
      expect(englishLeft(ja), ja).toBeNull();
    } finally {
      await session.close();
    }
  });
});
