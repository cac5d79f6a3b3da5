// The short soak run (`npm run soak` is the long one): 200 misbehaving connections for a
// few seconds against a provider process with the production limits and password cost,
// while a real client connects and publishes. The figures are printed; the bounds asserted.
import { describe, it, expect } from 'vitest';
import { checkSoak, runSoak, soakLine } from '../../scripts/soak/run';

describe('soak (short run)', () => {
  it('200 misbehaving connections: the administrator still publishes within 5 s, memory, audit log and password checks stay bounded', async () => {
    const figures = await runSoak({ seconds: 4 });
    process.stdout.write(`${soakLine(figures)}\n`);
    expect(checkSoak(figures)).toEqual([]);
    expect(figures.peers).toBe(200);
    // The misbehaving peers were really there, and the provider ended their connections.
    expect(figures.connectionsOpened).toBeGreaterThanOrEqual(200);
    expect(figures.endedByProvider).toBeGreaterThan(0);
  }, 120_000);
});
