// The subset of PKCS#11 the token service uses, named and shaped like pkcs11js so the real
// binding satisfies it directly. The test double (test/doubles/fake-pkcs11.ts) implements the same
// interface for lockout tests, and call-counter.ts wraps either one to count calls.

export type Handle = Buffer;

export interface Pkcs11Attribute {
  type: number;
  value?: number | boolean | string | Buffer;
}

export interface Pkcs11TokenInfo {
  label: string;
  manufacturerID: string;
  model: string;
  serialNumber: string;
  flags: number;
  minPinLen: number;
  maxPinLen: number;
}

export interface Pkcs11SlotInfo {
  slotDescription: string;
  manufacturerID: string;
  flags: number;
}

export interface Pkcs11ModuleInfo {
  manufacturerID: string;
  libraryDescription: string;
}

export interface Pkcs11Mechanism {
  mechanism: number;
  parameter?: Buffer;
}

export interface Pkcs11KeyPair {
  privateKey: Handle;
  publicKey: Handle;
}

export interface Pkcs11Api {
  C_Initialize(): void;
  C_Finalize(): void;
  C_GetInfo(): Pkcs11ModuleInfo;
  C_GetSlotList(tokenPresent?: boolean): Handle[];
  C_GetSlotInfo(slot: Handle): Pkcs11SlotInfo;
  C_GetTokenInfo(slot: Handle): Pkcs11TokenInfo;
  C_OpenSession(slot: Handle, flags: number): Handle;
  C_CloseSession(session: Handle): void;
  C_Login(session: Handle, userType: number, pin?: string): void;
  C_Logout(session: Handle): void;
  C_SetPIN(session: Handle, oldPin: string, newPin: string): void;
  C_FindObjectsInit(session: Handle, template: Pkcs11Attribute[]): void;
  C_FindObjects(session: Handle, maxObjectCount: number): Handle[];
  C_FindObjectsFinal(session: Handle): void;
  C_GetAttributeValue(session: Handle, object: Handle, template: Pkcs11Attribute[]): Pkcs11Attribute[];
  C_CreateObject(session: Handle, template: Pkcs11Attribute[]): Handle;
  C_DestroyObject(session: Handle, object: Handle): void;
  C_GenerateKeyPair(session: Handle, mechanism: Pkcs11Mechanism, publicTemplate: Pkcs11Attribute[], privateTemplate: Pkcs11Attribute[]): Pkcs11KeyPair;
  C_SignInit(session: Handle, mechanism: Pkcs11Mechanism, key: Handle): void;
  /** Runs off the calling thread inside the native binding (pkcs11js C_SignAsync). */
  C_SignAsync(session: Handle, data: Buffer, out: Buffer): Promise<Buffer>;
}

/** A loaded module: the API plus where it came from (named in the log). */
export interface LoadedModule {
  api: Pkcs11Api;
  path: string;
  /** Human name from the discovery table or the module's own description. */
  name: string;
  /** Unloads the library (after C_Finalize). */
  close(): void;
}

/** Finds all objects matching a template (Init/Find/Final in one call, bounded). */
export function findAll(api: Pkcs11Api, session: Handle, template: Pkcs11Attribute[]): Handle[] {
  api.C_FindObjectsInit(session, template);
  try {
    const found: Handle[] = [];
    // Bounded: a token holds a handful of objects; 64 batches of 32 is far beyond any eToken.
    for (let round = 0; round < 64; round++) {
      const batch = api.C_FindObjects(session, 32);
      found.push(...batch);
      if (batch.length < 32) break;
    }
    return found;
  } finally {
    api.C_FindObjectsFinal(session);
  }
}

export function attributeBuffer(attrs: Pkcs11Attribute[], type: number): Buffer | null {
  const value = attrs.find((a) => a.type === type)?.value;
  return Buffer.isBuffer(value) ? value : null;
}
