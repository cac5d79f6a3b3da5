// A real OpenSSH server for tests: /usr/sbin/sshd in the foreground on a loopback port,
// with a throwaway host key and user key (ssh-keygen) in a temporary folder that also holds
// the TFTP root. Runs as root (as in CI), or as `nobody` (sshd then only logs in that user)
// so that file permissions apply: a root-owned folder is then really "permission denied".
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, chown, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const SSHD = '/usr/sbin/sshd';
const NOBODY = { uid: 65534, gid: 65534 };

export interface SshdOptions {
  /** `nobody`: sshd runs unprivileged and the root folder belongs to root (default `root`). */
  as?: 'root' | 'nobody';
  /** Extra sshd_config lines. */
  config?: string[];
}

export interface Sshd {
  port: number;
  user: string;
  /** Temporary folder with keys, config and the TFTP root. */
  dir: string;
  /** The TFTP root (mode 0755). */
  root: string;
  userKey: string;
  /** `SHA256:…` of the host key, as `ssh-keygen -lf` prints it. */
  hostKeyFingerprint: string;
  /** What sshd wrote to stderr so far (LogLevel DEBUG1). */
  log(): string;
  /** Restarts sshd on the same port with a new host key (a reinstalled or impostor server). */
  replaceHostKey(): Promise<void>;
  stop(): Promise<void>;
}

export async function freeTcpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

async function keygen(file: string): Promise<string> {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'ctl-client-test', '-f', file]);
  const { stdout } = await run('ssh-keygen', ['-l', '-E', 'sha256', '-f', `${file}.pub`]);
  const fingerprint = /SHA256:[A-Za-z0-9+/]+/.exec(stdout)?.[0];
  if (!fingerprint) throw new Error(`ssh-keygen printed no fingerprint: ${stdout}`);
  return fingerprint;
}

export async function startSshd(options: SshdOptions = {}): Promise<Sshd> {
  const asNobody = options.as === 'nobody';
  const dir = await mkdtemp(path.join(tmpdir(), 'ctl-sshd-'));
  const root = path.join(dir, 'tftp');
  await mkdir(root);
  await chmod(dir, 0o755);
  await chmod(root, 0o755);
  const hostKey = path.join(dir, 'host_key');
  const userKey = path.join(dir, 'user_key');
  let hostKeyFingerprint = await keygen(hostKey);
  await keygen(userKey);
  await writeFile(path.join(dir, 'authorized_keys'), await readFile(`${userKey}.pub`));
  const port = await freeTcpPort();
  const config = path.join(dir, 'sshd_config');
  await writeFile(config, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${hostKey}`, `AuthorizedKeysFile ${dir}/authorized_keys`,
    'PidFile none', 'StrictModes no', 'PermitRootLogin yes', 'PasswordAuthentication yes', 'KbdInteractiveAuthentication no',
    // Unprivileged sshd: `nobody` has a locked password, which sshd only accepts through PAM.
    `UsePAM ${asNobody ? 'yes' : 'no'}`, 'PrintMotd no', 'LogLevel DEBUG1', 'MaxStartups 50',
    // A restrictive umask on the server: files must still end up with exactly the mode the
    // client sets (world-readable for the TFTP daemon), never the umask's 0600.
    'Subsystem sftp internal-sftp -u 0077',
    ...(options.config ?? []), '',
  ].join('\n'));
  if (asNobody) {
    for (const f of [dir, hostKey, userKey, `${userKey}.pub`, config, path.join(dir, 'authorized_keys')]) await chown(f, NOBODY.uid, NOBODY.gid);
  } else {
    // sshd refuses to start without its privilege separation folder (a fresh container has none).
    await mkdir('/run/sshd', { recursive: true, mode: 0o755 });
  }

  let log = '';
  let child: ChildProcess;
  const launch = () => new Promise<void>((resolve, reject) => {
    const args = ['-D', '-e', '-f', config];
    child = asNobody
      ? spawn('setpriv', ['--reuid', String(NOBODY.uid), '--regid', String(NOBODY.gid), '--clear-groups', SSHD, ...args], { stdio: ['ignore', 'ignore', 'pipe'] })
      : spawn(SSHD, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    const timer = setTimeout(() => reject(new Error(`sshd did not start:\n${log}`)), 15_000);
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      log += d;
      if (log.includes(`Server listening on 127.0.0.1 port ${port}`)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`sshd exited (${code}):\n${log}`));
    });
  });
  const halt = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  await launch();

  return {
    port, user: asNobody ? 'nobody' : 'root', dir, root, userKey,
    get hostKeyFingerprint() { return hostKeyFingerprint; },
    log: () => log,
    async replaceHostKey() {
      await halt();
      await rm(hostKey);
      await rm(`${hostKey}.pub`);
      hostKeyFingerprint = await keygen(hostKey);
      if (asNobody) await chown(hostKey, NOBODY.uid, NOBODY.gid);
      await launch();
    },
    async stop() {
      await halt();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
