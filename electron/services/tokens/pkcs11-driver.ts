// The PKCS#11 driver: everything that talks to a PKCS#11 module, over the Pkcs11Api
// interface. It runs inside the token worker (real module) or in-thread (fake layer), and
// is driven by TokenService through the typed messages of token-rpc.ts.
import type { CertificateRef, HashAlgorithm, TokenErrorCode, TokenInfo, TokenRef } from './token-types';
import { pickSastCertificate, readCertificates } from './certificates';
import {
  CKA_CLASS,
  CKA_ID,
  CKF_RW_SESSION,
  CKF_SERIAL_SESSION,
  CKF_TOKEN_INITIALIZED,
  CKM_SHA1_RSA_PKCS,
  CKM_SHA256_RSA_PKCS,
  CKM_SHA512_RSA_PKCS,
  CKO_PRIVATE_KEY,
  CKR,
  CKU_USER,
} from './constants';
import { ckrCodeOf, toTokenError, TokenError } from './errors';
import type { Handle, LoadedModule, Pkcs11Api } from './pkcs11-api';
import { findAll } from './pkcs11-api';
import { guardPinAttempt, pinStateFromFlags, wrongPinError, type GuardOptions } from './pin-guard';
import { msg } from '../../../shared/session/messages';

const mechanisms: Record<HashAlgorithm, number> = {
  sha1: CKM_SHA1_RSA_PKCS,
  sha256: CKM_SHA256_RSA_PKCS,
  sha512: CKM_SHA512_RSA_PKCS,
};

/** Errors after which the session is gone for good: forget it so a later login starts clean. */
const sessionEnding: ReadonlySet<TokenErrorCode> = new Set(['device-removed', 'session-invalid', 'token-not-present', 'not-logged-in']);

interface OpenToken {
  serial: string;
  label: string;
  slot: Handle;
  session: Handle;
  loggedIn: boolean;
  /**
   * Private-key handles found for a certificate ref in this session: a proof per cluster node
   * signs with the same key many times, and finding it reads (and parses) every certificate.
   * Handles are valid for the session; the entry goes with release/forget.
   */
  keys: Map<string, Handle>;
}

interface PresentToken {
  slot: Handle;
  serial: string;
  label: string;
  manufacturer: string;
  model: string;
  flags: number;
  minPinLen: number;
  maxPinLen: number;
}

export interface RescanOptions {
  /** When to re-initialize the module: only with no session open (default), or always. */
  reinitialize?: 'when-idle' | 'always';
}

export interface RescanResult {
  tokens: TokenInfo[];
  reinitialized: boolean;
  /** Serials whose session (and login) this rescan ended. */
  ended: string[];
}

export interface LoginResult {
  /** False when the token was already logged in this session (no C_Login was sent). */
  loggedInNow: boolean;
}

function slotId(slot: Handle): string {
  let value = 0n;
  for (let i = slot.length - 1; i >= 0; i--) value = (value << 8n) | BigInt(slot[i]!);
  return value.toString();
}

function matches(ref: TokenRef, token: { label: string; serial: string }): boolean {
  return typeof ref === 'string' ? token.label === ref : token.serial === ref.serial;
}

function refText(ref: TokenRef): string {
  return typeof ref === 'string' ? `"${ref}"` : `with serial ${ref.serial}`;
}

export class Pkcs11Driver {
  private readonly open = new Map<string, OpenToken>();

  constructor(private readonly module: LoadedModule) {}

  get api(): Pkcs11Api {
    return this.module.api;
  }

  get moduleInfo(): { name: string; path: string } {
    return { name: this.module.name, path: this.module.path };
  }

  /** Present, initialized tokens (uninitialized SoftHSM slots and empty readers are left out). */
  private present(): PresentToken[] {
    const result: PresentToken[] = [];
    for (const slot of this.api.C_GetSlotList(true)) {
      let info;
      try {
        info = this.api.C_GetTokenInfo(slot);
      } catch (error) {
        // A token pulled between C_GetSlotList and C_GetTokenInfo is simply not present.
        const code = ckrCodeOf(error);
        if (code === CKR.CKR_TOKEN_NOT_PRESENT || code === CKR.CKR_DEVICE_REMOVED || code === CKR.CKR_SLOT_ID_INVALID) continue;
        throw toTokenError(error, 'Reading token information');
      }
      if ((info.flags & CKF_TOKEN_INITIALIZED) === 0) continue;
      result.push({
        slot,
        serial: info.serialNumber.trim(),
        label: info.label.trim(),
        manufacturer: info.manufacturerID.trim(),
        model: info.model.trim(),
        flags: info.flags,
        minPinLen: info.minPinLen,
        maxPinLen: info.maxPinLen,
      });
    }
    return result;
  }

