// An in-memory PKCS#11 layer behind the same Pkcs11Api as the real binding. SoftHSM never
// locks a PIN, so lockout (COUNT_LOW, FINAL_TRY, LOCKED), removal during a signature and
// call counting are tested against this; the session engine's tests reuse it.
import { sign as rsaSign, type KeyObject } from 'node:crypto';
import {
  CKA_CLASS,
  CKA_ID,
  CKA_LABEL,
  CKA_VALUE,
  CKA_CERTIFICATE_TYPE,
  CKC_X_509,
  CKF_TOKEN_INITIALIZED,
  CKF_LOGIN_REQUIRED,
  CKF_USER_PIN_INITIALIZED,
  CKF_USER_PIN_COUNT_LOW,
  CKF_USER_PIN_FINAL_TRY,
  CKF_USER_PIN_LOCKED,
  CKM_SHA1_RSA_PKCS,
  CKM_SHA256_RSA_PKCS,
  CKM_SHA512_RSA_PKCS,
  CKO_CERTIFICATE,
  CKO_PRIVATE_KEY,
  CKO_PUBLIC_KEY,
  CKR,
  CKU_USER,
  ckrName,
  type CkrName,
} from '../../electron/services/tokens/constants';
import type { Handle, LoadedModule, Pkcs11Api, Pkcs11Attribute, Pkcs11KeyPair, Pkcs11Mechanism, Pkcs11ModuleInfo, Pkcs11SlotInfo, Pkcs11TokenInfo } from '../../electron/services/tokens/pkcs11-api';

export class FakePkcs11Error extends Error {
  readonly code: number;
  constructor(name: CkrName) {
    super(name);
    this.code = CKR[name];
  }
}

export interface FakeKeyPair {
  /** CKA_ID shared by the certificate and the keys. */
  id: Buffer;
  certificate: Buffer;
  privateKey: KeyObject;
  label?: string;
}

export interface FakeTokenSpec {
  label: string;
  serial: string;
  pin: string;
  /** Wrong PINs until the token locks (eTokens: vendor policy, often 15; here small). */
  maxTries?: number;
  manufacturer?: string;
  model?: string;
  minPinLen?: number;
  maxPinLen?: number;
  keys?: FakeKeyPair[];
}

type AttrValue = number | boolean | string | Buffer;

interface FakeObject {
  handle: number;
  attrs: Map<number, AttrValue>;
  isPrivate: boolean;
  key?: KeyObject;
}

interface FakeToken {
  spec: Required<Omit<FakeTokenSpec, 'keys'>>;
  slotId: number;
  pin: string;
  wrong: number;
  present: boolean;
  loggedIn: boolean;
  objects: FakeObject[];
}

interface FakeSession {
  token: FakeToken;
  find: FakeObject[] | null;
  signKey: FakeObject | null;
  signHash: string | null;
  /** The token was pulled since this session opened: the handle stays invalid for good. */
  dead: boolean;
}

const hashes = new Map<number, string>([
  [CKM_SHA1_RSA_PKCS, 'sha1'],
  [CKM_SHA256_RSA_PKCS, 'sha256'],
  [CKM_SHA512_RSA_PKCS, 'sha512'],
]);

function handle(n: number): Handle {
  const buffer = Buffer.alloc(8);
  buffer.writeBigUInt64LE(BigInt(n));
  return buffer;
}

function number(h: Handle): number {
  return Number(h.readBigUInt64LE(0));
}

function fail(name: CkrName): never {
  throw new FakePkcs11Error(name);
}

function sameValue(a: AttrValue | undefined, b: Pkcs11Attribute['value']): boolean {
  if (a === undefined || b === undefined) return false;
  if (Buffer.isBuffer(a) || Buffer.isBuffer(b)) return Buffer.from(a as Buffer).equals(Buffer.isBuffer(b) ? b : Buffer.from(String(b)));
  return a === b;
}

export class FakePkcs11 implements Pkcs11Api {
  private readonly tokens: FakeToken[] = [];
  private readonly sessions = new Map<number, FakeSession>();
  private initialized = false;
  private nextHandle = 1;

  constructor(specs: FakeTokenSpec[] = []) {
    for (const spec of specs) this.insertToken(spec);
  }

  /** A LoadedModule for TokenService.start({ module }). */
  loadedModule(): LoadedModule {
    return { api: this, path: 'fake://pkcs11', name: 'Fake PKCS#11 (tests)', close: () => undefined };
  }

