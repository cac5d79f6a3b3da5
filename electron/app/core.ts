// The Electron-free application core: builds the contract's handler table over the session
// engine, the token service, the settings store and the host's dialogs, and forwards engine
// snapshots and token events to the event hub. Electron main and the web preview both use it.
import { basename } from 'node:path';
import type { AboutInfo } from '../../shared/ipc/views';
import type { SessionCommand, SessionSnapshot } from '../../shared/session/types';
import type { Handlers } from './dispatch';
import { AppError, toIpcError } from './errors';
import { EventHub } from './events';
import { fileHandlers } from './file-handlers';
import { inspectFile } from './inspect';
import { chooseModule } from './module-choice';
import { readFileToInspect } from './open-file';
import type { HostPort, SessionPort, TokenPort } from './ports';
import { sessionHandlers } from './session-handlers';
import type { SettingsStore } from './settings-store';
import type { TrustedCertificateStore } from '../services/trust-store';

export interface AppCoreOptions {
  settings: SettingsStore;
  /** Accepted provider certificates: listed and forgotten from the Settings screen. */
  trustStore: TrustedCertificateStore;
  about: AboutInfo;
  host: HostPort;
  tokens: TokenPort;
  /** Creates a fresh engine session (at start and on session.restart). */
  newSession: (settings: SettingsStore) => Promise<SessionPort>;
}

export interface AppCore {
  handlers: Handlers;
  events: EventHub;
  settings: SettingsStore;
  /**
   * Opens a CTL/ITL file the operating system handed to the app (.tlv association) and sends
   * the inspected view, or why it failed, to the window as an `inspector:open-file` event.
   */
  openFile(path: string): Promise<void>;
  /** File > Open CTL…: the host's open dialog, then the same event. */
  openFromDialog(): Promise<void>;
  close(): Promise<void>;
}

export async function createAppCore(options: AppCoreOptions): Promise<AppCore> {
  const settings = options.settings;
  const events = new EventHub();
  let session = await options.newSession(settings);
  // Snapshot numbers restart with every engine session; offsetting them keeps them increasing
  // across session.restart, so the renderer can always drop a late, older snapshot.
  let seqOffset = 0;
  let lastSeq = 0;
  const stamp = (snapshot: SessionSnapshot): SessionSnapshot => {
    const seq = snapshot.seq + seqOffset;
    lastSeq = Math.max(lastSeq, seq);
    return { ...snapshot, seq };
  };
  const forward = (snapshot: SessionSnapshot) => events.emit('session:snapshot', stamp(snapshot));
  let offSnapshot = session.onSnapshot(forward);
  const offTokens = options.tokens.onEvent((event) => {
    events.emit('tokens:event', event);
    // The engine lists tokens on demand; a hot-plug event is its cue to look again.
    void session.refreshTokens?.().catch(() => undefined);
  });

  /** Remembers a cluster once a connection succeeded (accepted certificates are kept by the trust store). */
  async function remember(command: SessionCommand): Promise<void> {
    const server = session.snapshot().server;
    if ((command.type === 'connect' || command.type === 'trust-provider') && server?.connected) {
      await settings.rememberCluster({ host: server.host, port: server.port, username: server.username });
    }
  }

  /**
   * The saved hash preference is this session's default: sent once, when the entries step is
   * first reached (the engine accepts set-hash-algorithm from there on and otherwise follows
   * the current CTL). The review's hash check still judges it; the administrator may change it.
   */
  let hashApplied = false;
  async function applyHashPreference(command: SessionCommand): Promise<void> {
    if (command.type !== 'tokens-done' || hashApplied) return;
    hashApplied = true;
    const preferred = settings.get().hashAlgorithm;
    if (preferred === null || session.snapshot().hashAlgorithm === preferred) return;
    const result = await session.execute({ type: 'set-hash-algorithm', algorithm: preferred });
    if (!result.ok) console.warn(`settings: the saved hash algorithm ${preferred} was not applied: ${result.error.message}`);
  }

  const commands = sessionHandlers(
    () => session,
    // Settings are a convenience: failing to write or apply them must not fail the command itself.
    async (command) => {
      await remember(command).catch((error: Error) => console.warn(`settings: ${error.message}`));
      await applyHashPreference(command).catch((error: Error) => console.warn(`settings: ${error.message}`));
    },
  );

  async function restart(): Promise<SessionSnapshot> {
    offSnapshot();
    await session.close();
    session = await options.newSession(settings);
    hashApplied = false;
    seqOffset = lastSeq + 1;
    offSnapshot = session.onSnapshot(forward);
    const snapshot = stamp(session.snapshot());
    events.emit('session:snapshot', snapshot);
    return snapshot;
  }

  const handlers: Handlers = {
    ...commands,
    'session.snapshot': async () => stamp(session.snapshot()),
    'session.restart': restart,
    'session.certificate': async ({ id }) => {
      const der = await session.certificate(id);
      return { der: der ? Buffer.from(der).toString('base64') : null };
    },
    'app.about': async () => options.about,
    'settings.get': async () => settings.get(),
    'settings.set': async (patch) => settings.update(patch),
    'settings.trustedCertificates': async () => options.trustStore.list(),
    'settings.forgetTrustedCertificate': async ({ host, port }) => {
      await options.trustStore.delete(host, port);
      return options.trustStore.list();
    },
    'tokens.list': async () => options.tokens.list(),
    'tokens.chooseModule': async () => chooseModule(options.host, settings),
    'tokens.changePin': async ({ serial, oldPin, newPin }) => {
      await options.tokens.changePin(serial, oldPin, newPin);
      return { changed: true as const };
    },
    'inspector.open': async (request) => {
      if (request.source === 'bytes') return inspectFile(request.name, new Uint8Array(Buffer.from(request.base64, 'base64')));
      const picked = await options.host.pickFileToInspect();
      if (picked === 'unsupported') throw new AppError('dialog-unsupported', 'This window cannot show a file dialog; choose the file with the file picker instead.');
      if (picked === null) return { cancelled: true as const };
      return inspectFile(basename(picked.name), picked.bytes);
    },
    ...fileHandlers(() => session, options.host),
  };

  async function emitOpened(name: string, load: () => Promise<Uint8Array>): Promise<void> {
    try {
      events.emit('inspector:open-file', { ok: true, file: await inspectFile(name, await load()) });
    } catch (error) {
      events.emit('inspector:open-file', { ok: false, name, error: toIpcError(error) });
    }
  }

  return {
    handlers,
    events,
    settings,
    openFile: (path) => emitOpened(basename(path), () => readFileToInspect(path)),
    async openFromDialog() {
      // The host's bounded read may refuse the chosen file: that is shown like any other refusal.
      let picked: Awaited<ReturnType<HostPort['pickFileToInspect']>>;
      try {
        picked = await options.host.pickFileToInspect();
      } catch (error) {
        events.emit('inspector:open-file', { ok: false, name: 'the chosen file', error: toIpcError(error) });
        return;
      }
      if (picked === null || picked === 'unsupported') return;
      const chosen = picked;
      await emitOpened(basename(chosen.name), async () => chosen.bytes);
    },
    async close() {
      offSnapshot();
      offTokens();
      await session.close();
    },
  };
}
