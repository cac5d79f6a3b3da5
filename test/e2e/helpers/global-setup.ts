// Builds the wizard once for every browser test (dev:web then runs with --no-build).
import { build } from 'vite';
import { fileURLToPath } from 'node:url';

export default async function setup(): Promise<void> {
  const config = fileURLToPath(new URL('../../../renderer/vite.config.ts', import.meta.url));
  await build({ configFile: config, logLevel: 'warn' });
  // Vite's build sets NODE_ENV=production in this process; the preview refuses to start under it.
  delete process.env.NODE_ENV;
}
