// Builds the wizard once for every browser test: the app's build (dist/renderer, served with a
// fake preload bridge and measured by the bundle budget) and the web preview's build
// (dist/renderer-preview, served by dev:web, which then runs with --no-build).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';
import { WEB_PREVIEW_MODE } from '../../../shared/ipc/dev-bridge';

export default async function setup(): Promise<void> {
  const config = fileURLToPath(new URL('../../../renderer/vite.config.ts', import.meta.url));
  await build({ configFile: config, logLevel: 'warn' });
  await build({ configFile: config, mode: WEB_PREVIEW_MODE, logLevel: 'warn' });
  // Vite's build sets NODE_ENV=production in this process; the preview refuses to start under it.
  delete process.env.NODE_ENV;
}
