// PIN guard and lockout paths (COUNT_LOW, FINAL_TRY, LOCKED) against the fake PKCS#11
// layer: SoftHSM never locks a PIN. The fake counts wrong PINs like a real token.
import { generateKeyPairSync, verify, X509Certificate } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createDemoCa, issueTokenCertificate } from '../../electron/services/tokens/demo-ca';
import { FakePkcs11 } from '../doubles/fake-pkcs11';
import { createFakeTokens, type FakeTokenSet } from '../doubles/fake-tokens';
import { TokenService } from '../../electron/services/tokens/token-service';

let set: FakeTokenSet;
let service: TokenService;

beforeEach(async () => {
  set = await createFakeTokens({ labels: ['SAST-1', 'SAST-2'], maxTries: 3 });
  service = await TokenService.start({ module: set.fake.loadedModule(), countCalls: true });
});

afterEach(async () => {
  await service.close();
});

async function pinOf(label: string) {
  return (await service.find(label)).pin;
}

describe('PIN guard', () => {
  it('reports COUNT_LOW, then FINAL_TRY after wrong PINs, and resets on the right PIN', async () => {
    const first = await service.login('SAST-1', 'bad').catch((e: unknown) => e);
    expect(first).toMatchObject({ code: 'pin-incorrect', pin: { countLow: true, finalTry: false, locked: false } });
    expect(String((first as Error).message)).toContain('few tries remain');
    const second = await service.login('SAST-1', 'bad').catch((e: unknown) => e);
    expect(second).toMatchObject({ code: 'pin-incorrect', pin: { finalTry: true, locked: false } });
    expect(String((second as Error).message)).toContain('One more wrong PIN will lock the token');
    expect(await pinOf('SAST-1')).toMatchObject({ finalTry: true });
    // The right PIN, confirmed, clears the counter.
    await service.login('SAST-1', 'Cisco123', { confirmFinalTry: true });
    expect(await pinOf('SAST-1')).toMatchObject({ countLow: false, finalTry: false, locked: false });
  });

  it('refuses to try on FINAL_TRY without confirmation and sends no C_Login', async () => {
    set.fake.setWrongPinCount(set.tokens[0]!.serial, 2);
    await service.resetCallCounts();
    const error = await service.login('SAST-1', 'Cisco123').catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'final-try-needs-confirmation', pin: { finalTry: true } });
    expect(String((error as Error).message)).toContain('Cisco123');
    expect((await service.callCounts()).C_Login ?? 0).toBe(0);
    // Confirmed and right: logs in.
    await expect(service.login('SAST-1', 'Cisco123', { confirmFinalTry: true })).resolves.toEqual({ loggedInNow: true });
    expect((await service.callCounts()).C_Login).toBe(1);
  });

  it('a confirmed wrong PIN on the final try locks the token; a locked token is never retried', async () => {
    set.fake.setWrongPinCount(set.tokens[0]!.serial, 2);
    const error = await service.login('SAST-1', 'bad', { confirmFinalTry: true }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'pin-locked', ckr: 'CKR_PIN_INCORRECT', pin: { locked: true } });
    expect(String((error as Error).message)).toContain('locked');
    expect(await pinOf('SAST-1')).toMatchObject({ locked: true });

    await service.resetCallCounts();
    for (const options of [{}, { confirmFinalTry: true }]) {
      await expect(service.login('SAST-1', 'Cisco123', options)).rejects.toMatchObject({ code: 'pin-locked' });
    }
    await expect(service.changePin('SAST-1', 'Cisco123', 'NewPin-1', 'NewPin-1')).rejects.toMatchObject({ code: 'pin-locked' });
    const counts = await service.callCounts();
    expect(counts.C_Login ?? 0).toBe(0);
    expect(counts.C_SetPIN ?? 0).toBe(0);
    // The other token is unaffected.
    await expect(service.login('SAST-2', 'Cisco123')).resolves.toEqual({ loggedInNow: true });
  });

  it('guards C_SetPIN the same way and changes the PIN with the right old PIN', async () => {
    await expect(service.changePin('SAST-2', 'bad', 'NewPin-1', 'NewPin-1')).rejects.toMatchObject({ code: 'pin-incorrect', pin: { countLow: true } });
    await expect(service.changePin('SAST-2', 'bad', 'NewPin-1', 'NewPin-1')).rejects.toMatchObject({ pin: { finalTry: true } });
    await expect(service.changePin('SAST-2', 'Cisco123', 'NewPin-1', 'NewPin-1')).rejects.toMatchObject({ code: 'final-try-needs-confirmation' });
    await service.changePin('SAST-2', 'Cisco123', 'NewPin-1', 'NewPin-1', { confirmFinalTry: true });
    expect(set.fake.currentPin(set.tokens[1]!.serial)).toBe('NewPin-1');
    expect(await pinOf('SAST-2')).toMatchObject({ countLow: false, finalTry: false });
  });
});

