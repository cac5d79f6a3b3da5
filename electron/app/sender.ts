// Decides whether an IPC message comes from our own window and page. Kept free of Electron so
// the rule is unit-tested: the webContents must be the main window's, and the frame must be
// the top frame showing our renderer (file:// index.html of the packaged app).

export interface SenderFacts {
  webContentsId: number;
  /** URL of the sending frame, or null when the frame is gone. */
  frameUrl: string | null;
  /** True when the sending frame is the top-level frame. */
  isMainFrame: boolean;
}

export interface TrustedOrigin {
  webContentsId: number;
  /** URL of our index.html (file:// in Electron); query and hash are ignored. */
  pageUrl: string;
}

function withoutQueryAndHash(url: string): string | null {
  try {
    const parsed = new URL(url);
    parsed.search = '';
    parsed.hash = '';
    return parsed.href;
  } catch {
    return null;
  }
}

export function isTrustedSender(sender: SenderFacts, trusted: TrustedOrigin): boolean {
  if (sender.webContentsId !== trusted.webContentsId || !sender.isMainFrame || sender.frameUrl === null) return false;
  const got = withoutQueryAndHash(sender.frameUrl);
  return got !== null && got === withoutQueryAndHash(trusted.pageUrl);
}
