// A proof per cluster node signs with the same token key many times: after the first
// signature of a login session, each one is C_SignInit + C_Sign only (the key handle is kept),
// every signature verifies, and a new login session looks the key up again. Real SoftHSM.
import { X509Certificate, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TokenService } from '../../electron/services/tokens/token-service';
import { TokenServicePort } from '../../electron/session/adapters/tokens';
import { startDemoTokenService, stopDemoTokenService, DEMO_PIN, type DemoTokens } from '../helpers/softhsm';

let store: DemoTokens;
let service: TokenService;

beforeAll(async () => { ({ store, service } = await startDemoTokenService({ countCalls: true })); });
afterAll(() => stopDemoTokenService(store, service));

describe('token signatures for possession proofs', () => {
  it('signs many messages with one key lookup per login session, each signature valid', async () => {
    const port = new TokenServicePort(service);
    const token = (await port.list()).find((t) => t.label === 'SAST-2')!;
    const cert = token.certificates[token.sastCertificate!]!;
    const publicKey = new X509Certificate(Buffer.from(cert.der, 'base64')).publicKey;
    await port.login(token.serial, DEMO_PIN, { confirmFinalTry: false });
    const message = (i: number) => new TextEncoder().encode(`proof message ${i}`);
    await port.sign(token.serial, cert.sha256, message(0), 'sha256');
    await service.resetCallCounts();
    const signatures = await Promise.all([1, 2, 3, 4, 5].map((i) => port.sign(token.serial, cert.sha256, message(i), 'sha256')));
    const counts = await service.callCounts();
    expect(counts['C_Sign']).toBe(5);
    expect(counts['C_SignInit']).toBe(5);
    expect(counts['C_FindObjectsInit'] ?? 0).toBe(0);
    signatures.forEach((sig, i) => expect(verify('sha256', message(i + 1), publicKey, sig)).toBe(true));
    // A new login session finds the key again (handles belong to the session they were found in).
    await port.release(token.serial);
    await port.login(token.serial, DEMO_PIN, { confirmFinalTry: false });
    await service.resetCallCounts();
    const again = await port.sign(token.serial, cert.sha256, message(6), 'sha512');
    expect((await service.callCounts())['C_FindObjectsInit'] ?? 0).toBeGreaterThan(0);
    expect(verify('sha512', message(6), publicKey, again)).toBe(true);
    await port.release(token.serial);
    await expect(port.sign(token.serial, cert.sha256, message(7), 'sha256')).rejects.toMatchObject({ code: 'not-logged-in' });
  });
});
