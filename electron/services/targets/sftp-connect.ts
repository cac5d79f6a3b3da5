// Opens an SSH connection and its SFTP channel for a target. The host key is checked in
// the key exchange, before the user authentication request: when the caller's check does
// not say `trusted`, the connection ends and no user name, key signature or password has
// left this machine. Errors are TargetError with a cause the administrator can act on.
import { Client, type ConnectConfig, type SFTPWrapper } from 'ssh2';
import { BoundedReadError, readFileBounded, SECRET_FILE_LIMIT } from '../fs/read-bounded';
import { msg, type Message } from '../../../shared/session/messages';
import { readFailure, TargetError, type TargetErrorDetails } from './errors';
import { keyAlgorithm, sshFingerprint, type HostKeyCheck, type HostKeyInfo } from './host-key';
import type { SftpAddress } from './url';

/** How to log in. Secrets are held only in memory and given to the SSH library. */
export type SshAuth =
  | { kind: 'key-file'; path: string; passphrase?: string }
  | { kind: 'agent'; /** Agent socket (default: SSH_AUTH_SOCK). */ socket?: string }
  | { kind: 'password'; password: string }
  /** The first line of a file (≤ 4 KiB, regular file), never a command-line argument. */
  | { kind: 'password-file'; path: string };

export interface SftpConnectOptions {
  auth: SshAuth;
  checkHostKey: HostKeyCheck;
  /** Connection and handshake timeout (default 20 s). */
  readyTimeoutMs?: number;
}

/** OpenSSH private keys are a few KiB; the cap keeps a wrong path (a huge file, a device) harmless. */
const KEY_FILE_LIMIT = 64 * 1024;

export interface SshConnection {
  client: Client;
  sftp: SFTPWrapper;
  /** True once the connection ended (later SFTP failures are `connection-lost`). */
  readonly lost: boolean;
}

async function authConfig(address: SftpAddress, auth: SshAuth): Promise<Partial<ConnectConfig>> {
  switch (auth.kind) {
    case 'password':
      return { password: auth.password, tryKeyboard: false };
    case 'password-file': {
      let text: string;
      try {
        text = new TextDecoder().decode(await readFileBounded(auth.path, SECRET_FILE_LIMIT));
      } catch (error) {
        const reason = error instanceof BoundedReadError ? error.reason : String(error);
        throw new TargetError('auth-failed', address.display, msg('target-reason.password-file-unreadable', { path: auth.path, why: readFailure(error) }), 'nothing', { path: auth.path, reason });
      }
      const password = text.split('\n')[0]!.replace(/\r+$/, '');
      if (!password) throw new TargetError('auth-failed', address.display, msg('target-reason.password-file-empty', { path: auth.path }), 'nothing', { path: auth.path });
      return { password, tryKeyboard: false };
    }
    case 'agent': {
      const socket = auth.socket ?? process.env['SSH_AUTH_SOCK'];
      if (!socket) throw new TargetError('auth-failed', address.display, msg('target-reason.no-agent'));
      return { agent: socket };
    }
    case 'key-file': {
      let privateKey: Uint8Array;
      try {
        privateKey = await readFileBounded(auth.path, KEY_FILE_LIMIT);
      } catch (error) {
        const reason = error instanceof BoundedReadError ? error.reason : String(error);
        throw new TargetError('auth-failed', address.display, msg('target-reason.key-file-unreadable', { path: auth.path, why: readFailure(error) }), 'nothing', { path: auth.path, reason });
      }
      return { privateKey: Buffer.from(privateKey), ...(auth.passphrase === undefined ? {} : { passphrase: auth.passphrase }) };
    }
  }
}

type SshLibraryError = Error & { level?: string; code?: string };

/** Why the SSH library cannot use a private key: a missing or wrong passphrase in our words, else its own. */
function keyProblem(text: string): Message {
  if (/no passphrase given/i.test(text)) return msg('target-reason.key-needs-passphrase');
  if (/bad passphrase|passphrase.*(incorrect|wrong)|decrypt/i.test(text)) return msg('target-reason.key-bad-passphrase');
  return msg('target-reason.key-unusable', { detail: text });
}

