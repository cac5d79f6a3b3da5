// The files an administrator installs on a TFTP host (provider/deploy, docs/provider-install.md):
// the configuration example is valid once its password hash is filled in (and refused before),
// and it agrees with the systemd unit on the paths the service may write.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseProviderConfig } from '../../provider/config/schema';
import { hashPassword } from '../../provider/server/passwords';

const DEPLOY = resolve(import.meta.dirname, '../../provider/deploy');

async function unitSettings(): Promise<Map<string, string[]>> {
  const settings = new Map<string, string[]>();
  for (const line of (await readFile(join(DEPLOY, 'ctl-provider.service'), 'utf8')).split('\n')) {
    const m = /^([A-Za-z]+)=(.*)$/.exec(line.trim());
    if (m) settings.set(m[1]!, [...(settings.get(m[1]!) ?? []), m[2]!]);
  }
  return settings;
}

describe('provider deployment files', () => {
  it('the configuration example is refused until its password hash is filled in, then valid', async () => {
    const example = JSON.parse(await readFile(join(DEPLOY, 'config.example.json'), 'utf8')) as { users: { passwordHash: string }[] };
    expect(() => parseProviderConfig(example, '/etc/ctl-provider')).toThrow(ConfigError);
    expect(() => parseProviderConfig(example, '/etc/ctl-provider')).toThrow(/users\.0\.passwordHash/);
    example.users[0]!.passwordHash = await hashPassword('a password for the test');
    const config = parseProviderConfig(example, '/etc/ctl-provider');
    expect(config.listen.port).toBe(2444);
    expect(config.tls.keyFile).toBe('/etc/ctl-provider/tls.key.pem');
  });

  it('the unit runs the bundle as its own user and may write only the example\'s TFTP root and state directory', async () => {
    const unit = await unitSettings();
    const example = JSON.parse(await readFile(join(DEPLOY, 'config.example.json'), 'utf8')) as { tftpRoot: string; stateDir: string };
    expect(unit.get('ExecStart')).toEqual(['/usr/bin/node /opt/ctl-provider/ctl-provider.cjs serve --config /etc/ctl-provider/config.json']);
    expect(unit.get('User')).toEqual(['ctl-provider']);
    expect(unit.get('ProtectSystem')).toEqual(['strict']);
    expect(unit.get('NoNewPrivileges')).toEqual(['yes']);
    expect(unit.get('CapabilityBoundingSet')).toEqual(['']);
    expect(unit.get('ReadWritePaths')).toEqual([example.tftpRoot]);
    expect(unit.get('StateDirectory')!.map((d) => `/var/lib/${d}`)).toEqual([example.stateDir]);
    expect(unit.get('MemoryDenyWriteExecute')).toBeUndefined(); // Node's JIT needs it off
  });

  // systemd's own syntax check, where systemd is installed (not in every CI container).
  it.runIf(existsSync('/usr/bin/systemd-analyze'))('systemd-analyze verify accepts the unit', async () => {
    const { stderr } = await promisify(execFile)('systemd-analyze', ['verify', join(DEPLOY, 'ctl-provider.service')]);
    expect(stderr).toBe('');
  });
});
