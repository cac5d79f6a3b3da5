// Launches the real Electron app with playwright-core's _electron: first screen, then close.
// Runs only where the Electron binary is installed; here (ELECTRON_SKIP_BINARY_DOWNLOAD) it
// is reported as skipped, with the reason.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './helpers/dev-web';

function electronBinary(): string | null {
  try {
    const path: unknown = createRequire(join(repoRoot, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
if (!binary) console.warn('electron smoke test skipped: the Electron binary is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD); use npm run dev:web to try the app');

describe('Electron app', () => {
  it.skipIf(!binary)('launches, shows the first screen with the preload bridge, and closes', async () => {
    // Node itself runs the build script: spawning `npm` needs a shell on Windows (npm.cmd).
    // The renderer was built by the browser project's global setup (vite's JS API).
    const build = spawnSync(process.execPath, [join(repoRoot, 'scripts', 'build-electron.mjs')], { cwd: repoRoot, encoding: 'utf8' });
    expect(build.status, build.stderr).toBe(0);
    const userData = await mkdtemp(join(tmpdir(), 'ctl-electron-'));
    const app = await _electron.launch({ executablePath: binary!, args: [repoRoot], env: { ...process.env, CTL_USER_DATA_DIR: userData } as Record<string, string> });
    try {
      const window = await app.firstWindow();
      await window.getByRole('heading', { level: 1, name: /Connect to the cluster|クラスタに接続/ }).waitFor({ timeout: 30_000 });
      // The page got the preload's bridge and nothing of Node.
      expect(await window.evaluate('typeof window.ctlClient.session.connect')).toBe('function');
      expect(await window.evaluate("typeof require + ' ' + typeof process")).toBe('undefined undefined');
    } finally {
      await app.close();
      await rm(userData, { recursive: true, force: true });
    }
  });
});
