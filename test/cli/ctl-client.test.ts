// ctl-client build / inspect, run as a user would (node bin/ctl-client.cjs) on real files.
import { X509Certificate } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCtl, recordFromCertificate, signerFromCertificate } from '../../shared/ctl';
import { derChildren, readDer } from '../../shared/ctl/der';
import { sha256Hex } from '../../shared/node/hash';
import { makeIdentity, webCryptoSigner, writeIdentity, type TestIdentity } from '../helpers/pki';
import { runCli } from './run-cli';
import { inspectFile } from '../../electron/app/inspect';

let dir: string;
let sast: TestIdentity;
let sast2: TestIdentity;
let cucm: TestIdentity;
let capf: TestIdentity;
const paths: Record<string, { cert: string; key: string; combined: string }> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-cli-'));
  sast = await makeIdentity({ subject: 'CN=SAST-ADN0001, O=Example', modulusBits: 2048 });
  sast2 = await makeIdentity({ subject: 'CN=SAST-ADN0002, O=Example', modulusBits: 2048 });
  cucm = await makeIdentity({ subject: 'CN=cucm1.example.com, O=Example', issuer: sast, modulusBits: 1024 });
  capf = await makeIdentity({ subject: 'CN=CAPF-1, O=Example', keyType: 'ec', issuer: sast });
  for (const [name, id] of Object.entries({ sast, sast2, cucm, capf })) paths[name] = await writeIdentity(dir, name, id);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const p = (name: string) => paths[name] as { cert: string; key: string; combined: string };

