// Ready-made fake tokens for tests of the token service and the session engine: SAST-style
// certificates from the demo CA, real RSA keys (node:crypto), behind FakePkcs11.
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createDemoCa, issueTokenCertificate } from '../../electron/services/tokens/demo-ca';
import { FakePkcs11 } from './fake-pkcs11';

export interface FakeTokenSet {
  fake: FakePkcs11;
  caDer: Buffer;
  tokens: Array<{ label: string; serial: string; certificateDer: Buffer; privateKey: KeyObject }>;
}

export interface FakeTokenOptions {
  labels?: string[];
  pin?: string;
  /** Wrong PINs until lock (default 3: FINAL_TRY after two). */
  maxTries?: number;
  modulusBits?: number;
}

export async function createFakeTokens(options: FakeTokenOptions = {}): Promise<FakeTokenSet> {
  const ca = await createDemoCa();
  const fake = new FakePkcs11();
  const tokens: FakeTokenSet['tokens'] = [];
  for (const [index, label] of (options.labels ?? ['SAST-1', 'SAST-2']).entries()) {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: options.modulusBits ?? 2048 });
    const jwk = publicKey.export({ format: 'jwk' });
    const subject = `CN=SAST-ADN${(0xf00d0000 + index).toString(16)}, OU=IPCBU, O=Cisco Systems`;
    const issued = await issueTokenCertificate(ca, subject, Buffer.from(jwk.n!, 'base64url'), Buffer.from(jwk.e!, 'base64url'));
    const serial = `fake${String(index + 1).padStart(12, '0')}`;
    fake.insertToken({
      label,
      serial,
      pin: options.pin ?? 'Cisco123',
      maxTries: options.maxTries ?? 3,
      keys: [{ id: Buffer.from([0xa0, index + 1]), certificate: issued.der, privateKey }],
    });
    tokens.push({ label, serial, certificateDer: issued.der, privateKey });
  }
  return { fake, caDer: Buffer.from(ca.certificate.rawData), tokens };
}
