// A bench:session provider process: serves the demo servers whose directories it is given
// (written by writeDemoCluster) and answers one JSON line per request line on stdin:
// "cpu" (its CPU time), "profile-start", "profile-stop <file>". Stops when stdin closes.
import { createInterface } from 'node:readline';
import { startDemoServer, type RunningProvider } from '../../provider';
import { startProfile } from './profile';

async function main(dirs: string[]): Promise<void> {
  const running: RunningProvider[] = [];
  for (const dir of dirs) running.push(await startDemoServer(dir));
  const answer = (value: object) => process.stdout.write(`${JSON.stringify(value)}\n`);
  answer({ started: running.length });
  let stopProfile: ((file: string) => Promise<void>) | null = null;
  const lines = createInterface({ input: process.stdin });
  lines.on('line', (line) => {
    const [command, file] = line.split(' ');
    const failed = (err: unknown) => answer({ error: (err as Error).message });
    if (command === 'profile-start') startProfile().then((stop) => { stopProfile = stop; answer({ ok: true }); }, failed);
    else if (command === 'profile-stop' && stopProfile && file) stopProfile(file).then(() => answer({ ok: true }), failed);
    else {
      const cpu = process.cpuUsage();
      answer({ cpuMs: (cpu.user + cpu.system) / 1000 });
    }
  });
  lines.on('close', () => { void Promise.all(running.map((r) => r.stop())).then(() => process.exit(0)); });
}

const dirs = process.argv.slice(2);
if (dirs.length === 0) throw new Error('usage: provider-child.ts <server dir>…');
// A start failure (a port taken meanwhile) is one JSON line for the parent, which may try again.
await main(dirs).catch((err: unknown) => {
  process.stdout.write(`${JSON.stringify({ error: (err as Error).message })}\n`);
  process.exit(1);
});
