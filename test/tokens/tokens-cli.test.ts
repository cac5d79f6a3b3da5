// `ctl-client tokens …` and `ctl-client build --token …` run as a user would, with the
// environment `tokens init-demo` prints.
import { readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCtl } from '../../shared/ctl';
import { makeIdentity, writeIdentity } from '../helpers/pki';
import { execFileSync, spawn } from 'node:child_process';
import { addTokenWithKey, CLI, createDemoTokens, removeToken, runCtlClient, type DemoTokens } from '../helpers/softhsm';

/** Runs command under `script` (a pseudo-terminal), answering each prompt as it appears. */
function answerOnTerminal(command: string, answers: Array<[string, string]>, env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('script', ['-qfec', command, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    let output = '';
    let next = 0;
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`terminal session timed out; output so far: ${output}`));
    }, 60_000);
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const answer = answers[next];
      if (answer && output.includes(answer[0], output.length - chunk.length - answer[0].length)) {
        next++;
        child.stdin.write(`${answer[1]}\r`);
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      clearTimeout(timer);
      child.stdin.destroy();
      resolve(output);
    });
  });
}

let store: DemoTokens;
let files: { pin: string; wrongPin: string; newPin: string; other: string; known: string };

beforeAll(async () => {
  store = await createDemoTokens();
  // A token holding a key we also have as PEM, to compare --token with --signer byte for byte.
  const known = await makeIdentity({ subject: 'CN=SAST-ADN00c0ffee, OU=IPCBU, O=Cisco Systems' });
  await addTokenWithKey(store, 'KNOWN', known.keyPem, known.der);
  const other = await makeIdentity({ subject: 'CN=SAST-ADN00beef00, OU=IPCBU, O=Cisco Systems' });
  const knownPaths = await writeIdentity(store.dir, 'known', known);
  const otherPaths = await writeIdentity(store.dir, 'other', other);
  files = { pin: join(store.dir, 'pin.txt'), wrongPin: join(store.dir, 'wrong.txt'), newPin: join(store.dir, 'new.txt'), other: otherPaths.cert, known: knownPaths.combined };
  await writeFile(files.pin, 'Cisco123\n');
  await writeFile(files.wrongPin, 'Cisco124\n');
  await writeFile(files.newPin, 'Changed-77\n');
});

afterAll(async () => {
  await store?.cleanup();
});

interface JsonToken {
  slot: string;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  pin: { countLow: boolean; finalTry: boolean; locked: boolean };
  certificates: Array<{ subject: string; issuer: string; serial: string; notAfter: string; hasPrivateKey: boolean }>;
}