  insertToken(spec: FakeTokenSpec): void {
    const existing = this.tokens.find((t) => t.spec.serial === spec.serial);
    if (existing) {
      existing.present = true;
      return;
    }
    const token: FakeToken = {
      spec: {
        label: spec.label,
        serial: spec.serial,
        pin: spec.pin,
        maxTries: spec.maxTries ?? 3,
        manufacturer: spec.manufacturer ?? 'Fake Tokens Inc.',
        model: spec.model ?? 'eToken (fake)',
        minPinLen: spec.minPinLen ?? 4,
        maxPinLen: spec.maxPinLen ?? 32,
      },
      slotId: this.tokens.length,
      pin: spec.pin,
      wrong: 0,
      present: true,
      loggedIn: false,
      objects: [],
    };
    for (const key of spec.keys ?? []) {
      const label = key.label ?? spec.label;
      this.addObject(token, false, [[CKA_CLASS, CKO_CERTIFICATE], [CKA_CERTIFICATE_TYPE, CKC_X_509], [CKA_ID, key.id], [CKA_VALUE, key.certificate], [CKA_LABEL, label]]);
      this.addObject(token, false, [[CKA_CLASS, CKO_PUBLIC_KEY], [CKA_ID, key.id], [CKA_LABEL, label]]);
      this.addObject(token, true, [[CKA_CLASS, CKO_PRIVATE_KEY], [CKA_ID, key.id], [CKA_LABEL, label]], key.privateKey);
    }
    this.tokens.push(token);
  }

  /** Pulls the token: its sessions die and later calls on them return CKR_DEVICE_REMOVED. */
  removeToken(serial: string): void {
    const token = this.token(serial);
    token.present = false;
    token.loggedIn = false;
    for (const session of this.sessions.values()) if (session.token === token) session.dead = true;
  }

  /** Sets the wrong-PIN counter directly (e.g. to start a test on the final try). */
  setWrongPinCount(serial: string, wrong: number): void {
    this.token(serial).wrong = wrong;
  }

  currentPin(serial: string): string {
    return this.token(serial).pin;
  }

  private token(serial: string): FakeToken {
    const token = this.tokens.find((t) => t.spec.serial === serial);
    if (!token) throw new Error(`fake: no token ${serial}`);
    return token;
  }

  private addObject(token: FakeToken, isPrivate: boolean, attrs: Array<[number, AttrValue]>, key?: KeyObject): FakeObject {
    const object: FakeObject = { handle: this.nextHandle++, attrs: new Map(attrs), isPrivate, ...(key ? { key } : {}) };
    token.objects.push(object);
    return object;
  }

  private live(): void {
    if (!this.initialized) fail('CKR_CRYPTOKI_NOT_INITIALIZED');
  }

  private slot(slot: Handle): FakeToken {
    this.live();
    const token = this.tokens[number(slot)];
    if (!token) fail('CKR_SLOT_ID_INVALID');
    if (!token.present) fail('CKR_TOKEN_NOT_PRESENT');
    return token;
  }

  private session(session: Handle): FakeSession {
    this.live();
    const entry = this.sessions.get(number(session));
    if (!entry) fail('CKR_SESSION_HANDLE_INVALID');
    if (!entry.token.present) fail('CKR_DEVICE_REMOVED');
    if (entry.dead) fail('CKR_SESSION_HANDLE_INVALID');
    return entry;
  }

  private flags(token: FakeToken): number {
    let flags = CKF_TOKEN_INITIALIZED | CKF_LOGIN_REQUIRED | CKF_USER_PIN_INITIALIZED;
    const left = token.spec.maxTries - token.wrong;
    if (left <= 0) flags |= CKF_USER_PIN_LOCKED;
    else {
      if (token.wrong > 0) flags |= CKF_USER_PIN_COUNT_LOW;
      if (left === 1) flags |= CKF_USER_PIN_FINAL_TRY;
    }
    return flags;
  }

  /** Checks a PIN with the lockout counter, as a real token does for C_Login and C_SetPIN. */
  private checkPin(token: FakeToken, pin: string): void {
    if (token.wrong >= token.spec.maxTries) fail('CKR_PIN_LOCKED');
    if (pin !== token.pin) {
      token.wrong++;
      fail('CKR_PIN_INCORRECT');
    }
    token.wrong = 0;
  }

  C_Initialize(): void {
    if (this.initialized) fail('CKR_CRYPTOKI_ALREADY_INITIALIZED');
    this.initialized = true;
  }

  C_Finalize(): void {
    this.live();
    this.initialized = false;
    this.sessions.clear();
    for (const token of this.tokens) token.loggedIn = false;
  }

  C_GetInfo(): Pkcs11ModuleInfo {
    this.live();
    return { manufacturerID: 'Fake', libraryDescription: 'Fake PKCS#11 for tests' };
  }

  C_GetSlotList(tokenPresent = false): Handle[] {
    this.live();
    return this.tokens.filter((t) => !tokenPresent || t.present).map((t) => handle(t.slotId));
  }

  C_GetSlotInfo(slot: Handle): Pkcs11SlotInfo {
    const token = this.slot(slot);
    return { slotDescription: `Fake reader ${token.slotId}`, manufacturerID: 'Fake', flags: 1 };
  }

  C_GetTokenInfo(slot: Handle): Pkcs11TokenInfo {
    const token = this.slot(slot);
    const pad = (text: string, length: number) => text.padEnd(length, ' ');
    return {
      label: pad(token.spec.label, 32),
      manufacturerID: pad(token.spec.manufacturer, 32),
      model: pad(token.spec.model, 16),
      serialNumber: pad(token.spec.serial, 16),
      flags: this.flags(token),
      minPinLen: token.spec.minPinLen,
      maxPinLen: token.spec.maxPinLen,
    };
  }

