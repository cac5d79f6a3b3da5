// npm run soak [-- --seconds N] — 200 misbehaving connections against a provider process,
// a real client publishing meanwhile; prints the figures and exits 1 if a bound broke.
import { parseArgs } from 'node:util';
import { checkSoak, runSoak, soakLine, SOAK_BOUNDS } from './soak/run';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '30' } } });
const seconds = Number(values.seconds);
if (!Number.isFinite(seconds) || seconds <= 0) throw new Error(`--seconds: not a duration: ${values.seconds}`);
const figures = await runSoak({ seconds });
process.stdout.write(`${soakLine(figures)}\n`);
const broken = checkSoak(figures);
process.stdout.write(broken.length === 0 ? `bounds held: ${JSON.stringify(SOAK_BOUNDS)}\n` : `BOUNDS BROKEN: ${broken.join('; ')}\n`);
process.exit(broken.length === 0 ? 0 : 1);