function connectFailure(address: SftpAddress, error: SshLibraryError, auth: SshAuth): TargetError {
  const where = `${address.host}:${address.port}`;
  const details: TargetErrorDetails = { reason: error.code ?? error.level ?? error.message };
  if (error.level === 'client-authentication') {
    const how = auth.kind === 'key-file' ? msg('target-reason.with-key', { path: auth.path }) : msg(auth.kind === 'agent' ? 'target-reason.with-agent' : 'target-reason.with-password');
    return new TargetError('auth-failed', address.display, msg('target-reason.login-refused', { where, user: address.user, how }), 'nothing', details);
  }
  if (error.level === 'agent') {
    return new TargetError('auth-failed', address.display, msg('target-reason.agent-failed', { detail: error.message }), 'nothing', details);
  }
  if (error.level === 'client-timeout' || error.code === 'ETIMEDOUT') {
    return new TargetError('timeout', address.display, msg('target-reason.ssh-timeout', { where }), 'nothing', details);
  }
  switch (error.code) {
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
      return new TargetError('host-unresolvable', address.display, msg('target-reason.unresolvable', { host: address.host }), 'nothing', details);
    case 'ECONNREFUSED':
      return new TargetError('connection-refused', address.display, msg('target-reason.ssh-refused', { where }), 'nothing', details);
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return new TargetError('connection-refused', address.display, msg('target-reason.unreachable', { where, code: error.code }), 'nothing', details);
  }
  return new TargetError('connection-lost', address.display, msg('target-reason.ssh-failed', { where, detail: error.message }), 'nothing', details);
}

function hostKeyRefusal(address: SftpAddress, key: HostKeyInfo, pinned: string | null): TargetError {
  const details = { fingerprint: key.fingerprint, keyAlgorithm: key.algorithm, ...(pinned ? { pinned } : {}) };
  const where = `${address.host}:${address.port}`;
  if (pinned) {
    return new TargetError('host-key-changed', address.display,
      msg('target-reason.host-key-changed', { where, algorithm: key.algorithm, fingerprint: key.fingerprint, pinned }), 'nothing', details);
  }
  return new TargetError('host-key-untrusted', address.display,
    msg('target-reason.host-key-untrusted', { where, algorithm: key.algorithm, fingerprint: key.fingerprint }), 'nothing', details);
}

/** Connects, verifies the host key through `checkHostKey`, logs in and opens SFTP. */
export async function connectSftp(address: SftpAddress, options: SftpConnectOptions): Promise<SshConnection> {
  const auth = await authConfig(address, options.auth);
  const client = new Client();
  let refusal: TargetError | null = null;
  let lost = false;
  client.on('close', () => { lost = true; });
  // Always listened to: the library may report more errors after the first (a timeout, then
  // the lost connection); pending SFTP calls and the connect promise report them.
  client.on('error', () => { lost = true; });

  const verifyHostKey = (blob: Buffer, verify: (valid: boolean) => void): void => {
    const key: HostKeyInfo = { host: address.host, port: address.port, algorithm: keyAlgorithm(blob), fingerprint: sshFingerprint(blob) };
    Promise.resolve()
      .then(() => options.checkHostKey(key))
      .then((verdict) => {
        if (verdict.trust !== 'trusted') refusal = hostKeyRefusal(address, key, verdict.trust === 'changed' ? verdict.pinned : null);
        verify(verdict.trust === 'trusted');
      }, (error: unknown) => {
        refusal = new TargetError('io', address.display, msg('target-reason.host-key-check-failed', { detail: error instanceof Error ? error.message : String(error) }));
        verify(false);
      });
  };

  await new Promise<void>((resolve, reject) => {
    const onError = (error: SshLibraryError) => {
      client.removeListener('ready', onReady);
      client.end();
      reject(refusal ?? connectFailure(address, error, options.auth));
    };
    const onReady = () => {
      client.removeListener('error', onError);
      resolve();
    };
    client.once('error', onError);
    client.once('ready', onReady);
    try {
      client.connect({
        host: address.host, port: address.port, username: address.user, readyTimeout: options.readyTimeoutMs ?? 20_000,
        hostVerifier: verifyHostKey, ...auth,
      });
    } catch (error) {
      // Synchronous refusals of the library: a key it cannot parse (or an encrypted key without passphrase).
      client.removeListener('error', onError);
      reject(new TargetError('auth-failed', address.display, keyProblem((error as Error).message)));
    }
  });

  const sftp = await new Promise<SFTPWrapper>((resolve, reject) => {
    client.sftp((error, channel) => {
      if (error) {
        client.end();
        reject(new TargetError('io', address.display, msg('target-reason.sftp-refused', { detail: error.message })));
      } else resolve(channel);
    });
  });
  return { client, sftp, get lost() { return lost; } };
}
