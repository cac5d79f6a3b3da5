// The session's request filter: only the app's own renderer folder (file://), data: URLs, and
// DevTools in development. Anything else a compromised page asks for is cancelled.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hostForLog, isAllowedRequest, requestPolicy } from '../../electron/app/request-policy';

const dist = join('/opt', 'CTL Client', 'resources', 'app.asar', 'dist');
const renderer = join(dist, 'renderer');
const packaged = requestPolicy(renderer, false);
const dev = requestPolicy(renderer, true);
const page = pathToFileURL(join(renderer, 'index.html')).href;

describe('isAllowedRequest', () => {
  it("allows the renderer's own files and data: URLs", () => {
    expect(isAllowedRequest(page, packaged)).toBe(true);
    expect(isAllowedRequest(`${page}#/inspector`, packaged)).toBe(true);
    expect(isAllowedRequest(pathToFileURL(join(renderer, 'assets', 'index-abc.js')).href, packaged)).toBe(true);
    expect(isAllowedRequest('data:image/svg+xml;base64,PHN2Zy8+', packaged)).toBe(true);
  });

  it('refuses user files, the folder next to the renderer, and escapes through .. or encoded slashes', () => {
    expect(isAllowedRequest('file:///home/admin/.ssh/id_rsa', packaged)).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd', packaged)).toBe(false);
    expect(isAllowedRequest(pathToFileURL(join(dist, 'electron', 'main.cjs')).href, packaged)).toBe(false);
    // A sibling whose name starts like the folder ("renderer-evil") is not inside it.
    expect(isAllowedRequest(`${pathToFileURL(renderer).href}-evil/x.js`, packaged)).toBe(false);
    expect(isAllowedRequest(`${pathToFileURL(renderer).href}/../../../../../etc/passwd`, packaged)).toBe(false);
    expect(isAllowedRequest(`${pathToFileURL(renderer).href}/%2e%2e/%2e%2e/x`, packaged)).toBe(false);
    expect(isAllowedRequest(`${pathToFileURL(renderer).href}/..%2f..%2fsettings.json`, packaged)).toBe(false);
    expect(isAllowedRequest(`${pathToFileURL(renderer).href}/..%5c..%5csettings.json`, packaged)).toBe(false);
    expect(isAllowedRequest(pathToFileURL(renderer).href.replace('file:///', 'file://evil.example/') + '/index.html', packaged)).toBe(false);
  });

  it('refuses remote and other schemes; devtools only in development', () => {
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:8080/', 'ws://127.0.0.1/', 'blob:null/1', 'chrome://gpu', 'not a url', '']) {
      expect(isAllowedRequest(url, dev), url).toBe(false);
    }
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', packaged)).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/devtools_app.html', dev)).toBe(true);
  });

  it('hostForLog never throws', () => {
    expect(hostForLog('https://cucm.example:2444/x')).toBe('cucm.example:2444');
    expect(hostForLog('not a url')).toBe('(not a URL)');
    expect(hostForLog('file:///x')).toBe('(no host)');
  });
});