describe('signing and removal with the fake layer', () => {
  it('one C_Login per token per session, one C_Sign per signature, and the signature verifies', async () => {
    await service.resetCallCounts();
    await service.login('SAST-1', 'Cisco123');
    await service.login('SAST-1', 'Cisco123');
    await service.login('SAST-2', 'Cisco123');
    const data = Buffer.from('to be signed');
    const signature = await service.signer('SAST-2')(data, 'sha512');
    const cert = new X509Certificate(set.tokens[1]!.certificateDer);
    expect(verify('sha512', data, cert.publicKey, signature)).toBe(true);
    const counts = await service.callCounts();
    expect(counts.C_Login).toBe(2);
    expect(counts.C_Sign).toBe(1);
    await service.release('SAST-1');
    await service.release('SAST-2');
    expect((await service.callCounts()).C_Logout).toBe(2);
    expect(await service.openTokens()).toEqual([]);
  });

  it('a token pulled and re-inserted between rescans needs a new login, which then works', async () => {
    await service.login('SAST-2', 'Cisco123');
    set.fake.removeToken(set.tokens[1]!.serial);
    set.fake.insertToken({ label: 'SAST-2', serial: set.tokens[1]!.serial, pin: 'Cisco123' });
    await expect(service.signer('SAST-2')(Buffer.from('x'), 'sha1')).rejects.toMatchObject({ code: 'session-invalid', ckr: 'CKR_SESSION_HANDLE_INVALID' });
    expect(await service.openTokens()).toEqual([]);
    await service.resetCallCounts();
    await expect(service.login('SAST-2', 'Cisco123')).resolves.toEqual({ loggedInNow: true });
    expect((await service.callCounts()).C_Login).toBe(1);
    const signature = await service.signer('SAST-2')(Buffer.from('x'), 'sha1');
    expect(verify('sha1', Buffer.from('x'), new X509Certificate(set.tokens[1]!.certificateDer).publicKey, signature)).toBe(true);
  });

  it('fails cleanly when the token is removed while signing, and reports the removal', async () => {
    const events: string[] = [];
    service.on((event) => events.push(`${event.type}:${event.type === 'token-removed' ? event.label : ''}`));
    await service.login('SAST-1', 'Cisco123');
    const pending = service.signer('SAST-1')(Buffer.from('data'), 'sha256');
    // Pull the token while the signature is in flight (C_SignInit done, C_Sign pending).
    set.fake.removeToken(set.tokens[0]!.serial);
    await expect(pending).rejects.toMatchObject({ code: 'device-removed', ckr: 'CKR_DEVICE_REMOVED' });
    expect(await service.openTokens()).toEqual([]);
    await service.rescan();
    expect(events).toContain('token-removed:SAST-1');
    await expect(service.login('SAST-1', 'Cisco123')).rejects.toMatchObject({ code: 'token-not-found' });
    set.fake.insertToken({ label: 'SAST-1', serial: set.tokens[0]!.serial, pin: 'Cisco123' });
    await service.rescan();
    expect(events).toContain('token-inserted:');
    await expect(service.login('SAST-1', 'Cisco123')).resolves.toEqual({ loggedInNow: true });
  });

  it('re-initializes only when idle by default; "always" re-initializes and ends the logins still open', async () => {
    await service.login('SAST-1', 'Cisco123');
    await service.resetCallCounts();
    await service.rescan();
    expect((await service.callCounts()).C_Initialize ?? 0).toBe(0);
    expect((await service.list()).find((t) => t.label === 'SAST-1')?.loggedIn).toBe(true);

    await service.rescan({ reinitialize: 'always' });
    const counts = await service.callCounts();
    expect(counts.C_Finalize).toBe(1);
    expect(counts.C_Initialize).toBe(1);
    expect(await service.openTokens()).toEqual([]);
    const tokens = await service.list();
    expect(tokens.map((t) => [t.label, t.loggedIn])).toEqual([['SAST-1', false], ['SAST-2', false]]);
    // The token is still there and logs in again with its PIN.
    await expect(service.login('SAST-1', 'Cisco123')).resolves.toEqual({ loggedInNow: true });
  });

});

