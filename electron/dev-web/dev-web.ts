// The web preview (`npm run dev:web`): the real token service over demo SoftHSM tokens, the
// real session engine against a demo cluster of CTL Providers on loopback, the app core, and
// the loopback HTTP bridge serving the built wizard. Development only: it refuses to run in a
// packaged app or with NODE_ENV=production.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { WEB_PREVIEW_DIST } from '../../shared/ipc/dev-bridge';
import { startDemoCluster } from '../../provider/demo/cluster';
import type { DemoCluster } from '../../provider/demo/cluster';
import { createAppCore } from '../app/core';
import type { AppCore } from '../app/core';
import { createServices } from '../app/services';
import type { Services } from '../app/services';
import { SettingsStore } from '../app/settings-store';
import { openAppTrustStore } from '../app/trust-store';
import { createDemoTokenStore } from './demo-tokens';
import { startDevServer } from './server';
import type { DevServer } from './server';
import { TokenBay } from './token-bay';

export interface DevWebOptions {
  repoRoot: string;
  /** Data folder: demo tokens, demo cluster, user data (settings), saved reports. */
  dir: string;
  port?: number;
  version: string;
  log?: (line: string) => void;
}

export interface DevWeb {
  url: string;
  origin: string;
  dir: string;
  userDataDir: string;
  reportsDir: string;
  cluster: DemoCluster;
  tokens: { serial: string; label: string }[];
  close(): Promise<void>;
}

/** Refuses to run inside Electron (a packaged app) or when NODE_ENV says production. */
export function assertDevelopment(env: NodeJS.ProcessEnv = process.env): void {
  if (env.NODE_ENV === 'production' || 'electron' in process.versions) {
    throw new Error('The web preview is a development tool; it does not run in production or inside Electron.');
  }
}

const insertSchema = z.strictObject({ serial: z.string().min(1).max(64), inserted: z.boolean() });

export async function startDevWeb(options: DevWebOptions): Promise<DevWeb> {
  // Vite's build sets NODE_ENV=production in this process, so only the Electron check applies here;
  // the command line checks NODE_ENV before it builds.
  assertDevelopment({});
  const log = options.log ?? (() => undefined);
  const userDataDir = join(options.dir, 'user-data');
  const reportsDir = join(options.dir, 'reports');
  await mkdir(userDataDir, { recursive: true });
  await mkdir(reportsDir, { recursive: true });

  log('Creating demo tokens (SoftHSM)…');
  const store = await createDemoTokenStore(options.repoRoot, join(options.dir, 'hsm'));
  const bay = await TokenBay.open(store.tokendir, store.tokens);
  log('Starting the demo cluster (3 nodes, 1 alternate TFTP server, 1 firewall)…');
  const cluster = await startDemoCluster({ dir: join(options.dir, 'cluster'), nodes: 3, altTftp: 1, firewalls: 1, basePort: 0 });

  let services: Services | null = null;
  let core: AppCore | null = null;
  let server: DevServer | undefined;
  try {
    const trustStore = await openAppTrustStore(userDataDir, true);
    const settings = await SettingsStore.open(userDataDir);
    services = await createServices({
      trustStore,
      settingsModulePath: null,
      modulePath: store.env.CTL_PKCS11_MODULE,
      // Demo providers listen on free loopback ports. The engine contacts firewalls and alternate
      // TFTP servers listed in the current CTL (carried entries) on these, not on 2444.
      engine: { firewallPort: cluster.firewalls[0]!.port, alternateTftpPort: cluster.altTftp[0]!.port },
      hotplug: false,
    });
    const tokenService = services.tokenService;
    if (!tokenService) throw new Error('The demo token service did not start (SoftHSM module).');
    core = await createAppCore({
      settings,
      trustStore,
      about: { name: 'CTL Client', version: options.version, electron: null, chrome: null, node: process.versions.node, platform: `${process.platform}-${process.arch}`, devPreview: true, firewallPort: cluster.firewalls[0]!.port },
      host: {
        pickFileToInspect: async () => 'unsupported',
        chooseReportPath: async (defaultName) => join(reportsDir, defaultName),
        // The demo tokens' module is set by the preview itself; a page cannot choose a library.
        pickPkcs11Module: async () => 'unsupported',
        confirmPkcs11Module: async () => false,
        // No Save dialog in the browser: exports go to the preview's folder, named as offered.
        chooseCertificatePath: async (defaultName) => join(reportsDir, defaultName),
        // A browser page cannot open a file manager: the window shows the folder instead.
        showInFolder: async () => false,
      },
      tokens: services.tokens,
      newSession: services.newSession,
    });
    const first = cluster.nodes.find((n) => n.firstNode)!;
    server = await startDevServer({
      rendererDir: join(options.repoRoot, 'dist', WEB_PREVIEW_DIST),
      handlers: core.handlers,
      events: core.events,
      port: options.port,
      demo: {
        tokens: async () => bay.list(),
        insert: async (body) => {
          const { serial, inserted } = insertSchema.parse(body);
          return bay.setInserted(serial, inserted, tokenService);
        },
        info: async () => ({
          firstNode: { host: first.host, port: first.port },
          username: cluster.admin.username,
          // A throwaway password of this demo run, shown so the demo can be tried.
          password: cluster.admin.password,
          alternateTftp: cluster.altTftp.map((s) => ({ host: s.host, port: s.port })),
          firewalls: cluster.firewalls.map((s) => ({ host: s.host, port: s.port })),
          tokenPin: 'Cisco123',
        }),
      },
    });
  } catch (error) {
    await core?.close().catch(() => undefined);
    await services?.close().catch(() => undefined);
    await cluster.stop().catch(() => undefined);
    throw error;
  }
  const started = { server, core, services };
  return {
    url: server.url,
    origin: server.origin,
    dir: options.dir,
    userDataDir,
    reportsDir,
    cluster,
    tokens: store.tokens,
    async close() {
      await started.server.close();
      await started.core.close().catch(() => undefined);
      await started.services.close().catch(() => undefined);
      await cluster.stop();
    },
  };
}
