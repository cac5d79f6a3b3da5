// Which of the real-server tests this machine can run. They start OpenSSH's sshd and
// tftpd-hpa's in.tftpd, give files away (chown), mount a small tmpfs and run a child as
// `nobody`: that takes Linux, root and the two packages (.ci/run installs them and runs as
// root). Elsewhere those suites are skipped, and their names say why.
import { existsSync } from 'node:fs';
import { SSHD } from './sshd';
import { IN_TFTPD } from './tftpd';

export const isRoot = process.getuid?.() === 0;

function missing(binaries: readonly string[]): string | null {
  if (process.platform !== 'linux') return 'needs Linux';
  if (!isRoot) return 'needs root, as in .ci/run';
  const absent = binaries.filter((b) => !existsSync(b));
  return absent.length ? `needs ${absent.join(' and ')} (.ci/run installs them)` : null;
}

/** Why sshd tests cannot run here, or null. */
export const noSshd = missing([SSHD]);
/** Why in.tftpd tests cannot run here, or null. */
export const noTftpd = missing([IN_TFTPD]);
/** Why tests needing root on Linux cannot run here, or null. */
export const noRoot = missing([]);

/** A suite name with the reason it is skipped, when it is. */
export function named(name: string, reason: string | null): string {
  return reason ? `${name} (skipped: ${reason})` : name;
}
