// Creates the demo token store (SAST-1..3, ROGUE; PIN Cisco123) with `ctl-client tokens
// init-demo` in a child process (it sets SOFTHSM2_CONF and loads SoftHSM itself), then points
// this process at the store.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { z } from 'zod';

const run = promisify(execFile);

const storeSchema = z.object({
  env: z.object({ SOFTHSM2_CONF: z.string(), CTL_PKCS11_MODULE: z.string() }),
  tokens: z.array(z.object({ label: z.string(), serial: z.string() })),
});
export type DemoTokenStore = z.infer<typeof storeSchema> & { tokendir: string };

export async function createDemoTokenStore(repoRoot: string, dir: string): Promise<DemoTokenStore> {
  const { stdout } = await run(process.execPath, [join(repoRoot, 'bin', 'ctl-client.cjs'), 'tokens', 'init-demo', '--dir', dir], {
    cwd: repoRoot,
    maxBuffer: 1024 * 1024,
  });
  const store = storeSchema.parse(JSON.parse(stdout));
  // SoftHSM reads SOFTHSM2_CONF at C_Initialize; the token worker inherits this environment.
  process.env.SOFTHSM2_CONF = store.env.SOFTHSM2_CONF;
  return { ...store, tokendir: join(dir, 'tokens') };
}