  private find(ref: TokenRef): PresentToken {
    const found = this.present().filter((token) => matches(ref, token));
    if (found.length === 0) {
      if (this.open.size > 0 && typeof ref === 'object' && this.open.has(ref.serial)) this.forget(ref.serial);
      throw new TokenError('token-not-found', `No token ${refText(ref)} is inserted.`);
    }
    if (found.length > 1) {
      throw new TokenError('token-ambiguous', `Several tokens are labelled ${refText(ref)}; choose one by serial (${found.map((t) => t.serial).join(', ')}).`);
    }
    return found[0]!;
  }

  list(): TokenInfo[] {
    return this.present().map((token) => {
      const open = this.open.get(token.serial);
      const certificates = this.withSession(token, open, (session) => readCertificates(this.api, session, open?.loggedIn ?? false));
      return {
        slot: slotId(token.slot),
        label: token.label,
        serial: token.serial,
        manufacturer: token.manufacturer,
        model: token.model,
        pin: pinStateFromFlags(token.flags),
        loggedIn: open?.loggedIn ?? false,
        certificates,
        sastCertificate: pickSastCertificate(certificates),
      };
    });
  }

  /** Runs fn with the token's open session, or a short-lived read-only one. */
  private withSession<T>(token: PresentToken, open: OpenToken | undefined, fn: (session: Handle) => T): T {
    if (open) return fn(open.session);
    let session: Handle;
    try {
      session = this.api.C_OpenSession(token.slot, CKF_SERIAL_SESSION);
    } catch (error) {
      throw toTokenError(error, `Opening a session with token "${token.label}"`);
    }
    try {
      return fn(session);
    } catch (error) {
      throw toTokenError(error, `Reading token "${token.label}"`);
    } finally {
      try {
        this.api.C_CloseSession(session);
      } catch {
        // The token may have gone; the session is gone with it.
      }
    }
  }

  private openSession(token: PresentToken): OpenToken {
    const existing = this.open.get(token.serial);
    if (existing) return existing;
    let session: Handle;
    try {
      session = this.api.C_OpenSession(token.slot, CKF_SERIAL_SESSION | CKF_RW_SESSION);
    } catch (error) {
      throw toTokenError(error, `Opening a session with token "${token.label}"`);
    }
    const entry: OpenToken = { serial: token.serial, label: token.label, slot: token.slot, session, loggedIn: false, keys: new Map() };
    this.open.set(token.serial, entry);
    return entry;
  }

  private pinAfter(slot: Handle) {
    try {
      return pinStateFromFlags(this.api.C_GetTokenInfo(slot).flags);
    } catch {
      return null;
    }
  }

  /** One C_Login per token per session: a second call for a logged-in token sends nothing. */
  login(ref: TokenRef, pin: string, options: GuardOptions = {}): LoginResult {
    const token = this.find(ref);
    const open = this.open.get(token.serial);
    if (open?.loggedIn) return { loggedInNow: false };
    guardPinAttempt(token.label, pinStateFromFlags(token.flags), options);
    const entry = this.openSession(token);
    try {
      this.api.C_Login(entry.session, CKU_USER, pin);
    } catch (error) {
      if (ckrCodeOf(error) !== CKR.CKR_USER_ALREADY_LOGGED_IN) {
        this.release({ serial: token.serial });
        throw wrongPinError(token.label, toTokenError(error, `Logging in to token "${token.label}"`), this.pinAfter(token.slot));
      }
    }
    entry.loggedIn = true;
    return { loggedInNow: true };
  }

  async sign(ref: TokenRef, cert: CertificateRef | null, data: Uint8Array, hash: HashAlgorithm): Promise<Uint8Array> {
    const open = [...this.open.values()].find((entry) => matches(ref, entry));
    if (!open?.loggedIn) throw new TokenError('not-logged-in', `Log in to token ${refText(ref)} before signing.`);
    const operation = `Signing with token "${open.label}"`;
    const keyRef = cert === null ? 'sast' : 'id' in cert ? `id:${cert.id.toLowerCase()}` : `sha256:${cert.sha256.toLowerCase()}`;
    try {
      let key = open.keys.get(keyRef);
      if (key) {
        try {
          this.api.C_SignInit(open.session, { mechanism: mechanisms[hash] }, key);
        } catch (error) {
          // The object went away (token re-personalised): look the key up again, once.
          const code = ckrCodeOf(error);
          if (code !== CKR.CKR_KEY_HANDLE_INVALID && code !== CKR.CKR_OBJECT_HANDLE_INVALID) throw error;
          open.keys.delete(keyRef);
          key = undefined;
        }
      }
      if (!key) {
        key = this.privateKeyFor(open, cert);
        this.api.C_SignInit(open.session, { mechanism: mechanisms[hash] }, key);
        open.keys.set(keyRef, key);
      }
      const signature = await this.api.C_SignAsync(open.session, Buffer.from(data), Buffer.alloc(1024));
      return new Uint8Array(signature);
    } catch (error) {
      const typed = toTokenError(error, operation);
      if (sessionEnding.has(typed.code)) this.forget(open.serial);
      throw typed;
    }
  }

