// What the app core needs from the session engine, the token service and the host (Electron
// dialogs or the web preview). Structural interfaces, so the core is tested with real services
// and adapters stay small.
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import type { TokenEvent, TokenInfo } from '../../shared/tokens/types';

export interface SessionPort {
  snapshot(): SessionSnapshot;
  execute(command: SessionCommand): Promise<CommandResult>;
  /** Subscribes to snapshots; returns the unsubscribe function. */
  onSnapshot(listener: (snapshot: SessionSnapshot) => void): () => void;
  /** Re-reads the tokens present (after a hot-plug event). */
  refreshTokens?(): Promise<void>;
  /** Certificate DER of an entry of the CTL being built, or null when it has none. */
  certificate(entryId: string): Promise<Uint8Array | null>;
  /** The cluster's current CTL as read from the first node, or null (not connected, no CTL yet). */
  currentCtl?(): Uint8Array | null;
  close(): Promise<void>;
}

export interface TokenPort {
  list(): Promise<TokenInfo[]>;
  changePin(serial: string, oldPin: string, newPin: string): Promise<void>;
  onEvent(listener: (event: TokenEvent) => void): () => void;
}

export interface HostPort {
  /** Shows an open dialog for a CTL/ITL file; null when cancelled; 'unsupported' without one. */
  pickFileToInspect(): Promise<{ name: string; bytes: Uint8Array } | null | 'unsupported'>;
  /** Where to save the run report (absolute path), or null when cancelled. */
  chooseReportPath(defaultName: string): Promise<string | null>;
  /** Shows an open dialog for a PKCS#11 library; null when cancelled; 'unsupported' without one. */
  pickPkcs11Module(): Promise<string | null | 'unsupported'>;
  /** Asks the administrator, in a main-process dialog, to confirm loading a library outside the known vendor locations. */
  confirmPkcs11Module(path: string): Promise<boolean>;
  /** Where to save a certificate as PEM (absolute path), or null when cancelled; absent without a dialog. */
  chooseCertificatePath?(defaultName: string): Promise<string | null>;
  /** Shows a saved file in the system's file manager; false when this host has none. */
  showInFolder?(path: string): Promise<boolean>;
}
