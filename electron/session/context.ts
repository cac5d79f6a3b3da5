// What every phase module gets: the engine's data, the ports, the options, and the few
// hooks back into the engine (emit a snapshot, mark busy, ask whether cancel was pressed).
import type { BusyAction, SessionCommand } from '../../shared/session/types';
import type { HashAlgorithm } from '../../shared/ctl/model';
import { DEFAULT_PROVIDER_PORT, FIREWALL_PORT } from '../../shared/session/types';
import type { CertificateCache } from './cert-cache';
import type { EngineData } from './model';
import type { ProviderSession, SessionPorts, SshAuthSpec } from './ports';
import type { TokenList } from './token-list';

export interface EngineOptions {
  /** Targets worked on at once (connect, proof, stage, commit, read-back). */
  concurrency: number;
  /** Commit attempts per target before it is reported as failed. */
  commitAttempts: number;
  /** Pause between commit attempts. */
  commitRetryDelayMs: number;
  /** Rounds of reconnect, read back and roll forward after a connection lost while committing (recover.ts). */
  reconnectAttempts: number;
  /**
   * How long a lost target is tried again before it is reported unreachable. A provider killed
   * mid-commit comes back when its service manager restarts it, which takes seconds on a busy
   * server; giving up sooner leaves a node on another CTL than the rest of the cluster.
   */
  reconnectWindowMs: number;
  /** First pause between those tries; it doubles up to 2 s. */
  reconnectDelayMs: number;
  /** The fixed firewall provider port (2444); used only for loopback hosts (demo clusters). */
  firewallPort: number;
  /**
   * Provider port of an alternate TFTP server carried from the current CTL (the CTL names
   * the server, not its port): 2444; used only for loopback hosts (demo clusters).
   */
  alternateTftpPort: number;
  /** Hash of the possession-proof signature. */
  proofHash: HashAlgorithm;
  /**
   * How long a token list is reused by the next command (preview-token, add-token) when no
   * hot-plug event came in between; 0 lists for every command.
   */
  tokenListMaxAgeMs: number;
  /**
   * Progress snapshots inside a command (per-target updates of a fan-out) come at most this
   * often; the snapshot at the end of each command is never held back. A display needs no
   * more, and building one for every reply of a large cluster costs the fan-out time.
   */
  progressSnapshotMs: number;
  /**
   * TFTP servers the published file is downloaded from afterwards, as phones get it (host, UDP
   * port). `auto`: the cluster's own TFTP servers on port 69 (phone-check.ts).
   */
  phoneCheck: 'auto' | readonly { host: string; port: number }[];
}

export const DEFAULT_OPTIONS: EngineOptions = {
  concurrency: 8,
  phoneCheck: 'auto',
  commitAttempts: 3,
  commitRetryDelayMs: 200,
  reconnectAttempts: 5,
  reconnectWindowMs: 20_000,
  reconnectDelayMs: 300,
  firewallPort: FIREWALL_PORT,
  alternateTftpPort: DEFAULT_PROVIDER_PORT,
  proofHash: 'sha256',
  tokenListMaxAgeMs: 1000,
  progressSnapshotMs: 50,
};

export interface Ctx {
  data: EngineData;
  ports: SessionPorts;
  options: EngineOptions;
  /** Certificates parsed in this session (each once). */
  certs: CertificateCache;
  /** The tokens present, listed once per burst of commands (token-list.ts). */
  tokenList: TokenList;
  now(): Date;
  /** Emits a snapshot now (progress inside a long command). */
  changed(): void;
  /** Marks long work in progress (null clears it). */
  busy(action: BusyAction | null, detail?: string | null): void;
  /** True once cancel was dispatched while this command ran. */
  cancelRequested(): boolean;
  /**
   * The cluster login, kept in memory only (never in data, snapshots, reports or logs) from
   * connect until the session ends: a connection lost during the upload is opened again with
   * it, to read back what the target holds and finish or undo the commit. Cleared at the end.
   */
  login: { username: string; password: string } | null;
  /**
   * The command that stopped at a certificate nobody trusted yet (connect, add-tftp-server,
   * add-firewall), with the password it carried: in memory only, like `login`. Once every
   * presented certificate is trusted, the engine runs it again, so the password is typed once.
   */
  resume: SessionCommand | null;
  /**
   * A standalone cluster's TFTP roots and how to log in to each (SSH secrets), by session:
   * in memory only, like `login`, to open a root again when its connection is lost during
   * the upload. Cleared at the end.
   */
  targetLogins: Map<ProviderSession, { address: string; auth: SshAuthSpec | undefined }> | null;
}
