// The phone's-eye check after a publish, against real tftpd-hpa (in.tftpd) servers: one
// serving the published root, one serving an older copy, one without the file, and a port
// where nothing listens (a warning, not a failure).
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../electron/services/targets';
import { checkOverTftp, firstDifference } from '../../electron/services/tftp';
import { isRoot, named, noTftpd } from '../helpers/real-servers';
import { freeUdpPort, startTftpd, type Tftpd } from '../helpers/tftpd';
import { sha256 } from '../helpers/rejection';

describe('firstDifference', () => {
  it('is null for equal bytes and the offset of the first difference otherwise', () => {
    expect(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 2, 3))).toBeNull();
    expect(firstDifference(Uint8Array.of(1, 2, 3), Uint8Array.of(1, 9, 3))).toBe(1);
    expect(firstDifference(Uint8Array.of(1, 2), Uint8Array.of(1, 2, 3))).toBe(2);
    expect(firstDifference(new Uint8Array(0), new Uint8Array(0))).toBeNull();
  });
});

describe.skipIf(noTftpd)(named('phone\'s-eye check over TFTP', noTftpd), () => {
  const roots: string[] = [];
  const servers: Tftpd[] = [];
  let published: Uint8Array;
  let old: Uint8Array;

  async function serve(file: Uint8Array | null): Promise<Tftpd> {
    const root = await mkdtemp(path.join(tmpdir(), 'ctl-tftp-check-'));
    await chmod(root, 0o755);
    roots.push(root);
    if (file) {
      // Written the way a publish writes it (world-readable, atomic), not by hand.
      const target = await openTarget(root);
      try {
        const staged = await target.stage(file);
        await target.commit(staged.stageId, null);
      } finally {
        await target.close();
      }
    }
    const tftpd = await startTftpd(root);
    servers.push(tftpd);
    return tftpd;
  }

  beforeAll(async () => {
    published = randomBytes(5000);
    old = Uint8Array.from(published);
    old[4321] = published[4321]! ^ 0xff;
  });
  afterAll(async () => {
    for (const s of servers) await s.stop();
    for (const r of roots) await rm(r, { recursive: true, force: true });
  });

  it('reports per server: matches, differs (with the offset), refused, and unreachable as a warning', async () => {
    const good = await serve(published);
    const stale = await serve(old);
    const empty = await serve(null);
    const silent = await freeUdpPort();
    const results = await checkOverTftp([
      { host: '127.0.0.1', port: good.port }, { host: '127.0.0.1', port: stale.port },
      { host: '127.0.0.1', port: empty.port }, { host: '127.0.0.1', port: silent },
    ], published, { timeoutMs: 200, retries: 1 });
    expect(results[0]).toEqual({ server: `127.0.0.1:${good.port}`, outcome: 'matches', bytes: 5000, sha256: sha256(published) });
    expect(results[1]).toEqual({ server: `127.0.0.1:${stale.port}`, outcome: 'differs', bytes: 5000, sha256: sha256(old), firstDifference: 4321 });
    expect(results[2]).toMatchObject({ server: `127.0.0.1:${empty.port}`, outcome: 'refused', error: { code: 'file-not-found' } });
    expect(results[3]).toMatchObject({ server: `127.0.0.1:${silent}`, outcome: 'unreachable', error: { code: 'timeout' } });
  });

  // in.tftpd started by root serves as nobody, as a deployed one does.
  it.skipIf(!isRoot)('sees a file that is not world-readable as refused, like a phone would', async () => {
    const tftpd = await serve(published);
    await chmod(path.join(roots.at(-1)!, 'CTLFile.tlv'), 0o600);
    const [result] = await checkOverTftp([{ host: '127.0.0.1', port: tftpd.port }], published, { timeoutMs: 200, retries: 1 });
    expect(result).toMatchObject({ outcome: 'refused', error: { code: 'access-violation' } });
  });
});
