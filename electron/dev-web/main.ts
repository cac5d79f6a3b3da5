// `npm run dev:web`: builds the wizard, starts the web preview and prints its loopback URL.
//   --dir <folder>   data folder (default: a fresh temporary folder)
//   --port <n>       loopback port (default: a free one)
//   --no-build       serve the existing preview build (dist/renderer-preview)
//   --json           print one JSON line with the URL and demo details (tests)
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { WEB_PREVIEW_MODE } from '../../shared/ipc/dev-bridge';
import { assertDevelopment, startDevWeb } from './dev-web';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const { values } = parseArgs({
  options: {
    dir: { type: 'string' },
    port: { type: 'string' },
    'no-build': { type: 'boolean', default: false },
    json: { type: 'boolean', default: false },
  },
});
const say = (line: string) => process.stderr.write(`${line}\n`);

assertDevelopment();
if (!values['no-build']) {
  say('Building the wizard (vite, web preview mode)…');
  const { build } = await import('vite');
  // The preview's own build: the app's (dist/renderer) holds no HTTP bridge and no demo panel.
  await build({ configFile: join(repoRoot, 'renderer', 'vite.config.ts'), mode: WEB_PREVIEW_MODE, logLevel: 'warn' });
}
const dir = values.dir ? resolve(values.dir) : await mkdtemp(join(tmpdir(), 'ctl-dev-web-'));
const version = (JSON.parse(await readFile(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const port = values.port === undefined ? undefined : Number(values.port);
const web = await startDevWeb({ repoRoot, dir, version, log: say, ...(port === undefined ? {} : { port }) });
const first = web.cluster.nodes.find((n) => n.firstNode)!;

if (values.json) {
  process.stdout.write(
    `${JSON.stringify({
      url: web.url,
      origin: web.origin,
      dir: web.dir,
      userDataDir: web.userDataDir,
      reportsDir: web.reportsDir,
      admin: web.cluster.admin,
      nodes: web.cluster.nodes,
      altTftp: web.cluster.altTftp,
      firewalls: web.cluster.firewalls,
      tokens: web.tokens,
    })}\n`,
  );
} else {
  say('');
  say('CTL Client web preview (development only; loopback only)');
  say(`  Open:          ${web.url}`);
  say(`  First node:    ${first.host}  port ${first.port}`);
  say(`  User:          ${web.cluster.admin.username}   password: ${web.cluster.admin.password}  (this demo run only)`);
  say(`  Demo tokens:   ${web.tokens.map((t) => t.label).join(', ')} — PIN Cisco123; insert them with the "Demo tokens" panel`);
  say(`  Data folder:   ${web.dir}`);
  say('Press Ctrl+C to stop.');
}

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (stopping) return;
    stopping = true;
    void web.close().finally(() => process.exit(0));
  });
}
