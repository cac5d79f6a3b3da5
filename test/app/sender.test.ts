import { describe, expect, it } from 'vitest';
import { isTrustedSender } from '../../electron/app/sender';

const trusted = { webContentsId: 7, pageUrl: 'file:///opt/ctl/dist/renderer/index.html' };

describe('isTrustedSender', () => {
  it('accepts our window top frame showing our page, with or without a hash', () => {
    expect(isTrustedSender({ webContentsId: 7, frameUrl: trusted.pageUrl, isMainFrame: true }, trusted)).toBe(true);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: `${trusted.pageUrl}#/inspector`, isMainFrame: true }, trusted)).toBe(true);
  });

  it('rejects another webContents, a sub-frame, a gone frame and any other page', () => {
    expect(isTrustedSender({ webContentsId: 8, frameUrl: trusted.pageUrl, isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: trusted.pageUrl, isMainFrame: false }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: null, isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'https://evil.example/index.html', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'file:///tmp/index.html', isMainFrame: true }, trusted)).toBe(false);
    expect(isTrustedSender({ webContentsId: 7, frameUrl: 'not a url', isMainFrame: true }, trusted)).toBe(false);
  });
});
