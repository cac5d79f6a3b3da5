// The encoder refuses models it cannot write exactly, with a CtlEncodeError naming the field.
import { describe, expect, it } from 'vitest';
import { CtlEncodeError, encodeCtl, type CtlDraft, type CtlRecord } from '../../shared/ctl';
import { FAKE_SIGNATURE } from './golden-bytes';

const record: CtlRecord = {
  role: 'CCM', dnsName: 'cm', subject: 'CN=cm', issuer: 'CN=CA', serial: Uint8Array.of(1),
  publicKey: null, signature: null, certificate: null, ipAddress: null,
};
const draft: CtlDraft = {
  signer: { subject: 'CN=S', issuer: 'CN=CA', serial: Uint8Array.of(1) },
  hashAlgorithm: 'sha1', modulusBits: 512, timestamp: 0, records: [record],
};

async function encodeError(d: CtlDraft): Promise<CtlEncodeError> {
  try {
    await encodeCtl(d, async () => FAKE_SIGNATURE);
  } catch (e) {
    if (e instanceof CtlEncodeError) return e;
    throw e;
  }
  throw new Error('encoded without error');
}

describe('encoder refusals', () => {
  const cases: [string, CtlDraft, string, RegExp][] = [
    ['IP that is not dotted IPv4', { ...draft, records: [{ ...record, ipAddress: '10.0.0.256' }] }, 'records[0].ipAddress', /not a dotted IPv4/],
    ['NUL inside a string', { ...draft, records: [{ ...record, dnsName: 'a\0b' }] }, 'records[0].dnsName', /NUL/],
    ['empty serial', { ...draft, signer: { ...draft.signer, serial: new Uint8Array() } }, 'signer.serial', /empty/],
    ['timestamp out of u32', { ...draft, timestamp: 2 ** 32 }, 'timestamp', /2\^32/],
    ['fractional timestamp', { ...draft, timestamp: 1.5 }, 'timestamp', /integer/],
    ['unknown role, even an Object.prototype name', { ...draft, records: [{ ...record, role: 'toString' as 'CCM' }] }, 'records[0].role', /unknown role/],
    ['unknown hash', { ...draft, hashAlgorithm: 'constructor' as 'sha1' }, 'hashAlgorithm', /must be sha1 or sha512/],
    ['unknown modulus', { ...draft, modulusBits: 3072 as 2048 }, 'modulusBits', /512, 1024, 2048, 4096/],
    ['field over 65535 bytes', { ...draft, records: [{ ...record, certificate: new Uint8Array(70_000) }] }, 'records[0].certificate', /16-bit/],
    ['record over 65535 bytes', { ...draft, records: [{ ...record, certificate: new Uint8Array(40_000), publicKey: new Uint8Array(30_000) }] }, 'records[0]', /exceeds 65535/],
    ['version part over 255', { ...draft, version: { major: 256, minor: 0 } }, 'version', /0-255/],
  ];
  it.each(cases)('%s', async (_name, d, field, reason) => {
    const error = await encodeError(d);
    expect(error.field).toBe(field);
    expect(error.reason).toMatch(reason);
  });
});
