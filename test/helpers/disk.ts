// Real file-system conditions for target tests: a tiny tmpfs (a disk that fills up) and a
// child process running as `nobody` (so file permissions apply although tests run as root).
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { REPO_ROOT } from '../cli/run-cli';

const run = promisify(execFile);

export interface SmallDisk {
  dir: string;
  remove(): Promise<void>;
}

/** A `sizeKiB` tmpfs mounted on a fresh folder; null where this machine may not mount (no CAP_SYS_ADMIN). */
export async function mountSmallDisk(sizeKiB: number): Promise<SmallDisk | null> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ctl-small-disk-'));
  try {
    await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKiB}k,mode=0755`, 'tmpfs', dir]);
  } catch {
    await rm(dir, { recursive: true, force: true });
    return null;
  }
  return {
    dir,
    async remove() {
      await run('umount', [dir]);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Runs a TypeScript file of this repository as the unprivileged user `nobody`; its stdout. */
export async function runAsNobody(script: string, args: string[]): Promise<string> {
  const { stdout } = await run('setpriv', ['--reuid', '65534', '--regid', '65534', '--clear-groups', process.execPath, '--import', 'tsx', script, ...args],
    { cwd: REPO_ROOT, env: { ...process.env, HOME: '/tmp' }, timeout: 30_000 });
  return stdout;
}
