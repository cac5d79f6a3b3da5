// Provider configuration validation and password hashes.
import { describe, it, expect } from 'vitest';
import path from 'node:path';
import { parseProviderConfig, ConfigError } from '../../provider/config/schema';
import { hashPassword, verifyPassword } from '../../provider/server/passwords';

const base = {
  name: 'n1', tls: { certFile: 'c.pem', keyFile: 'k.pem' }, certificates: { CallManager: 'c.pem' },
  cluster: { id: 'c', nodes: [{ name: 'n1', host: 'n1.example', ip: '10.0.0.1', port: 2444, roles: ['CallManager'], firstNode: true }] },
  tftpRoot: 'tftp', stateDir: 'state', users: [{ username: 'admin', passwordHash: 'scrypt$16384$8$1$c2FsdA==$aGFzaA==' }],
};

describe('provider config', () => {
  it('fills defaults and resolves paths against the config directory', () => {
    const c = parseProviderConfig(base, '/etc/ctl');
    expect(c.listen).toEqual({ host: '0.0.0.0', port: 2444 });
    expect(c.limits.maxSessions).toBe(5);
    expect(c.tftpRoot).toBe(path.resolve('/etc/ctl', 'tftp'));
    expect(c.certificates.CallManager).toBe(path.resolve('/etc/ctl', 'c.pem'));
  });

  it('names every problem: plaintext password, unknown field, node not listed', () => {
    const plain = { ...base, users: [{ username: 'admin', passwordHash: 'hunter2' }] };
    expect(() => parseProviderConfig(plain, '/')).toThrow(/users\.0\.passwordHash: expected scrypt/);
    expect(() => parseProviderConfig({ ...base, tftproot: 'x' }, '/')).toThrow(ConfigError);
    expect(() => parseProviderConfig({ ...base, name: 'other' }, '/')).toThrow(/"other" is not one of cluster.nodes/);
    expect(() => parseProviderConfig({ ...base, kind: 'router' }, '/')).toThrow(/kind/);
  });
});

describe('password hashes', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('pw-1'), hashPassword('pw-1')]);
    expect(a).not.toBe(b);
    expect(a).not.toContain('pw-1');
    expect(await verifyPassword('pw-1', a)).toBe(true);
    expect(await verifyPassword('pw-2', a)).toBe(false);
    expect(await verifyPassword('pw-1', 'scrypt$0$8$1$AA==$AA==')).toBe(false);
    expect(await verifyPassword('pw-1', 'md5$x')).toBe(false);
  });
});
