// `ctl-client tokens | head`: a reader that closes before the output is written must not
// crash the CLI with an EPIPE stack trace; the command ends quietly with its own exit code.
// Runs the real entry points with their stdout pipe closed on our side before they write.
import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { initDemoTokens } from '../../electron/services/tokens/demo-tokens';
import { REPO_ROOT } from './run-cli';

const bin = (name: string) => fileURLToPath(new URL(`../../bin/${name}.cjs`, import.meta.url));

/** Spawns the CLI and closes the read end of its stdout at once (before tsx has even loaded). */
function runWithClosedStdout(name: string, args: string[], env: NodeJS.ProcessEnv = {}, stdin = ''): Promise<{ code: number | null; signal: string | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin(name), ...args], { cwd: REPO_ROOT, env: { ...process.env, ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdout.destroy();
    child.stdin.end(stdin);
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.on('error', (e) => { clearTimeout(timer); reject(e); });
    child.on('close', (code, signal) => { clearTimeout(timer); resolve({ code, signal, stderr }); });
  });
}

let dir: string;
let tokenEnv: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ctl-stdout-closed-'));
  tokenEnv = (await initDemoTokens(path.join(dir, 'tokens'))).env;
});
afterAll(async () => { await rm(dir, { recursive: true, force: true }); });

describe('a closed stdout', () => {
  it('ends `ctl-client tokens` quietly with exit code 0', async () => {
    const r = await runWithClosedStdout('ctl-client', ['tokens'], tokenEnv);
    expect(r.stderr).not.toMatch(/EPIPE|Unhandled|\n\s+at /);
    expect(r).toMatchObject({ code: 0, signal: null });
  }, 40_000);

  it('ends `ctl-client --help` quietly with exit code 0', async () => {
    const r = await runWithClosedStdout('ctl-client', ['--help']);
    expect(r).toEqual({ code: 0, signal: null, stderr: '' });
  }, 40_000);

  it('keeps the exit code of a failing command (its error still reaches stderr)', async () => {
    const r = await runWithClosedStdout('ctl-client', ['inspect', path.join(dir, 'missing.tlv')]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/^ctl-client: /);
    expect(r.stderr).not.toMatch(/EPIPE/);
  }, 40_000);

  it('ends `ctl-provider hash-password` quietly with exit code 0', async () => {
    const r = await runWithClosedStdout('ctl-provider', ['hash-password'], {}, 'a password\n');
    expect(r).toEqual({ code: 0, signal: null, stderr: '' });
  }, 40_000);
});
