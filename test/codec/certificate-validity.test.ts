// The DER walker's validity dates against OpenSSL's (node:crypto X509Certificate) for random
// times in both encodings, the tolerant forms OpenSSL also reads, and bad input: a DerError,
// never another exception and never a date from bytes that are no certificate.
import { X509Certificate } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { certificateValidity, certificateValidityAndKey } from '../../shared/ctl/certificate-validity';
import { DerError, derChildren, derEncode, readDer } from '../../shared/ctl/der';
import { spkiFromCertificate } from '../../shared/ctl/public-key';
import { makeIdentity } from '../helpers/pki';

let template: Uint8Array;

beforeAll(async () => {
  template = (await makeIdentity({ subject: 'CN=validity.test', keyType: 'ec' })).der;
});

const ascii = (text: string) => new Uint8Array([...text].map((c) => c.charCodeAt(0)));

/** The template certificate with its validity replaced by the two encoded times (tag, text). */
function withValidity(from: [number, string], to: [number, string]): Uint8Array {
  const cert = readDer(template, 0);
  const [tbs, algorithm, signature] = derChildren(template, cert);
  const fields = derChildren(template, tbs!);
  const validity = derEncode(0x30, Buffer.concat([derEncode(from[0], ascii(from[1])), derEncode(to[0], ascii(to[1]))]));
  const tbsBody = Buffer.concat(fields.map((f, i) => (i === 4 ? validity : template.subarray(f.offset, f.end))));
  return derEncode(0x30, Buffer.concat([derEncode(0x30, tbsBody), template.subarray(algorithm!.offset, signature!.end)]));
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A DER time (UTCTime before 2050, GeneralizedTime from 2050) for a whole-second instant. */
function derTime(date: Date): [number, string] {
  const y = date.getUTCFullYear();
  const rest = `${pad(date.getUTCMonth() + 1)}${pad(date.getUTCDate())}${pad(date.getUTCHours())}${pad(date.getUTCMinutes())}${pad(date.getUTCSeconds())}Z`;
  return y >= 1950 && y < 2050 ? [0x17, `${pad(y % 100)}${rest}`] : [0x18, `${pad(y, 4)}${rest}`];
}

const instant = fc.date({ min: new Date('1950-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));

describe('certificateValidity', () => {
  it('reads the same dates as OpenSSL for any time in either encoding', () => {
    fc.assert(fc.property(instant, instant, (from, to) => {
      const der = withValidity(derTime(from), derTime(to));
      const openssl = new X509Certificate(der);
      expect(certificateValidity(der)).toEqual({
        notBefore: new Date(openssl.validFrom).toISOString(),
        notAfter: new Date(openssl.validTo).toISOString(),
      });
      expect(certificateValidity(der).notBefore).toBe(from.toISOString());
    }), { numRuns: 300 });
  });

  it('reads the forms older certificates use: no seconds, an offset, a fraction', () => {
    expect(certificateValidity(withValidity([0x17, '0501021504Z'], [0x17, '491231235959+0900'])))
      .toEqual({ notBefore: '2005-01-02T15:04:00.000Z', notAfter: '2049-12-31T14:59:59.000Z' });
    expect(certificateValidity(withValidity([0x17, '500101000000-0130'], [0x18, '20600229120000.250Z'])))
      .toEqual({ notBefore: '1950-01-01T01:30:00.000Z', notAfter: '2060-02-29T12:00:00.000Z' });
  });

  it('refuses impossible times with the field and offset named', () => {
    for (const [from, field] of [
      [[0x17, '250230000000Z'], 'notBefore'], // 30 February
      [[0x17, '210229000000Z'], 'notBefore'], // 2021 is no leap year
      [[0x17, '251301000000Z'], 'notBefore'],
      [[0x17, '250101240000Z'], 'notBefore'],
      [[0x18, '250101000000Z'], 'notBefore'], // GeneralizedTime needs four year digits
      [[0x17, '2501010000Z0'], 'notBefore'],
      [[0x0c, '250101000000Z'], 'notBefore'], // a UTF8String is no time
    ] as Array<[[number, string], string]>) {
      expect(() => certificateValidity(withValidity(from, [0x17, '350101000000Z']))).toThrow(new RegExp(`${field} is not a valid time at offset \\d+`));
    }
    expect(certificateValidity(withValidity([0x17, '240229000000Z'], [0x17, '350101000000Z'])).notBefore).toBe('2024-02-29T00:00:00.000Z');
  });

  it('refuses bytes that are no certificate', () => {
    expect(() => certificateValidity(new Uint8Array([0x30, 0x00]))).toThrow(DerError);
    expect(() => certificateValidity(Buffer.concat([template, new Uint8Array([0])]))).toThrow(/one SEQUENCE/);
    expect(() => certificateValidity(template.subarray(0, template.length - 1))).toThrow(DerError);
  });

  it('gives dates or a DerError for any corruption of a certificate, never another exception', () => {
    fc.assert(fc.property(fc.nat(), fc.integer({ min: 0, max: 255 }), fc.nat(), (at, value, cut) => {
      const bytes = Uint8Array.from(template);
      bytes[at % bytes.length] = value;
      for (const candidate of [bytes, bytes.subarray(0, cut % bytes.length)]) {
        try {
          const { notBefore, notAfter } = certificateValidity(candidate);
          expect(Number.isNaN(Date.parse(notBefore)) || Number.isNaN(Date.parse(notAfter))).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(DerError);
        }
      }
    }), { numRuns: 2000 });
  });

  it('reads the key in the same walk: the SubjectPublicKeyInfo OpenSSL exports, or null when the field is no SEQUENCE', () => {
    const both = certificateValidityAndKey(template);
    expect(both).toMatchObject(certificateValidity(template));
    expect(Buffer.from(both.spki!)).toEqual(new X509Certificate(template).publicKey.export({ type: 'spki', format: 'der' }));
    expect(both.spki).toEqual(spkiFromCertificate(template));
    const tbs = derChildren(template, readDer(template, 0))[0]!;
    const spki = derChildren(template, tbs)[6]!; // after the [0] version
    const broken = Uint8Array.from(template);
    broken[spki.offset] = 0x04; // the same length as an OCTET STRING
    expect(certificateValidityAndKey(broken).spki).toBeNull();
  });
});