describe('ctl-client tokens', () => {
  it('init-demo is idempotent: a second run reuses the store', async () => {
    const again = await runCtlClient(['tokens', 'init-demo', '--dir', store.dir]);
    expect(again.code).toBe(0);
    const parsed = JSON.parse(again.stdout) as typeof store;
    expect(parsed.reused).toBe(true);
    expect(parsed.env).toEqual(store.env);
    expect(parsed.tokens).toEqual(store.tokens);
    expect(await readFile(join(store.dir, 'demo-ca.pem'), 'utf8')).toContain('BEGIN CERTIFICATE');
  });

  it('tokens --json lists label, serial, PIN state and certificates', async () => {
    const result = await runCtlClient(['tokens', '--json'], { env: store.childEnv });
    expect(result.code).toBe(0);
    const tokens = JSON.parse(result.stdout) as JsonToken[];
    expect(tokens.map((t) => t.label).sort()).toEqual(['KNOWN', 'ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);
    const one = tokens.find((t) => t.label === 'SAST-1')!;
    expect(one).toMatchObject({ serial: store.tokens[0]!.serial, manufacturer: 'SoftHSM project', model: 'SoftHSM v2', pin: { countLow: false, finalTry: false, locked: false } });
    expect(one.slot).toMatch(/^\d+$/);
    expect(one.certificates).toEqual([
      expect.objectContaining({ subject: store.tokens[0]!.certificate.subject, issuer: 'CN=Cisco Manufacturing CA (demo);O=Cisco Systems', serial: store.tokens[0]!.certificate.serial, hasPrivateKey: true }),
    ]);
    // One DN rendering: the codec's canonical form, as in the CTL and in inspect.
    expect(one.certificates[0]!.subject).toMatch(/^CN=SAST-ADN[0-9a-f]{8};OU=IPCBU;O=Cisco Systems$/);
    expect(Date.parse(one.certificates[0]!.notAfter)).toBeGreaterThan(Date.now());
  });

  it('tokens (text) names the module and warns that several tokens are inserted', async () => {
    const result = await runCtlClient(['tokens'], { env: store.childEnv });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`PKCS#11 module: SoftHSM 2 (${store.env.CTL_PKCS11_MODULE})`);
    expect(result.stdout).toMatch(/Certificate \[SAST\]: CN=SAST-ADN/);
    expect(result.stderr).toContain('Insert one token at a time');
  });

  it('a module that does not load is reported with its path', async () => {
    const result = await runCtlClient(['tokens', '--module', '/nonexistent/libnothing.so'], { env: store.childEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('/nonexistent/libnothing.so');
    expect(result.stderr).toContain('[module-load-failed]');
  });

  it('change-pin with PIN files and back; a wrong old PIN is reported', async () => {
    const wrong = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-2', '--old-pin-file', files.wrongPin, '--new-pin-file', files.newPin], { env: store.childEnv });
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('Wrong PIN for token "SAST-2"');
    expect(wrong.stderr).toContain('[pin-incorrect]');

    const change = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-2', '--old-pin-file', files.pin, '--new-pin-file', files.newPin], { env: store.childEnv });
    expect(change.code).toBe(0);
    expect(change.stdout).toContain('The PIN of token "SAST-2" was changed.');
    // Back, this time typed on (piped) stdin: old, new, confirmation.
    const back = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-2'], { env: store.childEnv, input: 'Changed-77\nCisco123\nCisco123\n' });
    expect(back.stderr).toBe('');
    expect(back.code).toBe(0);
    const mismatch = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-2'], { env: store.childEnv, input: 'Cisco123\nabcd1234\nabcd9999\n' });
    expect(mismatch.code).toBe(2);
    expect(mismatch.stderr).toContain('[pin-mismatch]');
    for (const output of [wrong, change, back, mismatch]) expect(output.stdout + output.stderr).not.toMatch(/Changed-77|Cisco124/);
  });

  it('a PIN file that is a device or too big fails at once (exit 1), naming the file, never the content', async () => {
    const big = join(store.dir, 'big-pin.txt');
    await writeFile(big, `Cisco123${'9'.repeat(5000)}\n`);
    const device = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-2', '--old-pin-file', '/dev/zero', '--new-pin-file', files.newPin], { env: store.childEnv });
    expect(device.stderr).toBe('ctl-client: Cannot read the PIN file /dev/zero: not a regular file\n');
    expect(device.code).toBe(1);
    const tooBig = await runCtlClient(['build', '--out', join(store.dir, 'never.tlv'), '--token', 'SAST-3', '--pin-file', big], { env: store.childEnv });
    expect(tooBig.stderr).toBe(`ctl-client: Cannot read the PIN file ${big}: larger than the 4 KiB limit\n`);
    expect(tooBig.code).toBe(1);
  });

  it('prompts on a terminal without echoing the PINs', async () => {
    // `script` gives the CLI a pseudo-terminal; each answer is sent once its prompt appears.
    const transcript = await answerOnTerminal(
      `${JSON.stringify(process.execPath)} ${JSON.stringify(CLI)} tokens change-pin --token SAST-1`,
      [['Current PIN of SAST-1:', 'Cisco123'], ['New PIN:', 'Tty-Pin-55'], ['New PIN again:', 'Tty-Pin-55']],
      store.childEnv,
    );
    expect(transcript).toContain('The PIN of token "SAST-1" was changed.');
    expect(transcript).not.toContain('Cisco123');
    expect(transcript).not.toContain('Tty-Pin-55');
    const back = await runCtlClient(['tokens', 'change-pin', '--token', 'SAST-1'], { env: store.childEnv, input: 'Tty-Pin-55\nCisco123\nCisco123\n' });
    expect(back.code).toBe(0);
  });

  it('init-demo recreates a broken store cleanly', async () => {
    const copy = join(store.dir, 'copy');
    const first = await createDemoTokens(copy);
    await removeToken(first, 'SAST-1');
    await rm(join(copy, 'parked'), { recursive: true });
    const again = await runCtlClient(['tokens', 'init-demo', '--dir', copy]);
    expect(again.code).toBe(0);
    const parsed = JSON.parse(again.stdout) as typeof store;
    expect(parsed.reused).toBe(false);
    expect(parsed.tokens.map((t) => t.label)).toEqual(['SAST-1', 'SAST-2', 'SAST-3', 'ROGUE']);
    expect(parsed.tokens[1]!.serial).not.toBe(first.tokens[1]!.serial);
    const listed = await runCtlClient(['tokens', '--json'], { env: { ...process.env, ...parsed.env } });
    expect((JSON.parse(listed.stdout) as JsonToken[]).map((t) => t.label).sort()).toEqual(['ROGUE', 'SAST-1', 'SAST-2', 'SAST-3']);

    // A state file that is a FIFO is not read (it would block forever): the store is rebuilt.
    await rm(join(copy, 'demo-tokens.json'));
    execFileSync('mkfifo', [join(copy, 'demo-tokens.json')]);
    const rebuilt = await runCtlClient(['tokens', 'init-demo', '--dir', copy]);
    expect(rebuilt.code).toBe(0);
    expect((JSON.parse(rebuilt.stdout) as typeof store).reused).toBe(false);
  });
});

describe('ctl-client build --token', () => {
  const out = (name: string) => join(store.dir, name);

  it('builds byte for byte what --signer builds with the same key, and inspect verifies it', async () => {
    const common = ['--entry', `role=SAST,cert=${files.other}`, '--hash', 'sha512', '--timestamp', '1700000000'];
    const byToken = await runCtlClient(['build', '--out', out('token.tlv'), '--token', 'KNOWN', '--pin-file', files.pin, ...common], { env: store.childEnv });
    // The signer is not among the entries: build adds it, with one warning line.
    expect(byToken.stderr).toMatch(/^ctl-client: warning: the signer is not listed among the --entry values[^\n]*\n$/);
    expect(byToken.code).toBe(0);
    const byPem = await runCtlClient(['build', '--out', out('pem.tlv'), '--signer', files.known, ...common], { env: store.childEnv });
    expect(byPem.code).toBe(0);
    const [a, b] = [await readFile(out('token.tlv')), await readFile(out('pem.tlv'))];
    expect(a.length).toBeGreaterThan(1000);
    expect(Buffer.compare(a, b)).toBe(0);

    // The token list and the CTL render the signer's DN the same way.
    const listed = JSON.parse((await runCtlClient(['tokens', '--json'], { env: store.childEnv })).stdout) as JsonToken[];
    const signerSubject = listed.find((t) => t.label === 'KNOWN')!.certificates[0]!.subject;
    expect(signerSubject).toBe('CN=SAST-ADN00c0ffee;OU=IPCBU;O=Cisco Systems');
    expect(decodeCtl(new Uint8Array(a)).signer.subject).toBe(signerSubject);
    const inspect = await runCtlClient(['inspect', out('token.tlv')], { env: store.childEnv });
    expect(inspect.code).toBe(0);
    expect(inspect.stdout).toMatch(/Signature:\s+VALID/);
  });

  it('signs with a demo token, the PIN read from stdin, for each hash', async () => {
    for (const hash of ['sha1', 'sha512']) {
      const file = out(`demo-${hash}.tlv`);
      const result = await runCtlClient(['build', '--out', file, '--token', 'SAST-1', '--entry', `role=SAST,cert=${files.other}`, '--hash', hash], { env: store.childEnv, input: 'Cisco123\n' });
      expect(result.code).toBe(0);
      const ctl = decodeCtl(new Uint8Array(await readFile(file)));
      expect(ctl.hashAlgorithm).toBe(hash);
      expect(ctl.signer.subject).toContain(store.tokens[0]!.certificate.subject.split(',')[0]!.slice(3));
      const inspect = await runCtlClient(['inspect', file]);
      expect(inspect.code).toBe(0);
    }
  });

  it('a wrong PIN fails the build with a typed message and writes nothing', async () => {
    const file = out('never.tlv');
    const result = await runCtlClient(['build', '--out', file, '--token', 'SAST-3', '--pin-file', files.wrongPin, '--entry', `role=SAST,cert=${files.other}`], { env: store.childEnv });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('[pin-incorrect]');
    await expect(readFile(file)).rejects.toMatchObject({ code: 'ENOENT' });
    const missing = await runCtlClient(['build', '--out', file, '--token', 'NOPE', '--pin-file', files.pin], { env: store.childEnv });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('[token-not-found]');
  });
});
