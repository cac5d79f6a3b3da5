// Target addresses as administrators write them:
//   sftp://user@host[:port]/path/to/tftp-root   (absolute path on the server)
//   sftp://user@host/~/tftp                      (a path under the user's home)
//   file:///srv/tftp, /srv/tftp, ./tftp, C:\tftp (a local or mounted folder)
// Errors say what is wrong with the text (`target-url.*` messages); a password in the URL is refused (it would end
// up in shell history and logs): use a password file, a key or the agent.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type english from '../../../shared/i18n/engine.en.json';
import { msg, type MessageParams } from '../../../shared/session/messages';
import { TargetError } from './errors';

export const DEFAULT_SSH_PORT = 22;

export interface SftpAddress {
  kind: 'sftp';
  user: string;
  host: string;
  port: number;
  /** The root on the server: absolute, or relative to the user's home (from `/~/…`). */
  root: string;
  /** The URL as shown to people (normalised, no secrets). */
  display: string;
}

export interface FolderAddress {
  kind: 'folder';
  /** Absolute path of the folder. */
  root: string;
  display: string;
}

export type TargetAddress = SftpAddress | FolderAddress;

/** The text with a URL password masked: refusals name the target without repeating a secret. */
function redact(text: string): string {
  return text.replace(/^([a-z][a-z0-9+.-]*:\/\/[^/:@]*):.*@/i, '$1:***@');
}

type UrlProblem = keyof (typeof english)['target-url'];

/** Why the text is no usable target, as a message (`target-url.*`). */
function invalid(text: string, why: UrlProblem, params: MessageParams = {}): TargetError {
  return new TargetError('invalid-url', redact(text), msg(`target-url.${why}`, params));
}

function decode(text: string, part: string, whole: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw invalid(whole, 'bad-escape', { part });
  }
}

function parseSftp(text: string): SftpAddress {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid(text, 'not-sftp-url');
  }
  if (url.password) throw invalid(text, 'password');
  if (!url.username) throw invalid(text, 'no-user');
  if (!url.hostname) throw invalid(text, 'no-host');
  if (url.search || url.hash) throw invalid(text, 'query');
  const port = url.port ? Number(url.port) : DEFAULT_SSH_PORT;
  const rawPath = decode(url.pathname, url.pathname, text);
  if (rawPath === '' || rawPath === '/') throw invalid(text, 'no-folder');
  if (rawPath.includes('\0')) throw invalid(text, 'nul');
  const home = rawPath === '/~' || rawPath.startsWith('/~/');
  const root = home ? rawPath.slice(3) || '.' : path.posix.normalize(rawPath).replace(/(.)\/+$/, '$1');
  const user = decode(url.username, url.username, text);
  const host = url.hostname;
  const shownPath = home ? `/~/${root === '.' ? '' : root}`.replace(/\/$/, '') : root;
  const display = `sftp://${encodeURIComponent(user)}@${host}${port === DEFAULT_SSH_PORT ? '' : `:${port}`}${shownPath}`;
  return { kind: 'sftp', user, host: host.replace(/^\[|\]$/g, ''), port, root, display };
}

function parseFolder(text: string, cwd: string): FolderAddress {
  let root: string;
  if (/^file:/i.test(text)) {
    try {
      root = fileURLToPath(text);
    } catch {
      throw invalid(text, 'file-url'); // a host (file://server/share) or an encoded slash
    }
  } else {
    root = path.resolve(cwd, text);
  }
  if (root.includes('\0')) throw invalid(text, 'nul');
  return { kind: 'folder', root, display: root };
}

/** Parses a target address; `cwd` resolves relative folder paths (default: the process's). */
export function parseTargetAddress(text: string, cwd = process.cwd()): TargetAddress {
  const trimmed = text.trim();
  if (!trimmed) throw invalid(text, 'empty');
  // A Windows drive path ("C:\tftp") is a folder, not a URL with scheme "c".
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1]?.toLowerCase();
  if (scheme === undefined || /^[a-z]:[\\/]/i.test(trimmed)) return parseFolder(trimmed, cwd);
  if (scheme === 'sftp') return parseSftp(trimmed);
  if (scheme === 'file') return parseFolder(trimmed, cwd);
  if (scheme === 'ssh' || scheme === 'scp') throw invalid(trimmed, 'ssh-scheme', { scheme });
  throw invalid(trimmed, 'scheme', { scheme });
}
