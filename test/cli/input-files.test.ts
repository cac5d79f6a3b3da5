// Every file a user names on the ctl-client command line is read bounded: a device, a FIFO
// or a huge file fails at once with the file and the limit named, exit 1 (never a hang or
// unbounded memory). Also the messages review asked for: EC signer, bad --timestamp,
// random bytes given to inspect.
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeIdentity, writeIdentity } from '../helpers/pki';
import { runCli } from './run-cli';

let dir: string;
let fifo: string;
let big: string;
let sast: { cert: string; key: string; combined: string };
let ecSigner: { cert: string; key: string; combined: string };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-input-'));
  fifo = join(dir, 'fifo');
  execFileSync('mkfifo', [fifo]);
  big = join(dir, 'big.tlv');
  await writeFile(big, new Uint8Array(4 * 1024 * 1024 + 1));
  sast = await writeIdentity(dir, 'sast', await makeIdentity({ subject: 'CN=SAST-1, O=Example', modulusBits: 2048 }));
  ecSigner = await writeIdentity(dir, 'ec', await makeIdentity({ subject: 'CN=EC-1, O=Example', keyType: 'ec' }));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Exit code 1 and exactly one stderr line matching `line`, well before the timeout. */
async function refused(args: string[], line: RegExp | string): Promise<void> {
  const r = await runCli(args, { timeoutMs: 15_000 });
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  if (typeof line === 'string') expect(lines[0]).toBe(line);
  else expect(lines[0]).toMatch(line);
  expect(r.code).toBe(1);
}

describe('bounded reads of user-named files', () => {
  it('inspect refuses /dev/zero, a FIFO and a file over 4 MiB', async () => {
    await refused(['inspect', '/dev/zero'], 'ctl-client: cannot read /dev/zero: not a regular file');
    await refused(['inspect', fifo], `ctl-client: cannot read ${fifo}: not a regular file`);
    await refused(['inspect', big], `ctl-client: cannot read ${big}: larger than the 4 MiB limit`);
  });

  it('build refuses a device or FIFO as certificate or signer, and writes nothing', async () => {
    const out = join(dir, 'out.tlv');
    await refused(['build', '--out', out, '--signer', sast.combined, '--entry', 'role=CCM,cert=/dev/zero'],
      'ctl-client: entry 1: cannot read certificate /dev/zero: not a regular file');
    await refused(['build', '--out', out, '--signer', sast.combined, '--entry', `role=CCM,cert=${big}`],
      `ctl-client: entry 1: cannot read certificate ${big}: larger than the 4 MiB limit`);
    await refused(['build', '--out', out, '--signer', fifo], `ctl-client: signer ${fifo}: cannot read (not a regular file)`);
    await expect(readFile(out)).rejects.toThrow(/ENOENT/);
  });

  it('cluster refuses a password file that is a device, without echoing content', async () => {
    await refused(['cluster', '--server', '127.0.0.1:1', '--user', 'u', '--password-file', '/dev/zero'],
      'ctl-client: cannot read the password file /dev/zero: not a regular file');
    const secret = join(dir, 'long-password');
    await writeFile(secret, `TOPSECRET${'x'.repeat(5000)}`);
    const r = await runCli(['cluster', '--server', '127.0.0.1:1', '--user', 'u', '--password-file', secret]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`ctl-client: cannot read the password file ${secret}: larger than the 4 KiB limit\n`);
  });
});

describe('specific messages', () => {
  it('an EC signer key is named with its file', async () => {
    await refused(['build', '--out', join(dir, 'ec.tlv'), '--signer', ecSigner.combined],
      `ctl-client: signer ${ecSigner.combined}: the private key is EC; a CTL signer needs an RSA key`);
  });

  it('--timestamp must be seconds since 1970 within 32 bits', async () => {
    const message = 'ctl-client: --timestamp must be a whole number of seconds since 1970, 0 to 4294967295';
    for (const value of ['-5', '1.5', 'soon', '4294967296']) {
      await refused(['build', '--out', join(dir, 't.tlv'), '--signer', sast.combined, '--timestamp', value], message);
    }
    await refused(['build', '--out', join(dir, 't.tlv'), '--signer', sast.combined, '--timestamp=-5'], message);
  });

  it('random bytes: inspect says the file does not start with VERSION', async () => {
    const random = join(dir, 'random.bin');
    await writeFile(random, Uint8Array.from([223, 0x24, 0x93, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    const r = await runCli(['inspect', random]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('ctl-client: not a well-formed CTL: offset 0 (0x0): file starts with tag 223, not VERSION (tag 1)\n');
  });
});
