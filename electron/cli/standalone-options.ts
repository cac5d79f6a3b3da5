// The options of `ctl-client run` for TFTP servers without a CTL Provider: --target (sftp://
// or a folder, repeat), --entry (the servers' certificates, as `build` takes them), one SSH
// login for every sftp:// target, and the TFTP servers the published file is downloaded from
// afterwards. Secrets come from files, never from the command line.
import type { SessionCommandOf } from '../../shared/session/types';
import { TFTP_PORT } from '../services/tftp/constants';
import { parseTargetAddress, TargetError } from '../services/targets';
import { say } from '../session/words';
import { UsageError } from './args';
import { entryCertificate, parseEntry } from './commands/build';
import { readSecretFile } from './secret-file';

export const STANDALONE_OPTIONS = {
  target: { type: 'string', multiple: true }, entry: { type: 'string', multiple: true },
  'ssh-key': { type: 'string' }, 'ssh-key-passphrase-file': { type: 'string' }, 'ssh-agent': { type: 'boolean', default: false },
  'ssh-password-file': { type: 'string' }, 'tftp-check': { type: 'string', multiple: true }, 'no-tftp-check': { type: 'boolean', default: false },
} as const;

type Values = {
  target?: string[]; entry?: string[]; 'ssh-key'?: string; 'ssh-key-passphrase-file'?: string; 'ssh-agent'?: boolean;
  'ssh-password-file'?: string; 'tftp-check'?: string[]; 'no-tftp-check'?: boolean;
};

type ConnectTargets = SessionCommandOf<'connect-targets'>;
type Auth = NonNullable<ConnectTargets['targets'][number]['auth']>;

const SERVER_ROLES = ['CCM+TFTP', 'CCM', 'TFTP', 'CAPF'] as const;

/** `host` or `host:port` of --tftp-check (default port 69). */
export function parseTftpServer(text: string): { host: string; port: number } {
  const m = /^(\[[^\]]+\]|[^:\s]+)(?::(\d{1,5}))?$/.exec(text.trim());
  if (!m) throw new UsageError(`--tftp-check "${text}" is not host or host:port`);
  const port = m[2] === undefined ? TFTP_PORT : Number(m[2]);
  if (port < 1 || port > 65535) throw new UsageError(`--tftp-check port ${port} is out of range`);
  return { host: m[1]!.replace(/^\[|\]$/g, ''), port };
}

async function sshLogin(values: Values): Promise<Auth | undefined> {
  const given = [values['ssh-key'] && '--ssh-key', values['ssh-agent'] && '--ssh-agent', values['ssh-password-file'] && '--ssh-password-file'].filter(Boolean);
  if (given.length > 1) throw new UsageError(`use one SSH login: ${given.join(' or ')}`);
  if (values['ssh-key-passphrase-file'] && !values['ssh-key']) throw new UsageError('--ssh-key-passphrase-file goes with --ssh-key');
  if (values['ssh-key']) {
    const passphrase = values['ssh-key-passphrase-file'] ? await readSecretFile(values['ssh-key-passphrase-file'], 'key passphrase') : undefined;
    return { kind: 'key-file', path: values['ssh-key'], ...(passphrase ? { passphrase } : {}) };
  }
  if (values['ssh-agent']) return { kind: 'agent' };
  // The file is read by the target when it connects (first line only), like --ssh-key.
  if (values['ssh-password-file']) return { kind: 'password-file', path: values['ssh-password-file'] };
  return undefined;
}

export interface StandaloneRun {
  targets: ConnectTargets['targets'];
  entries: ConnectTargets['entries'];
}

/** The standalone part of a run, or null when no --target was given. */
export async function standaloneOptions(values: Values): Promise<StandaloneRun | null> {
  const addresses = values.target ?? [];
  if (addresses.length === 0) {
    for (const name of ['entry', 'ssh-key', 'ssh-password-file'] as const) {
      if (values[name] !== undefined) throw new UsageError(`--${name} goes with --target (TFTP servers without a CTL Provider)`);
    }
    if (values['ssh-agent']) throw new UsageError('--ssh-agent goes with --target (TFTP servers without a CTL Provider)');
    return null;
  }
  const parsed = addresses.map((text) => {
    try {
      return parseTargetAddress(text);
    } catch (e) {
      if (e instanceof TargetError) throw new UsageError(`--target ${say(e.problem)}`);
      throw e;
    }
  });
  const auth = await sshLogin(values);
  if (!auth && parsed.some((a) => a.kind === 'sftp')) throw new UsageError('an sftp:// target needs an SSH login: --ssh-key <file>, --ssh-agent or --ssh-password-file <file>');
  const entries: ConnectTargets['entries'] = [];
  for (const [i, text] of (values.entry ?? []).entries()) {
    const spec = parseEntry(text, i);
    if (!(SERVER_ROLES as readonly string[]).includes(spec.role)) {
      throw new UsageError(`--entry ${i + 1}: role must be one of ${SERVER_ROLES.join(', ')} (tokens are added with --token)`);
    }
    const der = await entryCertificate(spec, i);
    entries.push({
      role: spec.role as (typeof SERVER_ROLES)[number], certificate: Buffer.from(der).toString('base64'),
      ...(spec.dns ? { dnsName: spec.dns } : {}), ...(spec.ip ? { ip: spec.ip } : {}),
    });
  }
  // The folder targets are given as absolute paths: the engine does not know this working directory.
  const targets = parsed.map((a, i) => (a.kind === 'folder' ? { address: a.root } : { address: addresses[i]!, auth }));
  return { targets, entries };
}

/**
 * The engine's phoneCheck option: the --tftp-check servers; none with --no-tftp-check;
 * otherwise `auto` (the SFTP targets' hosts on port 69 when there is no provider).
 */
export function phoneCheckOption(values: Values): 'auto' | { host: string; port: number }[] {
  if (values['no-tftp-check'] && values['tftp-check']?.length) throw new UsageError('use --tftp-check or --no-tftp-check, not both');
  if (values['no-tftp-check']) return [];
  return values['tftp-check']?.length ? values['tftp-check'].map(parseTftpServer) : 'auto';
}
