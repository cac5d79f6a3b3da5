// Plain-data views main sends to the renderer (replies that are not engine snapshots).
import type { CtlRole, HashAlgorithm } from '../ctl/model';
import type { IpcError } from './result';
import type { Message } from '../session/messages';

export interface AboutInfo {
  name: string;
  version: string;
  /** Electron, Chromium and Node versions when running in Electron; null in the web preview. */
  electron: string | null;
  chrome: string | null;
  node: string;
  platform: string;
  /** True only in the development web preview (`npm run dev:web`). */
  devPreview: boolean;
  /** The fixed firewall provider port (2444; the web preview's demo firewall listens elsewhere). */
  firewallPort: number;
}

export interface InspectedEntry {
  index: number;
  role: CtlRole;
  dnsName: string;
  ipAddress: string | null;
  subject: string;
  issuer: string;
  serialHex: string;
  /** ISO 8601 expiry of the certificate, or null when the record carries none (stripped). */
  notAfter: string | null;
  /** Base64 certificate DER for the certificate viewer, or null when stripped. */
  certificate: string | null;
}

export interface InspectedFile {
  name: string;
  size: number;
  /** "CTL" or "ITL", from the FILENAME field. */
  kind: 'CTL' | 'ITL' | 'unknown';
  filename: string;
  version: string;
  hashAlgorithm: HashAlgorithm;
  modulusBits: number;
  /** ISO 8601 of the header TIMESTAMP. */
  timestamp: string;
  signer: { subject: string; issuer: string; serialHex: string };
  signature: {
    valid: boolean;
    /** Index of the record whose certificate matched the signer, or null when none did. */
    signerIndex: number | null;
    /** Why the signature did not verify (worded in the UI's language), or null when it verifies. */
    problem: Message | null;
  };
  entries: InspectedEntry[];
  /** SHA-256 of the whole file, lower-case hex. */
  sha256: string;
}

/**
 * A CTL/ITL file opened from outside the window (double-click on a .tlv, the command line, the
 * menu): the inspected view, or why it could not be shown. `name` is the file's base name.
 */
export type OpenedFile = { ok: true; file: InspectedFile } | { ok: false; name: string; error: IpcError };

export interface SavedFile {
  /** Absolute path written, or null when the user cancelled the save dialog. */
  path: string | null;
}
