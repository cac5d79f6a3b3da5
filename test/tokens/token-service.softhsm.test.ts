// TokenService against real SoftHSM tokens made by `ctl-client tokens init-demo`.
import { X509Certificate, verify } from 'node:crypto';
import { threadId } from 'node:worker_threads';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCtl, recordFromCertificate, signerFromCertificate, verifyCtl } from '../../shared/ctl';
import type { HashAlgorithm } from '../../shared/ctl/model';
import type { TokenEvent, TokenInfo } from '../../shared/tokens/types';
import { TokenError } from '../../electron/services/tokens/errors';
import { TokenService } from '../../electron/services/tokens/token-service';
import { startDemoTokenService, stopDemoTokenService, DEMO_PIN, removeToken, type DemoTokens } from '../helpers/softhsm';

let store: DemoTokens;
let service: TokenService;

beforeAll(async () => { ({ store, service } = await startDemoTokenService({ countCalls: true })); });
afterAll(() => stopDemoTokenService(store, service));

function der(token: TokenInfo): Buffer {
  return Buffer.from(token.certificates[token.sastCertificate!]!.der, 'base64');
}

describe('TokenService with SoftHSM demo tokens', () => {
  it('uses the module init-demo named and lists the four initialized tokens', async () => {
    expect(service.module.path).toBe(store.env.CTL_PKCS11_MODULE);
    expect(service.module.source).toBe('env');
    // The module lives in a worker thread, not on this (main) thread.
    expect(service.module.threadId).not.toBe(threadId);
    expect(service.module.threadId).toBeGreaterThan(0);
    const tokens = await service.list();
    expect(tokens.map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);
    for (const token of tokens) {
      expect(token.serial).toBe(store.tokens.find((t) => t.label === token.label)!.serial);
      expect(token.manufacturer).toBe('SoftHSM project');
      expect(token.model).toBe('SoftHSM v2');
      expect(token.label).toBe(token.label.trim());
      expect(token.pin).toMatchObject({ locked: false, finalTry: false });
      expect(token.loggedIn).toBe(false);
    }
  });

  it('finds each token certificate, its key pair, and recognises it as the SAST certificate', async () => {
    for (const token of await service.list()) {
      expect(token.certificates).toHaveLength(1);
      const cert = token.certificates[0]!;
      const expected = store.tokens.find((t) => t.label === token.label)!.certificate;
      expect(cert.sha256).toBe(expected.sha256);
      // The codec's canonical DN, the same text the CTL records and inspect show.
      expect(cert.subject).toMatch(/^CN=SAST-ADN[0-9a-f]{8};OU=IPCBU;O=Cisco Systems$/);
      expect(cert.subject).toBe(signerFromCertificate(new Uint8Array(Buffer.from(cert.der, 'base64'))).subject);
      expect(cert.issuer).toBe('CN=Cisco Manufacturing CA (demo);O=Cisco Systems');
      expect(cert.serial).toBe(expected.serial);
      expect(new Date(cert.notAfter).getTime()).toBeGreaterThan(Date.now());
      expect(cert.hasPrivateKey).toBe(true);
      expect(token.sastCertificate).toBe(0);
    }
    const serials = new Set((await service.list()).map((t) => t.certificates[0]!.serial));
    expect(serials.size).toBe(4);
  });

  it('signs with RSA PKCS#1 v1.5 for every hash after one login', async () => {
    const token = await service.find('SAST-1');
    const cert = new X509Certificate(der(token));
    await service.resetCallCounts();
    expect(await service.login('SAST-1', DEMO_PIN)).toEqual({ loggedInNow: true });
    expect(await service.login('SAST-1', DEMO_PIN)).toEqual({ loggedInNow: false });
    const data = new TextEncoder().encode('bytes the CTL signature covers');
    const sign = service.signer('SAST-1');
    for (const hash of ['sha1', 'sha256', 'sha512'] as HashAlgorithm[]) {
      const signature = await sign(data, hash);
      expect(signature).toHaveLength(256);
      expect(verify(hash, data, cert.publicKey, signature)).toBe(true);
      expect(verify(hash, Buffer.from('other bytes'), cert.publicKey, signature)).toBe(false);
    }
    const counts = await service.callCounts();
    expect(counts.C_Login).toBe(1);
    expect(counts.C_Sign).toBe(3);
    await service.release('SAST-1');
    expect(await service.openTokens()).toEqual([]);
  });

  it('builds a CTL with one C_Login and one C_Sign, and the CTL verifies', async () => {
    const [one, two] = [await service.find('SAST-1'), await service.find('SAST-2')];
    await service.resetCallCounts();
    await service.login('SAST-1', DEMO_PIN);
    const bytes = await encodeCtl(
      {
        signer: signerFromCertificate(der(one)),
        hashAlgorithm: 'sha1',
        modulusBits: 2048,
        timestamp: 1_700_000_000,
        records: [recordFromCertificate('SAST', der(one)), recordFromCertificate('SAST', der(two))],
      },
      service.signer('SAST-1'),
    );
    const check = await verifyCtl(bytes);
    expect(check.signatureValid).toBe(true);
    expect(check.signerIndex).toBe(0);
    const counts = await service.callCounts();
    expect(counts.C_Login).toBe(1);
    expect(counts.C_Sign).toBe(1);
    await service.release('SAST-1');
  });

  it('refuses to sign before login', async () => {
    await expect(service.signer('SAST-2')(new Uint8Array([1]), 'sha256')).rejects.toMatchObject({ code: 'not-logged-in' });
  });

  it('reports a wrong PIN as pin-incorrect with the token state, and logs in afterwards', async () => {
    const error = await service.login('SAST-2', 'wrong-pin').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'pin-incorrect', ckr: 'CKR_PIN_INCORRECT' });
    expect((error as TokenError).message).toContain('Wrong PIN for token "SAST-2"');
    expect((error as TokenError).message).toContain('Cisco123');
    expect((error as TokenError).pin).toBeDefined();
    expect(await service.openTokens()).toEqual([]);
    await expect(service.login('SAST-2', DEMO_PIN)).resolves.toEqual({ loggedInNow: true });
    await service.release('SAST-2');
  });

  it('changes the PIN and back; wrong old PIN, length and mismatch are reported', async () => {
    await expect(service.changePin('SAST-3', DEMO_PIN, 'NewPin-42', 'NewPin-43')).rejects.toMatchObject({ code: 'pin-mismatch' });
    await expect(service.changePin('SAST-3', DEMO_PIN, 'ab', 'ab')).rejects.toMatchObject({ code: 'pin-len-range' });
    await expect(service.changePin('SAST-3', 'not-the-pin', 'NewPin-42', 'NewPin-42')).rejects.toMatchObject({ code: 'pin-incorrect' });
    await service.changePin('SAST-3', DEMO_PIN, 'NewPin-42', 'NewPin-42');
    await expect(service.login('SAST-3', DEMO_PIN)).rejects.toMatchObject({ code: 'pin-incorrect' });
    await expect(service.login('SAST-3', 'NewPin-42')).resolves.toEqual({ loggedInNow: true });
    await service.release('SAST-3');
    await service.changePin('SAST-3', 'NewPin-42', DEMO_PIN, DEMO_PIN);
    await expect(service.login('SAST-3', DEMO_PIN)).resolves.toEqual({ loggedInNow: true });
    await service.release('SAST-3');
  });

  it('names unknown tokens clearly', async () => {
    await expect(service.login('NO-SUCH-TOKEN', DEMO_PIN)).rejects.toMatchObject({ code: 'token-not-found' });
  });

  it('sees a token removed and inserted again (re-initializing the module) and warns about several tokens', async () => {
    const events: TokenEvent[] = [];
    const off = service.on((event) => events.push(event));
    const reinsert = await removeToken(store, 'SAST-2');
    let tokens = await service.rescan();
    expect(tokens.map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-3']);
    expect(events.filter((e) => e.type === 'token-removed')).toEqual([{ type: 'token-removed', serial: store.tokens[1]!.serial, label: 'SAST-2' }]);
    expect(events.some((e) => e.type === 'several-tokens')).toBe(true);
    events.length = 0;
    await expect(service.login('SAST-2', DEMO_PIN)).rejects.toMatchObject({ code: 'token-not-found' });

    await reinsert();
    tokens = await service.rescan();
    expect(tokens.map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);
    const inserted = events.filter((e) => e.type === 'token-inserted');
    expect(inserted).toHaveLength(1);
    expect(inserted[0]).toMatchObject({ token: { label: 'SAST-2', serial: store.tokens[1]!.serial } });
    const several = events.find((e) => e.type === 'several-tokens');
    expect(several).toMatchObject({ message: expect.stringContaining('one token at a time') });
    await expect(service.login('SAST-2', DEMO_PIN)).resolves.toEqual({ loggedInNow: true });

    // No change, no events.
    events.length = 0;
    await service.rescan();
    expect(events).toEqual([]);
    off();
    await service.release('SAST-2');
  });

  it('allows one real token service per process', async () => {
    await expect(TokenService.start()).rejects.toMatchObject({ code: 'function-failed' });
  });
});
