// Demo controls of the web preview's bridge (plain types, shared with the store).
import type { IpcResult } from '../../../shared/ipc/result';

/** A demo token of the web preview; "inserting" it makes the token service see it. */
export interface DemoToken {
  serial: string;
  label: string;
  inserted: boolean;
}

/** The demo cluster of this preview run (throwaway credentials). */
export interface DemoInfo {
  firstNode: { host: string; port: number };
  username: string;
  password: string;
  alternateTftp: { host: string; port: number }[];
  firewalls: { host: string; port: number }[];
  tokenPin: string;
}

export interface DemoControls {
  info(): Promise<IpcResult<DemoInfo>>;
  tokens(): Promise<IpcResult<DemoToken[]>>;
  setInserted(serial: string, inserted: boolean): Promise<IpcResult<DemoToken[]>>;
}