describe('several certificates on one token', () => {
  async function keyPair(ca: Awaited<ReturnType<typeof createDemoCa>>, cn: string, id: number) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const jwk = publicKey.export({ format: 'jwk' });
    const issued = await issueTokenCertificate(ca, `CN=${cn}, O=Cisco Systems`, Buffer.from(jwk.n!, 'base64url'), Buffer.from(jwk.e!, 'base64url'));
    return { id: Buffer.from([id]), certificate: issued.der, privateKey };
  }

  it('prefers the certificate whose CN starts with SAST, else makes the caller choose', async () => {
    const ca = await createDemoCa();
    const fake = new FakePkcs11([
      { label: 'MIXED', serial: 'm1', pin: 'Cisco123', keys: [await keyPair(ca, 'VPN user', 1), await keyPair(ca, 'SAST-ADN00aa', 2)] },
      { label: 'PLAIN', serial: 'p1', pin: 'Cisco123', keys: [await keyPair(ca, 'VPN user', 3), await keyPair(ca, 'Mail user', 4)] },
    ]);
    const local = await TokenService.start({ module: fake.loadedModule() });
    try {
      const mixed = await local.find('MIXED');
      expect(mixed.certificates).toHaveLength(2);
      expect(mixed.certificates[mixed.sastCertificate!]!.subjectCn).toBe('SAST-ADN00aa');
      await local.login('MIXED', 'Cisco123');
      const data = Buffer.from('tbs');
      const signature = await local.signer('MIXED')(data, 'sha256');
      const sast = new X509Certificate(Buffer.from(mixed.certificates[mixed.sastCertificate!]!.der, 'base64'));
      expect(verify('sha256', data, sast.publicKey, signature)).toBe(true);

      const plain = await local.find('PLAIN');
      expect(plain.sastCertificate).toBeNull();
      await expect(local.sastCertificate('PLAIN')).rejects.toMatchObject({ code: 'certificate-ambiguous' });
      await local.login('PLAIN', 'Cisco123');
      await expect(local.signer('PLAIN')(data, 'sha256')).rejects.toMatchObject({ code: 'certificate-ambiguous' });
      const chosen = plain.certificates.find((c) => c.subjectCn === 'Mail user')!;
      const byChoice = await local.signer('PLAIN', { id: chosen.id })(data, 'sha256');
      expect(verify('sha256', data, new X509Certificate(Buffer.from(chosen.der, 'base64')).publicKey, byChoice)).toBe(true);
      await expect(local.signer('PLAIN', { sha256: '00'.repeat(32) })(data, 'sha256')).rejects.toMatchObject({ code: 'certificate-not-found' });
    } finally {
      await local.close();
    }
  });
});
