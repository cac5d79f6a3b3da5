// npm run demo — shows ctl-client working end to end: makes a throwaway demo PKI in a
// temp dir (two SAST tokens, a CallManager+TFTP node, CAPF, an alternate TFTP server),
// builds a CTL with `ctl-client build`, and prints `ctl-client inspect`.
// Pass --keep to keep the temp dir for your own experiments.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeIdentity, writeIdentity } from '../test/helpers/pki';

const BIN = fileURLToPath(new URL('../bin/ctl-client.cjs', import.meta.url));
const keep = process.argv.includes('--keep');

function ctlClient(args: string[], display: string[]): number {
  console.log(`\n$ ctl-client ${display.join(' ')}`);
  const result = spawnSync(process.execPath, [BIN, ...args], { stdio: 'inherit' });
  return result.status ?? 1;
}

async function main(): Promise<number> {
  const dir = await mkdtemp(join(tmpdir(), 'ctl-demo-'));
  try {
    console.log(`Demo PKI in ${dir} (throwaway keys, never use them for real phones)`);
    const token1 = await makeIdentity({ subject: 'CN=SAST-DEMO0001, OU=IPCBU, O=Demo Systems', modulusBits: 2048 });
    const token2 = await makeIdentity({ subject: 'CN=SAST-DEMO0002, OU=IPCBU, O=Demo Systems', modulusBits: 2048 });
    const ccm = await makeIdentity({ subject: 'CN=cucm-pub.demo.example, OU=UC, O=Demo', modulusBits: 2048 });
    const capf = await makeIdentity({ subject: 'CN=CAPF-demo, OU=UC, O=Demo', keyType: 'ec' });
    const tftp = await makeIdentity({ subject: 'CN=tftp.other-cluster.example, OU=UC, O=Demo', modulusBits: 2048 });
    const files = {
      token1: await writeIdentity(dir, 'token1', token1),
      token2: await writeIdentity(dir, 'token2', token2),
      ccm: await writeIdentity(dir, 'cucm-pub', ccm),
      capf: await writeIdentity(dir, 'capf', capf),
      tftp: await writeIdentity(dir, 'tftp-other', tftp),
    };
    const out = join(dir, 'CTLFile.tlv');
    const short = (p: string) => p.replace(`${dir}/`, '');
    const entries = [
      `role=SAST,cert=${files.token2.cert}`,
      `role=CCM+TFTP,cert=${files.ccm.cert},dns=cucm-pub.demo.example,ip=192.0.2.10`,
      `role=CAPF,cert=${files.capf.cert},dns=cucm-pub.demo.example,ip=192.0.2.10`,
      `role=TFTP,cert=${files.tftp.cert},dns=tftp.other-cluster.example,ip=198.51.100.5`,
    ];
    const args = ['build', '--out', out, '--signer', files.token1.combined, ...entries.flatMap((e) => ['--entry', e])];
    const shown = args.map((a) => (a.includes(dir) ? a.split(`${dir}/`).join('') : a));
    if (ctlClient(args, shown) !== 0) return 1;
    const inspect = ctlClient(['inspect', out], ['inspect', short(out)]);
    console.log(`\ninspect exit code: ${inspect} (0 = the signature verifies with a SAST token listed in the file)`);
    if (keep) console.log(`Kept ${dir}`);
    return inspect;
  } finally {
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
}

process.exitCode = await main();
