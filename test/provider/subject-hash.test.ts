// The CAPF PEM copy's `.0` name is OpenSSL's subject hash: checked against the real
// `openssl x509 -subject_hash` for the demo CAPF certificate, certificates OpenSSL itself
// made (mixed case, extra spaces, multi-valued RDNs, UTF-8, PrintableString/T61/BMP),
// hand-built names of every string type, and random names (fast-check).
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import fc from 'fast-check';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { readFile, readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { demoIdentity, demoSubject } from '../../provider/demo/certs';
import {
  capfPemName, certificateSubjectDer, opensslNameHash, opensslSubjectHash, NameHashError,
} from '../../shared/provider-protocol';
import { derChildren, derEncode, readDer } from '../../shared/ctl/der';
import { concatBytes } from '../../shared/ctl/bytes';
import * as x509 from '../../shared/ctl/x509';
import { admin, makeTempDir, startTestProvider, type TestProvider } from './fixtures';

let dir: string;
let capf: Uint8Array;

/** The reference: OpenSSL's own answer, or null when it cannot read the certificate. */
function openssl(der: Uint8Array): string | null {
  const r = spawnSync('openssl', ['x509', '-inform', 'DER', '-noout', '-subject_hash'], { input: der, encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Certificate made by `openssl req` (EC key: fast), returned as DER. */
function opensslCert(subject: string, extra: string[] = [], config?: string): Uint8Array {
  const out = path.join(dir, `req-${Math.random().toString(16).slice(2)}.der`);
  const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', '/dev/null',
    '-days', '1', '-subj', subject, '-outform', 'DER', '-out', out, ...extra, ...(config ? ['-config', config] : [])];
  const r = spawnSync('openssl', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`openssl req failed: ${r.stderr}`);
  return new Uint8Array(readFileSync(out));
}

/** The template certificate with its subject replaced (the signature no longer matches; -subject_hash does not check it). */
function withSubject(cert: Uint8Array, subject: Uint8Array): Uint8Array {
  const outer = readDer(cert, 0);
  const [tbs, ...rest] = derChildren(cert, outer);
  const fields = derChildren(cert, tbs!);
  const at = (fields[0]?.tag === 0xa0 ? 1 : 0) + 4;
  const parts = fields.map((f, i) => (i === at ? subject : cert.subarray(f.offset, f.end)));
  return derEncode(0x30, concatBytes(derEncode(0x30, concatBytes(...parts)), ...rest.map((n) => cert.subarray(n.offset, n.end))));
}

const OIDS = { C: '550406', O: '55040a', OU: '55040b', CN: '550403', L: '550407', serial: '550405', email: '2a864886f70d010901' };
type Attr = [oidHex: string, tag: number, value: Uint8Array];
const enc = (s: string) => new TextEncoder().encode(s);
const latin1 = (s: string) => Uint8Array.from([...s].map((c) => c.charCodeAt(0)));
const bmp = (s: string) => Uint8Array.from([...s].flatMap((c) => [c.charCodeAt(0) >> 8, c.charCodeAt(0) & 0xff]));
const universal = (s: string) => Uint8Array.from([...s].flatMap((c) => { const p = c.codePointAt(0)!; return [p >>> 24, (p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff]; }));

function nameDer(rdns: Attr[][]): Uint8Array {
  return derEncode(0x30, concatBytes(...rdns.map((rdn) => derEncode(0x31, concatBytes(...rdn.map(([oid, tag, value]) =>
    derEncode(0x30, concatBytes(derEncode(0x06, Uint8Array.from(Buffer.from(oid, 'hex'))), derEncode(tag, value)))))))));
}

beforeAll(async () => {
  dir = await makeTempDir('subjhash');
  capf = (await demoIdentity(dir, 'capf', demoSubject({ cn: 'CAPF-cucm-1', ou: 'CAPF', o: 'CTL Demo', c: 'JP' }), 1024)).der;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OpenSSL subject hash', () => {
  it('matches openssl for the demo CAPF certificate, and names its PEM copy <hash>.0', async () => {
    const expected = openssl(capf);
    expect(expected).toMatch(/^[0-9a-f]{8}$/);
    expect(await opensslSubjectHash(capf)).toBe(expected);
    expect(await capfPemName(capf)).toBe(`${expected}.0`);
  });

  it('matches openssl for certificates openssl made: case, spaces, multi-valued RDNs, UTF-8, other string types', async () => {
    const config = path.join(dir, 'default-mask.cnf');
    await writeFile(config, '[req]\ndistinguished_name = dn\nstring_mask = default\nprompt = no\n[dn]\n');
    const certs = [
      opensslCert('/C=US/O=Example/OU=UC/CN=cucm1.example.com'),
      opensslCert('/C=JP/O=  Mixed   CASE Org  /OU=Voice\tTeam/CN=CUCM-Pub.Example.COM/emailAddress=Admin@Example.COM'),
      opensslCert('/C=US/O=Acme/OU=UC+CN=Node   ONE+L=Tokyo', ['-multivalue-rdn']),
      opensslCert('/C=JP/O=日本 テスト  会社/CN=ＣＵＣＭ  Ｐｕｂ', ['-utf8']),
      opensslCert('/C=FR/O=Société  Générale/CN=Été   CAPF/OU=日本', ['-utf8'], config), // PrintableString, T61String, BMPString
      opensslCert('/CN=  lone  cn  '),
    ];
    for (const der of certs) {
      const expected = openssl(der);
      expect(expected).toMatch(/^[0-9a-f]{8}$/);
      expect(await opensslSubjectHash(der)).toBe(expected);
    }
    // Case and whitespace are canonicalized away, as in OpenSSL: these two names hash alike.
    expect(await opensslSubjectHash(certs[5]!)).toBe(await opensslSubjectHash(opensslCert('/CN=LONE CN')));
  });

  it('matches openssl for hand-built names of every string type, unsorted multi-valued RDNs and the empty name', async () => {
    const names: Attr[][][] = [
      [],
      [[[OIDS.C, 0x13, enc('JP')]], [[OIDS.O, 0x14, latin1('  Ünï\t\tCÖDE  ')]], [[OIDS.CN, 0x1e, bmp(' BMP  Name\u00c9\u65e5 ')]]],
      [[[OIDS.CN, 0x1c, universal('Univ\u{1F600}  ERSAL')]], [[OIDS.email, 0x16, enc('\r\nMix@Case.ORG\v')], [OIDS.OU, 0x13, enc('Two')]]],
      // NumericString is not canonicalized by OpenSSL: hashed as it is, spaces included.
      [[[OIDS.serial, 0x12, enc('0012  34 ')]], [[OIDS.CN, 0x0c, enc('x')]]],
      // Multi-valued RDN whose attributes are not in DER order: OpenSSL sorts them.
      [[[OIDS.OU, 0x0c, enc('Zed')], [OIDS.CN, 0x0c, enc('alpha')], [OIDS.C, 0x13, enc('US')]]],
      [[[OIDS.CN, 0x0c, enc('   ')]]],
    ];
    for (const rdns of names) {
      const cert = withSubject(capf, nameDer(rdns));
      const expected = openssl(cert);
      expect(expected).toMatch(/^[0-9a-f]{8}$/);
      expect(await opensslSubjectHash(cert)).toBe(expected);
      expect(await opensslNameHash(certificateSubjectDer(cert))).toBe(expected);
    }
  });

  it('property: random names hash as openssl hashes them', async () => {
    const chars = fc.constantFrom('a', 'B', 'z', 'Q', '0', ' ', '  ', '\t', '\n', '-', '.', 'é', 'Ü', '日');
    const text = fc.array(chars, { minLength: 0, maxLength: 12 }).map((a) => a.join(''));
    const attr = fc.record({
      oid: fc.constantFrom(...Object.values(OIDS)),
      kind: fc.constantFrom('utf8', 'printable', 't61', 'ia5', 'bmp', 'universal'),
      value: text,
    }).map(({ oid, kind, value }): Attr => {
      const ascii = value.replace(/[^\x20-\x7e\t\n]/g, 'x');
      switch (kind) {
        case 'utf8': return [oid, 0x0c, enc(value)];
        case 'printable': return [oid, 0x13, enc(ascii)];
        case 't61': return [oid, 0x14, latin1(value.replace(/日/g, 'y'))];
        case 'ia5': return [oid, 0x16, enc(ascii)];
        case 'bmp': return [oid, 0x1e, bmp(value)];
        default: return [oid, 0x1c, universal(value)];
      }
    });
    const name = fc.array(fc.array(attr, { minLength: 1, maxLength: 3 }), { minLength: 0, maxLength: 4 });
    await fc.assert(fc.asyncProperty(name, async (rdns) => {
      const cert = withSubject(capf, nameDer(rdns));
      expect(await opensslSubjectHash(cert)).toBe(openssl(cert));
    }), { numRuns: 40 });
  });

  it('refuses what OpenSSL refuses (invalid UTF-8, odd BMPString, VisibleString, OCTET STRING) and malformed DER, with NameHashError', async () => {
    const refused: Attr[][][] = [
      [[[OIDS.CN, 0x0c, Uint8Array.from([0x41, 0xff, 0x42])]]],
      [[[OIDS.CN, 0x1e, Uint8Array.from([0, 0x41, 0])]]],
      [[[OIDS.CN, 0x1e, Uint8Array.from([0xd8, 0x3d, 0xde, 0x00])]]], // a surrogate pair: BMPString has none
      [[[OIDS.OU, 0x1a, enc('Visible')]]],
      [[[OIDS.CN, 0x04, enc('Octets')]]],
    ];
    for (const bad of refused) {
      const cert = withSubject(capf, nameDer(bad));
      expect(openssl(cert)).toBeNull();
      await expect(opensslSubjectHash(cert)).rejects.toBeInstanceOf(NameHashError);
    }
    await expect(opensslNameHash(Uint8Array.from([0x30, 0x05, 0x31]))).rejects.toBeInstanceOf(NameHashError);
    await expect(opensslSubjectHash(Uint8Array.from([0x02, 0x01, 0x00]))).rejects.toBeInstanceOf(NameHashError);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 64 }), async (junk) => {
      // Any input either hashes or fails with NameHashError: never another exception, never a hang.
      await opensslNameHash(junk).catch((err: unknown) => expect(err).toBeInstanceOf(NameHashError));
    }), { numRuns: 300 });
  });

  it('names built with @peculiar/x509 in CN-first DER order hash like openssl too (order matters)', async () => {
    const cnFirst = new Uint8Array(new x509.Name([{ CN: ['CAPF-cucm-1'] }, { OU: ['CAPF'] }, { O: ['CTL Demo'] }, { C: ['JP'] }]).toArrayBuffer());
    const cert = withSubject(capf, cnFirst);
    expect(await opensslSubjectHash(cert)).toBe(openssl(cert));
    expect(await opensslSubjectHash(cert)).not.toBe(await opensslSubjectHash(capf));
  });
});

describe('putCapf default name', () => {
  let p: TestProvider;
  beforeAll(async () => { p = await startTestProvider(); });
  afterAll(async () => { await p.stop(); });

  it('writes the PEM copy as <openssl subject hash>.0 when no name is given', async () => {
    const s = await admin(p);
    await s.lock();
    const cert = (await s.getCertificates()).find((c) => c.role === 'CAPF')!.der;
    const expected = `${openssl(cert)}.0`;
    const put = await s.putCapf(cert);
    await s.close();
    expect(put.files).toEqual(['capf.cer', expected]);
    expect((await readdir(p.config.tftpRoot)).sort()).toEqual(['capf.cer', expected].sort());
    const pem = await readFile(path.join(p.config.tftpRoot, expected), 'utf8');
    // The PEM copy is the same certificate, as openssl reads it.
    expect(spawnSync('openssl', ['x509', '-noout', '-subject_hash'], { input: pem, encoding: 'utf8' }).stdout.trim()).toBe(expected.slice(0, -2));
  });
});
