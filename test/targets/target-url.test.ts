// Target addresses and SSH fingerprints as administrators write them.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { keyAlgorithm, normalizeSshFingerprint, parseTargetAddress, pinnedHostKey, sshFingerprint, TargetError } from '../../electron/services/targets';

function refusal(text: string): TargetError {
  try {
    parseTargetAddress(text, '/home/admin');
  } catch (e) {
    expect(e).toBeInstanceOf(TargetError);
    expect((e as TargetError).code).toBe('invalid-url');
    return e as TargetError;
  }
  throw new Error(`"${text}" was accepted`);
}

describe('target addresses', () => {
  it('reads sftp URLs: user, host, port, absolute root, home-relative root, IPv6', () => {
    expect(parseTargetAddress('sftp://tftpadmin@tftp1.example.com/srv/tftp/')).toEqual({
      kind: 'sftp', user: 'tftpadmin', host: 'tftp1.example.com', port: 22, root: '/srv/tftp', display: 'sftp://tftpadmin@tftp1.example.com/srv/tftp',
    });
    expect(parseTargetAddress('sftp://root@10.0.0.5:2222/var/lib/tftpboot')).toMatchObject({ host: '10.0.0.5', port: 2222, root: '/var/lib/tftpboot', display: 'sftp://root@10.0.0.5:2222/var/lib/tftpboot' });
    expect(parseTargetAddress('sftp://admin@h/~/tftp')).toMatchObject({ root: 'tftp', display: 'sftp://admin@h/~/tftp' });
    expect(parseTargetAddress('sftp://admin@[::1]:2200/srv/tftp')).toMatchObject({ host: '::1', port: 2200, display: 'sftp://admin@[::1]:2200/srv/tftp' });
    expect(parseTargetAddress('sftp://my%20user@h/srv/my%20tftp')).toMatchObject({ user: 'my user', root: '/srv/my tftp' });
  });

  it('reads folders: file URLs, absolute and relative paths', () => {
    expect(parseTargetAddress('file:///srv/tftp')).toEqual({ kind: 'folder', root: '/srv/tftp', display: '/srv/tftp' });
    expect(parseTargetAddress('/srv/tftp/')).toMatchObject({ kind: 'folder', root: '/srv/tftp' });
    expect(parseTargetAddress('tftp', '/home/admin')).toMatchObject({ kind: 'folder', root: '/home/admin/tftp' });
  });

  it('refuses what cannot be used, saying why', () => {
    expect(refusal('sftp://admin:secret@h/srv/tftp').message).toContain('password in the URL is refused');
    expect(refusal('sftp://h/srv/tftp').message).toContain('no user name');
    expect(refusal('sftp://admin@h').message).toContain('no folder');
    expect(refusal('sftp://admin@h/').message).toContain('no folder');
    expect(refusal('sftp://admin@h/srv?x=1').message).toContain('query');
    expect(refusal('ssh://admin@h/srv').message).toContain('write sftp://');
    expect(refusal('ftp://admin@h/srv').message).toContain('unsupported scheme "ftp:"');
    expect(refusal('sftp://admin@h/srv/%zz').message).toContain('%-escape');
    expect(refusal('   ').message).toContain('empty');
    expect(refusal('file://server/share').message).toContain('file:///absolute/path');
  });

  it('never throws anything but a TargetError, and never shows a password', () => {
    fc.assert(fc.property(fc.string({ maxLength: 60 }), (text) => {
      try {
        const address = parseTargetAddress(text, '/base');
        expect(address.display.length).toBeGreaterThan(0);
      } catch (e) {
        expect(e).toBeInstanceOf(TargetError);
      }
    }));
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 16 }).filter((p) => !/[\s/*]/.test(p)), (password) => {
      const e = refusal(`sftp://admin:${password}@host/srv`);
      expect(e.message).not.toContain(`:${password}@`);
    }));
  });
});

describe('SSH host key fingerprints', () => {
  // ssh-ed25519 public key blob: string "ssh-ed25519", string 32-byte key.
  const blob = Buffer.concat([Buffer.from([0, 0, 0, 11]), Buffer.from('ssh-ed25519'), Buffer.from([0, 0, 0, 32]), Buffer.alloc(32, 7)]);

  it('prints SHA256:<base64 without padding> and reads the algorithm from the blob', () => {
    const fp = sshFingerprint(blob);
    expect(fp).toBe(`SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`);
    expect(fp).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    expect(keyAlgorithm(blob)).toBe('ssh-ed25519');
    expect(keyAlgorithm(Buffer.from([0, 0, 1, 0]))).toBe('unknown');
  });

  it('accepts pasted fingerprints with or without prefix and padding; the pinned check says trusted / changed / unknown', async () => {
    const fp = sshFingerprint(blob);
    expect(normalizeSshFingerprint(fp.slice(7))).toBe(fp);
    expect(normalizeSshFingerprint(`${fp}=`)).toBe(fp);
    expect(normalizeSshFingerprint('SHA256:short')).toBeNull();
    const key = { host: 'h', port: 22, algorithm: 'ssh-ed25519', fingerprint: fp };
    expect(await pinnedHostKey(fp)(key)).toEqual({ trust: 'trusted' });
    const other = sshFingerprint(Buffer.alloc(10));
    expect(await pinnedHostKey(other)(key)).toEqual({ trust: 'changed', pinned: other });
    expect(await pinnedHostKey(null)(key)).toEqual({ trust: 'unknown' });
    expect(() => pinnedHostKey('nonsense')).toThrow('not an SSH SHA256 fingerprint');
  });
});
