// Session-wide rules: deny every permission, load nothing but our own renderer files, never
// accept a bad certificate, and lock down any web contents that gets created.
import { app, session } from 'electron';
import { hostForLog, isAllowedRequest, requestPolicy } from '../app/request-policy';
import { lockDownContents } from './window';

export function hardenSession(pageUrl: string, rendererDir: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content and no file outside dist/renderer: the page talks to main over IPC only.
  // DevTools pages load only in development (unpackaged) runs.
  const policy = requestPolicy(rendererDir, !app.isPackaged);
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRequest(details.url, policy);
    if (!allowed) console.warn(`blocked a request to ${details.url.slice(0, 200)}`);
    callback({ cancel: !allowed });
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, pageUrl));
  // Certificate errors are never bypassed (the renderer makes no network requests anyway).
  app.on('certificate-error', (event, _contents, url, error, _certificate, callback) => {
    // Refuse first: nothing below may stand between the error and the refusal.
    event.preventDefault();
    callback(false);
    console.warn(`refused a certificate error for ${hostForLog(url)}: ${error}`);
  });
}