  C_OpenSession(slot: Handle): Handle {
    const token = this.slot(slot);
    const id = this.nextHandle++;
    this.sessions.set(id, { token, find: null, signKey: null, signHash: null, dead: false });
    return handle(id);
  }

  C_CloseSession(session: Handle): void {
    const entry = this.session(session);
    this.sessions.delete(number(session));
    if (![...this.sessions.values()].some((s) => s.token === entry.token)) entry.token.loggedIn = false;
  }

  C_Login(session: Handle, userType: number, pin = ''): void {
    const { token } = this.session(session);
    if (userType !== CKU_USER) fail('CKR_USER_TYPE_INVALID');
    if (token.loggedIn) fail('CKR_USER_ALREADY_LOGGED_IN');
    this.checkPin(token, pin);
    token.loggedIn = true;
  }

  C_Logout(session: Handle): void {
    const { token } = this.session(session);
    if (!token.loggedIn) fail('CKR_USER_NOT_LOGGED_IN');
    token.loggedIn = false;
  }

  C_SetPIN(session: Handle, oldPin: string, newPin: string): void {
    const { token } = this.session(session);
    if (newPin.length < token.spec.minPinLen || newPin.length > token.spec.maxPinLen) fail('CKR_PIN_LEN_RANGE');
    this.checkPin(token, oldPin);
    token.pin = newPin;
  }

  C_FindObjectsInit(session: Handle, template: Pkcs11Attribute[]): void {
    const entry = this.session(session);
    if (entry.find) fail('CKR_OPERATION_ACTIVE');
    entry.find = entry.token.objects.filter(
      (object) => (!object.isPrivate || entry.token.loggedIn) && template.every((attr) => sameValue(object.attrs.get(attr.type), attr.value)),
    );
  }

  C_FindObjects(session: Handle, maxObjectCount: number): Handle[] {
    const entry = this.session(session);
    if (!entry.find) fail('CKR_OPERATION_NOT_INITIALIZED');
    return entry.find.splice(0, maxObjectCount).map((object) => handle(object.handle));
  }

  C_FindObjectsFinal(session: Handle): void {
    this.session(session).find = null;
  }

  private object(entry: FakeSession, object: Handle): FakeObject {
    const found = entry.token.objects.find((o) => o.handle === number(object));
    if (!found || (found.isPrivate && !entry.token.loggedIn)) fail('CKR_OBJECT_HANDLE_INVALID');
    return found;
  }

  C_GetAttributeValue(session: Handle, object: Handle, template: Pkcs11Attribute[]): Pkcs11Attribute[] {
    const found = this.object(this.session(session), object);
    return template.map(({ type }) => {
      const value = found.attrs.get(type);
      return { type, value: typeof value === 'string' ? Buffer.from(value, 'utf8') : value ?? Buffer.alloc(0) };
    });
  }

  C_CreateObject(session: Handle, template: Pkcs11Attribute[]): Handle {
    const entry = this.session(session);
    const attrs: Array<[number, AttrValue]> = template.map((attr) => [attr.type, attr.value ?? Buffer.alloc(0)]);
    return handle(this.addObject(entry.token, false, attrs).handle);
  }

  C_DestroyObject(session: Handle, object: Handle): void {
    const entry = this.session(session);
    const found = this.object(entry, object);
    entry.token.objects = entry.token.objects.filter((o) => o !== found);
  }

  C_GenerateKeyPair(_session: Handle, _mechanism: Pkcs11Mechanism): Pkcs11KeyPair {
    // Tests give the fake its keys up front; on-token key generation is SoftHSM's job.
    return fail('CKR_FUNCTION_REJECTED');
  }

  C_SignInit(session: Handle, mechanism: Pkcs11Mechanism, key: Handle): void {
    const entry = this.session(session);
    if (!entry.token.loggedIn) fail('CKR_USER_NOT_LOGGED_IN');
    const hash = hashes.get(mechanism.mechanism);
    if (!hash) fail('CKR_MECHANISM_INVALID');
    const found = this.object(entry, key);
    if (!found.key) fail('CKR_KEY_HANDLE_INVALID');
    entry.signKey = found;
    entry.signHash = hash;
  }

  async C_SignAsync(session: Handle, data: Buffer): Promise<Buffer> {
    const entry = this.session(session);
    const { signKey, signHash } = entry;
    if (!signKey?.key || !signHash) fail('CKR_OPERATION_NOT_INITIALIZED');
    entry.signKey = null;
    entry.signHash = null;
    // A real token signs for a while; pulling it meanwhile must fail the operation cleanly.
    await new Promise((resolve) => setImmediate(resolve));
    if (!entry.token.present || entry.dead) fail('CKR_DEVICE_REMOVED');
    return rsaSign(signHash, data, signKey.key);
  }
}

export { ckrName };
