// Child process of store.test.ts: adds `count` entries named <prefix>-<i> to the trust store,
// a few at a time, as a second writer (the app or a command-line run) would.
import { FileTrustStore } from '../../electron/services/trust-store';

const [file, prefix, count] = process.argv.slice(2) as [string, string, string];
const store = new FileTrustStore(file);
for (let i = 0; i < Number(count); i += 5) {
  await Promise.all([0, 1, 2, 3, 4].map((j) => store.set(`${prefix}-${i + j}`, 2444, 'c'.repeat(64))));
}
