// What the connect, mode, tokens and entries screens render. Part of the session contract
// re-exported by ./types; plain data, never a secret.
import type { Message } from './messages';
import type { CtlRole, HashAlgorithm } from '../ctl/model';
import type { PinState, TokenCertificate } from '../tokens/types';
import type { Refusal } from './refusals';
import type { ClusterSecurityMode, SessionMode } from './types';

// ---------------------------------------------------------------------------------------
// Connect and trust

export interface ProviderIdentity {
  host: string;
  port: number;
  /**
   * SHA-256 of the provider certificate DER, lower-case hex; for an SSH server's host key
   * (`sshKey` set), OpenSSH's `SHA256:<base64>`.
   */
  fingerprint: string;
  /** An SFTP target's host key instead of a certificate: its algorithm (`ssh-ed25519`); subject, issuer and dates are empty. */
  sshKey?: { algorithm: string };
  subject: string;
  issuer: string;
  notBefore: string;
  notAfter: string;
}

/** Why a provider is being contacted: the cluster, an alternate TFTP server or a firewall. */
export type ProviderPurpose = 'cluster' | 'tftp' | 'firewall';

export interface ServerView {
  host: string;
  port: number;
  username: string;
  /** The pinned provider identity once connected. */
  provider: ProviderIdentity | null;
  connected: boolean;
}

export type NodeRole = 'CCM' | 'TFTP' | 'CAPF';

export interface NodeView {
  name: string;
  /** IPv4 as discovered (or resolved), null when unknown. */
  ip: string | null;
  /** Services the node runs. */
  roles: NodeRole[];
  publisher: boolean;
  reachable: boolean;
  /** Why it cannot be reached or resolved, when it cannot. */
  problem: Message | null;
}

export interface ClusterView {
  name: string;
  /** TFTP servers without a CTL Provider, written over SFTP or as folders (the nodes are those TFTP roots). */
  standalone: boolean;
  securityMode: ClusterSecurityMode;
  nodes: NodeView[];
  /** Nodes that cannot be reached or resolved, by name (also flagged in `nodes`). */
  unreachable: string[];
  /** The current CTL as the cluster serves it, or null when there is none. */
  currentCtl: CurrentCtlView | null;
}

export interface CurrentCtlView {
  /** SHA-256 of the file bytes, lower-case hex. */
  sha256: string;
  size: number;
  timestamp: number;
  hashAlgorithm: HashAlgorithm;
  signatureValid: boolean;
  /** Subject of the SAST that signed it. */
  signerSubject: string;
  /** The SAST entries listed: the tokens that may prove themselves and sign the next CTL. */
  sastEntries: { subject: string; issuer: string; serial: string; fingerprint: string | null }[];
}

// ---------------------------------------------------------------------------------------
// Mode

/** Why a mode is not offered, or what to know before choosing it; the UI words it. */
export type ModeNote = 'already-mixed' | 'already-non-secure' | 'strips-server-certificates' | 'no-ctl-yet';

export interface ModeChoice {
  mode: SessionMode;
  offered: boolean;
  note: ModeNote | null;
  /** The choice the mode screen starts on: Update for a cluster with a CTL, else mixed mode. */
  recommended: boolean;
}

// ---------------------------------------------------------------------------------------
// Tokens

/** A token as the engine shows it (no secrets: never a PIN, only its state). */
export interface TokenView {
  /** Token serial (unique; commands name tokens by serial or label). */
  serial: string;
  label: string;
  manufacturer: string;
  model: string;
  pin: PinState;
  /** The SAST certificate the token would contribute, or null when it holds none usable. */
  certificate:
    | (Pick<TokenCertificate, 'subject' | 'issuer' | 'subjectCn' | 'serial' | 'notBefore' | 'notAfter'> & {
        fingerprint: string;
      })
    | null;
  /** The token's certificate is a SAST record of the current CTL. */
  inCurrentCtl: boolean;
}

export interface AddedToken extends TokenView {
  /** 1-based order of insertion. */
  order: number;
  /** This token proved itself (PIN, current CTL signature, possession challenge). */
  proven: boolean;
  /** A login is held for the session (proof token), so signing with it needs no new PIN. */
  loggedIn: boolean;
}

export interface TokensView {
  /** `first-time`: no CTL, add at least `minimum` tokens. `prove-first`: a listed token proves itself before any change. */
  requirement: 'first-time' | 'prove-first';
  minimum: number;
  /** True until a token listed in the current CTL has proven itself (update / mode change only). */
  mustProve: boolean;
  /** Tokens present right now (all of them; the UI asks for one at a time). */
  present: TokenView[];
  /** More than one token is present; the guide says insert one at a time. */
  severalPresent: boolean;
  /** The token shown before it is added (after `preview-token`). */
  candidate: TokenView | null;
  /** Added tokens in insertion order (the proven token first in an update). */
  added: AddedToken[];
}

// ---------------------------------------------------------------------------------------
// Entries

/** Where an entry comes from; decides whether it may be deleted. */
export type EntrySource =
  | 'cluster-node' // discovered CallManager/TFTP node
  | 'cluster-capf' // discovered CAPF
  | 'cluster-firewall' // firewall the cluster reports
  | 'token' // a SAST token entry
  | 'tftp-server' // alternate/centralized TFTP server added by the administrator
  | 'firewall' // firewall added by the administrator
  | 'carried'; // a non-cluster entry of the current CTL kept as it is

export interface EntryRow {
  /** Stable id within the session (commands name entries by it). */
  id: string;
  role: CtlRole;
  source: EntrySource;
  /** DNS name (empty for tokens). */
  host: string;
  ip: string | null;
  subject: string;
  issuer: string;
  /** Upper-case hex. */
  serial: string;
  /** ISO 8601, or null when the certificate is stripped/unknown. */
  notAfter: string | null;
  /** SHA-256 of the certificate DER, lower-case hex; null when stripped. */
  fingerprint: string | null;
  /** A token entry: the label of the added token whose certificate it is (which physical token), else null. */
  tokenLabel: string | null;
  deletable: boolean;
  /** Why it cannot be deleted (names the rule), when it cannot. */
  refusal: Refusal | null;
  /** Compared with the current CTL. */
  change: 'unchanged' | 'added' | 'changed';
}
