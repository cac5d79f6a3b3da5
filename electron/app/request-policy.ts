// Which URLs the app's session may load. Kept free of Electron so the rule is unit-tested.
// With Electron's default grantFileProtocolExtraPrivileges fuse, a file:// page may fetch other
// file:// URLs; allowing only our own renderer folder keeps a compromised renderer from reading
// the administrator's files (keys, CTLs, settings) through fetch or <img src>.
import { pathToFileURL } from 'node:url';

export interface RequestPolicy {
  /** file:// URL of the renderer folder, with a trailing slash. */
  rendererPrefix: string;
  /** DevTools pages (devtools://) are allowed only in development builds. */
  allowDevtools: boolean;
}

export function requestPolicy(rendererDir: string, allowDevtools: boolean): RequestPolicy {
  const href = pathToFileURL(rendererDir).href;
  return { rendererPrefix: href.endsWith('/') ? href : `${href}/`, allowDevtools };
}

export function isAllowedRequest(url: string, policy: RequestPolicy): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol === 'devtools:') return policy.allowDevtools;
  // Inline images and fonts the bundle embeds (the CSP still decides where data: may be used).
  if (parsed.protocol === 'data:') return true;
  if (parsed.protocol !== 'file:') return false;
  // Compare the normalized URL: "dist/renderer/../../etc/passwd" and "%2e%2e" are resolved by
  // the URL parser, so a path that leaves the folder no longer has the prefix.
  parsed.search = '';
  parsed.hash = '';
  return parsed.href.startsWith(policy.rendererPrefix) && !/%2f|%5c/i.test(parsed.pathname);
}

/** The host of a URL for a log line, or a placeholder when it is not a URL. */
export function hostForLog(url: string): string {
  try {
    return new URL(url).host || '(no host)';
  } catch {
    return '(not a URL)';
  }
}
