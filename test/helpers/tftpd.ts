// A real TFTP server for tests: tftpd-hpa's in.tftpd in the foreground (-L) on a loopback
// UDP port, serving a folder (-s: chroot there). Like a deployed one it serves only
// world-readable files (it drops to the `nobody` user when started as root).
import { spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { tftpRead, TftpError } from '../../electron/services/tftp';

export const IN_TFTPD = '/usr/sbin/in.tftpd';

export interface Tftpd {
  port: number;
  log(): string;
  stop(): Promise<void>;
}

export async function freeUdpPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = createSocket('udp4');
    socket.once('error', reject);
    socket.bind(0, '127.0.0.1', () => {
      const { port } = socket.address();
      socket.close(() => resolve(port));
    });
  });
}

export async function startTftpd(root: string): Promise<Tftpd> {
  const port = await freeUdpPort();
  let log = '';
  const child: ChildProcess = spawn(IN_TFTPD, ['-L', '-v', '-a', `127.0.0.1:${port}`, '-s', root], { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8').on('data', (d: string) => (log += d));
  let exited = false;
  child.once('exit', () => (exited = true));
  const stop = async () => {
    if (exited) return;
    const done = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await done;
  };
  // Ready when it answers: a read of a name that does not exist gets "file not found".
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited) throw new Error(`in.tftpd exited:\n${log}`);
    const answer = await tftpRead({ host: '127.0.0.1', port, file: 'ready-probe-does-not-exist', timeoutMs: 200, retries: 0 }).catch((e: unknown) => e);
    if (answer instanceof TftpError && answer.code === 'file-not-found') break;
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`in.tftpd did not answer: ${String(answer)}\n${log}`);
    }
  }
  return { port, log: () => log, stop };
}
