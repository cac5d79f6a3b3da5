// V8 CPU profiles of this thread for bench:session --cpu-profile (open them in Chrome DevTools).
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';

/** Starts a CPU profile; the returned function stops it and writes it to `file` (.cpuprofile). */
export async function startProfile(): Promise<(file: string) => Promise<void>> {
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.start');
  return async (file) => {
    const { profile } = await session.post('Profiler.stop');
    session.disconnect();
    await writeFile(file, JSON.stringify(profile));
  };
}
