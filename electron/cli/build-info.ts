// What `--version` says: the version, and which code runs: the esbuild bundle
// (scripts/build-cli.mjs defines __CTL_BUILD__) or the TypeScript sources through tsx
// (bin/ falls back to them when there is no bundle or it is older than the sources).
// Shared by ctl-client and ctl-provider (provider/cli/main.ts imports it from here).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

declare const __CTL_BUILD__: { version: string; builtAt: string } | undefined;

export function versionLine(program: string): string {
  if (typeof __CTL_BUILD__ !== 'undefined') {
    return `${program} ${__CTL_BUILD__.version} (bundle in ${dirname(fileURLToPath(import.meta.url))}, built ${__CTL_BUILD__.builtAt})`;
  }
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return `${program} ${pkg.version} (TypeScript sources through tsx; \`npm run build:cli\` makes the faster bundle)`;
}
