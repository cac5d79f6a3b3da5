// Session-wide rules: deny every permission, load nothing but our own files, never accept a
// bad certificate, and lock down any web contents that gets created.
import { app, session } from 'electron';
import { lockDownContents } from './window';

export function hardenSession(pageUrl: string): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  // No remote content: the renderer is loaded from file:// and talks to main over IPC only.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const allowed = details.url.startsWith('file://') || details.url.startsWith('devtools://') || details.url.startsWith('data:');
    callback({ cancel: !allowed });
  });
  app.on('web-contents-created', (_event, contents) => lockDownContents(contents, pageUrl));
  // Certificate errors are never bypassed (the renderer makes no network requests anyway).
  app.on('certificate-error', (event, _contents, url, error, _certificate, callback) => {
    event.preventDefault();
    console.warn(`refused a certificate error for ${new URL(url).host}: ${error}`);
    callback(false);
  });
}