  private privateKeyFor(open: OpenToken, cert: CertificateRef | null): Handle {
    const certificates = readCertificates(this.api, open.session, true);
    let index: number | null;
    if (cert === null) {
      index = pickSastCertificate(certificates);
      if (index === null) {
        throw new TokenError('certificate-ambiguous', `Token "${open.label}" holds several certificates and none is clearly its SAST certificate; choose one.`);
      }
    } else {
      index = certificates.findIndex((c) => ('id' in cert ? c.id === cert.id.toLowerCase() : c.sha256 === cert.sha256.toLowerCase()));
      if (index < 0) throw new TokenError('certificate-not-found', `Token "${open.label}" has no such certificate.`);
    }
    const chosen = certificates[index]!;
    const keys = findAll(this.api, open.session, [
      { type: CKA_CLASS, value: CKO_PRIVATE_KEY },
      { type: CKA_ID, value: Buffer.from(chosen.id, 'hex') },
    ]);
    if (keys.length !== 1) {
      throw new TokenError('key-invalid', `Token "${open.label}" has ${keys.length === 0 ? 'no private key' : 'several private keys'} for certificate ${chosen.subject}.`,
        { problem: msg(keys.length === 0 ? 'token-problem.no-private-key' : 'token-problem.several-private-keys', { label: open.label, subject: chosen.subject }) });
    }
    return keys[0]!;
  }

  changePin(ref: TokenRef, oldPin: string, newPin: string, options: GuardOptions = {}): void {
    const token = this.find(ref);
    if (newPin.length < token.minPinLen || newPin.length > token.maxPinLen) {
      throw new TokenError('pin-len-range', `The new PIN for token "${token.label}" must be ${token.minPinLen} to ${token.maxPinLen} characters long.`);
    }
    guardPinAttempt(token.label, pinStateFromFlags(token.flags), options);
    const existing = this.open.get(token.serial);
    const entry = existing ?? this.openSession(token);
    try {
      this.api.C_SetPIN(entry.session, oldPin, newPin);
    } catch (error) {
      const typed = toTokenError(error, `Changing the PIN of token "${token.label}"`);
      throw typed.code === 'pin-incorrect' ? wrongPinError(token.label, typed, this.pinAfter(token.slot)) : typed;
    } finally {
      if (!existing) this.release({ serial: token.serial });
    }
  }

  /** Logs out and closes the token's session; quiet when the token is already gone. */
  release(ref: TokenRef): void {
    for (const entry of [...this.open.values()]) {
      if (!matches(ref, entry)) continue;
      try {
        if (entry.loggedIn) this.api.C_Logout(entry.session);
      } catch {
        // Removed token: the logout is implicit.
      }
      try {
        this.api.C_CloseSession(entry.session);
      } catch {
        // Same: nothing left to close.
      }
      this.open.delete(entry.serial);
    }
  }

  private forget(serial: string): void {
    this.release({ serial });
  }

  /**
   * Re-reads the slots. Sessions of tokens that left the slot list are dropped (a reader ends
   * them when the token is pulled). Some modules (SoftHSM) see inserted or removed tokens only
   * after a re-initialization (C_Finalize + C_Initialize), which ends every open session:
   * 'when-idle' re-initializes only with no session open; 'always' re-initializes anyway,
   * ending the logins of the tokens still present (`ended` names them; they log in again
   * when next used). The module's view of the slots is then the physical one.
   */
  rescan(options: RescanOptions = {}): RescanResult {
    const reinitialize = options.reinitialize ?? 'when-idle';
    const ended: string[] = [];
    let reinitialized = false;
    if (reinitialize === 'always' || this.open.size === 0) {
      for (const serial of [...this.open.keys()]) {
        ended.push(serial);
        this.forget(serial);
      }
      try {
        this.api.C_Finalize();
      } catch {
        // Not initialized (an earlier re-initialization failed): initialize below anyway.
      }
      try {
        this.api.C_Initialize();
      } catch (error) {
        throw toTokenError(error, 'Re-initializing the PKCS#11 module');
      }
      reinitialized = true;
    }
    const tokens = this.list();
    for (const serial of [...this.open.keys()]) {
      if (!tokens.some((token) => token.serial === serial)) {
        ended.push(serial);
        this.forget(serial);
      }
    }
    return { tokens, reinitialized, ended };
  }

  openTokens(): string[] {
    return [...this.open.keys()];
  }

  close(): void {
    for (const serial of [...this.open.keys()]) this.forget(serial);
    try {
      this.api.C_Finalize();
    } catch {
      // Already finalized.
    }
    this.module.close();
  }
}