describe('ctl-client build + inspect', () => {
  it('builds a CTL that inspect verifies, with the documented JSON', async () => {
    const out = join(dir, 'CTLFile.tlv');
    const build = await runCli([
      'build', '--out', out, '--signer', p('sast').combined, '--hash', 'sha512', '--timestamp', '1700000000',
      '--entry', `role=SAST,cert=${p('sast2').cert}`,
      '--entry', `role=CCM+TFTP,cert=${p('cucm').cert},dns=cucm1.example.com,ip=10.0.0.11`,
      '--entry', `role=CAPF,cert=${p('capf').cert},dns=cucm1.example.com`,
    ]);
    // The signer is not among the entries: build adds it and says so.
    expect(build.stderr).toBe('ctl-client: warning: the signer is not listed among the --entry values; it was added as a SAST entry (phones trust the next CTL only if it is signed by a SAST listed here)\n');
    expect(build.code).toBe(0);
    expect(build.stdout).toMatch(/4 records \(2 SAST\)/);
    // Atomic write leaves no temporary files behind.
    expect((await readdir(dir)).filter((f) => f.includes('.tmp'))).toEqual([]);

    const inspect = await runCli(['inspect', out, '--json']);
    expect(inspect.code).toBe(0);
    const report = JSON.parse(inspect.stdout) as Record<string, unknown> & { records: Record<string, unknown>[] };
    expect(report).toMatchObject({
      version: '1.2', filename: 'CTLFile.tlv', timestamp: '2023-11-14T22:13:20.000Z', hashAlgorithm: 'sha512',
      signer: { subject: 'CN=SAST-ADN0001;O=Example', issuer: 'CN=SAST-ADN0001;O=Example', serial: sast.certificate.serialNumber.replace(/^(00)+/, '') },
      signatureValid: true,
    });
    expect((report.headerLength as number) % 4).toBe(0);
    expect(report.records.map((r) => [r.role, r.dnsName, r.ipAddress])).toEqual([
      ['SAST', '', null],
      ['SAST', '', null],
      ['CCM+TFTP', 'cucm1.example.com', '10.0.0.11'],
      ['CAPF', 'cucm1.example.com', null],
    ]);
    expect(report.records[2]).toMatchObject({
      subject: 'CN=cucm1.example.com;O=Example',
      issuer: 'CN=SAST-ADN0001;O=Example',
      notAfter: cucm.certificate.notAfter.toISOString(),
      certificateSha256: sha256Hex(cucm.der),
    });

    const text = await runCli(['inspect', out]);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('Signature:  VALID');
    expect(text.stdout).toContain('[2] CCM+TFTP');
    expect(text.stdout).toContain((sha256Hex(capf.der)).toUpperCase().match(/../g)?.join(':'));

    // One inspection: the app's inspector shows the serials as the terminal prints them.
    const app = await inspectFile('CTLFile.tlv', new Uint8Array(await readFile(out)));
    const printed = [...text.stdout.matchAll(/^ {2}Serial: +(\S+)$/gm)].map((m) => m[1]);
    expect(printed).toEqual(app.entries.map((e) => e.serialHex));
    expect(text.stdout).toContain(`  serial:   ${app.signer.serialHex}\n`);
    expect(app.signer.serialHex).toBe((report.signer as { serial: string }).serial.toUpperCase());
  });

  it('does not add the signer twice when an entry lists it', async () => {
    const out = join(dir, 'listed.tlv');
    const build = await runCli(['build', '--out', out, '--signer', p('sast').combined, '--entry', `role=SAST,cert=${p('sast').cert}`, '--entry', `role=SAST,cert=${p('sast2').cert}`]);
    expect(build.code).toBe(0);
    const report = JSON.parse((await runCli(['inspect', out, '--json'])).stdout) as { records: unknown[]; hashAlgorithm: string };
    expect(report.records).toHaveLength(2);
    expect(report.hashAlgorithm).toBe('sha1'); // the default
  });

  it('refuses an unreadable certificate, naming the file, and writes nothing', async () => {
    const out = join(dir, 'refused.tlv');
    const missing = join(dir, 'no-such.pem');
    const garbage = join(dir, 'garbage.pem');
    await writeFile(garbage, '-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n');
    for (const cert of [missing, garbage]) {
      const r = await runCli(['build', '--out', out, '--signer', p('sast').combined, '--entry', `role=CCM,cert=${cert}`]);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(cert);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('refuses a signer whose key does not belong to its certificate', async () => {
    const mismatched = join(dir, 'mismatched.pem');
    await writeFile(mismatched, sast.certPem + sast2.keyPem);
    const out = join(dir, 'mismatch.tlv');
    const r = await runCli(['build', '--out', out, '--signer', mismatched]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ctl-client: signer .*mismatched\.pem: the private key does not belong to the certificate\n$/);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('rejects bad arguments with exit 1 and usage', async () => {
    const noOut = await runCli(['build', '--signer', p('sast').combined]);
    expect(noOut.code).toBe(1);
    expect(noOut.stderr).toMatch(/--out <file> is required[\s\S]*Usage: ctl-client build/);
    const badRole = await runCli(['build', '--out', join(dir, 'x.tlv'), '--signer', p('sast').combined, '--entry', `role=FOO,cert=${p('cucm').cert}`]);
    expect(badRole.code).toBe(1);
    expect(badRole.stderr).toMatch(/role must be one of/);
  });
});

describe('ctl-client inspect exit codes', () => {
  it('0 for a correctly signed CTL holding a record of a role the codec does not know, shown as "unknown (5)"', async () => {
    const srst = { ...recordFromCertificate('CCM', cucm.der, { dnsName: 'srst-gw', ipAddress: '10.1.2.3' }), role: 'unknown (5)' as const };
    const bytes = await encodeCtl(
      { signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1, records: [recordFromCertificate('SAST', sast.der), srst] },
      webCryptoSigner(sast.keys),
    );
    const file = join(dir, 'srst.tlv');
    await writeFile(file, bytes);
    const r = await runCli(['inspect', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { records: { role: string; dnsName?: string }[] };
    expect(report.records.map((x) => x.role)).toEqual(['SAST', 'unknown (5)']);
    expect((await runCli(['inspect', file])).stdout).toMatch(/unknown \(5\)/);
  });

  it('0 with a note per record whose certificate cannot be read: no SubjectPublicKeyInfo, or no certificate at all', async () => {
    // cucm's certificate with its SubjectPublicKeyInfo tag turned into an OCTET STRING (same length).
    const noKey = Uint8Array.from(cucm.der);
    const tbs = derChildren(noKey, readDer(noKey, 0))[0]!;
    noKey[derChildren(noKey, tbs)[6]!.offset] = 0x04;
    const garbage = Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00);
    const records = [
      recordFromCertificate('SAST', sast.der),
      { ...recordFromCertificate('CCM', cucm.der, { dnsName: 'cucm-a', ipAddress: '10.0.0.1' }), certificate: noKey },
      { ...recordFromCertificate('TFTP', cucm.der, { dnsName: 'tftp-b', ipAddress: '10.0.0.2' }), certificate: garbage },
    ];
    const bytes = await encodeCtl({ signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1, records }, webCryptoSigner(sast.keys));
    const file = join(dir, 'unreadable-certificates.tlv');
    await writeFile(file, bytes);
    const r = await runCli(['inspect', file, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { records: { notAfter: string | null; certificateSha256: string; certificateError?: string }[] };
    const [signer, keyless, broken] = report.records;
    expect(signer).toMatchObject({ notAfter: new Date(new X509Certificate(sast.der).validTo).toISOString() });
    expect(signer!.certificateError).toBeUndefined();
    expect(keyless).toMatchObject({ notAfter: null, certificateSha256: sha256Hex(noKey), certificateError: 'unsupported public key: certificate has no SubjectPublicKeyInfo' });
    expect(broken).toMatchObject({ notAfter: null, certificateSha256: sha256Hex(garbage) });
    expect(broken!.certificateError).toMatch(/^not a certificate/);
    expect((await runCli(['inspect', file])).stdout).toContain('Note:       certificate not parseable: unsupported public key: certificate has no SubjectPublicKeyInfo');
  });

  it('build refuses --hash sha256 (exit 4) and --strict turns warnings into exit 4 without writing', async () => {
    const out = join(dir, 'strict.tlv');
    const sha256 = await runCli(['build', '--out', out, '--signer', p('sast').combined, '--hash', 'sha256']);
    expect(sha256.code).toBe(4);
    expect(sha256.stderr).toMatch(/sha256 is refused: phones verify a CTL signed with SHA-1 or SHA-512 only/);
    const strict = await runCli(['build', '--out', out, '--signer', p('sast').combined, '--strict']);
    expect(strict.code).toBe(4);
    expect(strict.stderr).toMatch(/warning: the signer is not listed among the --entry values/);
    expect(strict.stderr).toMatch(/warning: fewer than two SAST entries/);
    expect(await readdir(dir)).not.toContain('strict.tlv');
    const loose = await runCli(['build', '--out', out, '--signer', p('sast').combined, '--hash', 'sha512']);
    expect(loose.code, loose.stderr).toBe(0);
    expect(loose.stderr).toMatch(/warning: fewer than two SAST entries/);
  });

  it('2 and one stderr line for a malformed file; 1 for a missing file', async () => {
    const good = await encodeCtl(
      { signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1, records: [recordFromCertificate('SAST', sast.der)] },
      webCryptoSigner(sast.keys),
    );
    const file = join(dir, 'broken.tlv');
    const truncated = good.subarray(0, good.length - 3);
    await writeFile(file, truncated);
    const r = await runCli(['inspect', file]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^ctl-client: not a well-formed CTL: offset (\d+) \(0x([0-9a-f]+)\): record 0 length \d+ runs past the end of the file/);
    const [, dec, hexOff] = /offset (\d+) \(0x([0-9a-f]+)\)/.exec(lines[0] as string) ?? [];
    expect(Number(dec)).toBe(parseInt(hexOff as string, 16));

    const missing = await runCli(['inspect', join(dir, 'nope.tlv')]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/cannot read .*nope\.tlv: ENOENT/);
  });

  it('3 for a bad signature and for a signer with no SAST record', async () => {
    const signer = signerFromCertificate(sast.der);
    const records = [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM', cucm.der, { dnsName: 'cucm1' })];
    const good = await encodeCtl({ signer, hashAlgorithm: 'sha512', modulusBits: 2048, timestamp: 1, records }, webCryptoSigner(sast.keys));
    const tampered = good.slice();
    tampered[tampered.length - 10] = (tampered[tampered.length - 10] as number) ^ 0xff; // inside the CCM certificate
    await writeFile(join(dir, 'tampered.tlv'), tampered);
    const t = await runCli(['inspect', join(dir, 'tampered.tlv'), '--json']);
    expect(t.code).toBe(3);
    expect(JSON.parse(t.stdout)).toMatchObject({ signatureValid: false, verification: { status: 'invalid-signature' } });

    const orphan = await encodeCtl({ signer, hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1, records: records.slice(1) }, webCryptoSigner(sast.keys));
    await writeFile(join(dir, 'orphan.tlv'), orphan);
    const o = await runCli(['inspect', join(dir, 'orphan.tlv')]);
    expect(o.code).toBe(3);
    expect(o.stdout).toContain('NO MATCHING SAST');
  });

  it('reads an ITL file (TVS, APP-SERVER, tags 11, 12, 28)', async () => {
    const itl = await encodeCtl(
      {
        signer: signerFromCertificate(sast.der), hashAlgorithm: 'sha1', modulusBits: 2048, timestamp: 1, filename: 'ITLFile.tlv',
        signerVersion: { major: 1, minor: 0 },
        records: [
          { ...recordFromCertificate('SAST', sast.der), certificateHash: new Uint8Array(20).fill(1), recordHashAlgorithm: 1 },
          { ...recordFromCertificate('TVS', cucm.der, { dnsName: 'cucm1' }), certificateHash: new Uint8Array(20).fill(2), recordHashAlgorithm: 1 },
          recordFromCertificate('APP-SERVER', cucm.der, { dnsName: 'cucm1' }),
        ],
      },
      webCryptoSigner(sast.keys),
    );
    await writeFile(join(dir, 'ITLFile.tlv'), itl);
    const r = await runCli(['inspect', join(dir, 'ITLFile.tlv'), '--json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout) as { filename: string; records: { role: string }[] };
    expect(report.filename).toBe('ITLFile.tlv');
    expect(report.records.map((x) => x.role)).toEqual(['SAST', 'TVS', 'APP-SERVER']);
  });
});

describe('ctl-client dispatcher', () => {
  it('--help lists the commands; an unknown command is a usage error', async () => {
    const help = await runCli(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/inspect[\s\S]*build/);
    const unknown = await runCli(['frobnicate']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/unknown command "frobnicate"[\s\S]*Usage: ctl-client <command>/);
    const inspectHelp = await runCli(['inspect', '--help']);
    expect(inspectHelp.code).toBe(0);
    expect(inspectHelp.stdout).toMatch(/Exit codes/);
  });
});
