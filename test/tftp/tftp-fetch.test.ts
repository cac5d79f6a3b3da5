// The phone's-eye check against a real tftpd-hpa (in.tftpd) serving the folder this client
// publishes to: what arrives over TFTP is byte for byte what was committed.
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTarget } from '../../electron/services/targets';
import { DEFAULT_BLOCK_SIZE, ETHERNET_BLOCK_SIZE, TftpError, tftpRead } from '../../electron/services/tftp';
import { named, noTftpd } from '../helpers/real-servers';
import { freeUdpPort, startTftpd, type Tftpd } from '../helpers/tftpd';
import { rejectionOf, sha256 } from '../helpers/rejection';

const rejection = (promise: Promise<unknown>) => rejectionOf(promise, TftpError);



describe.skipIf(noTftpd)(named('TFTP read from tftpd-hpa', noTftpd), () => {
  let root: string;
  let tftpd: Tftpd;
  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'ctl-tftp-'));
    await chmod(root, 0o755);
    tftpd = await startTftpd(root);
  });
  afterAll(async () => {
    await tftpd?.stop();
    await rm(root, { recursive: true, force: true });
  });

  async function publish(bytes: Uint8Array): Promise<void> {
    const target = await openTarget(root);
    try {
      const current = await target.getCtl();
      const staged = await target.stage(bytes);
      await target.commit(staged.stageId, current.sha256);
    } finally {
      await target.close();
    }
  }

  const sizes: Array<[string, number, number]> = [
    ['smaller than one block', 700, ETHERNET_BLOCK_SIZE],
    ['several blocks', 5 * ETHERNET_BLOCK_SIZE + 17, ETHERNET_BLOCK_SIZE],
    ['exactly a multiple of the block size (ends with an empty block)', 3 * ETHERNET_BLOCK_SIZE, ETHERNET_BLOCK_SIZE],
    ['RFC 1350 blocks of 512, exact multiple', 8 * DEFAULT_BLOCK_SIZE, DEFAULT_BLOCK_SIZE],
    ['large (hundreds of blocks)', 300 * 1024 + 5, ETHERNET_BLOCK_SIZE],
    ['empty', 0, ETHERNET_BLOCK_SIZE],
  ];
  it.each(sizes)('a published file %s arrives byte for byte (%i bytes, block size %i)', async (_name, size, blockSize) => {
    const bytes = randomBytes(size);
    await publish(bytes);
    const got = await tftpRead({ host: '127.0.0.1', port: tftpd.port, blockSize });
    expect(got.bytes.length).toBe(size);
    expect(sha256(got.bytes)).toBe(sha256(bytes));
    expect(got).toMatchObject({ blockSize, announcedSize: size, file: 'CTLFile.tlv', server: `127.0.0.1:${tftpd.port}` });
  });

  it('names a missing file as file-not-found', async () => {
    const e = await rejection(tftpRead({ host: '127.0.0.1', port: tftpd.port, file: 'ITLFile.tlv' }));
    expect(e.code).toBe('file-not-found');
    expect(e.message).toContain(`127.0.0.1:${tftpd.port}`);
    expect(e.message).toContain('ITLFile.tlv');
  });

  it('a file phones cannot read (not world-readable) is an access violation', async () => {
    await writeFile(path.join(root, 'private.tlv'), randomBytes(100), { mode: 0o600 });
    await chmod(path.join(root, 'private.tlv'), 0o600);
    const e = await rejection(tftpRead({ host: '127.0.0.1', port: tftpd.port, file: 'private.tlv' }));
    expect(e.code).toBe('access-violation');
  });

  it('stops a file larger than the limit: refused from its announced size', async () => {
    await publish(randomBytes(10_000));
    const e = await rejection(tftpRead({ host: '127.0.0.1', port: tftpd.port, maxBytes: 9_999 }));
    expect(e.code).toBe('too-large');
    // And the server is not left waiting: the next read works at once.
    expect((await tftpRead({ host: '127.0.0.1', port: tftpd.port })).bytes.length).toBe(10_000);
  });

  it('times out when nothing listens, after the configured retries', async () => {
    const port = await freeUdpPort();
    const started = Date.now();
    const e = await rejection(tftpRead({ host: '127.0.0.1', port, timeoutMs: 150, retries: 2 }));
    expect(e.code).toBe('timeout');
    expect(e.message).toContain('3 tries');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 150 - 20);
  });

  it('cannot resolve a host name that does not exist', async () => {
    const e = await rejection(tftpRead({ host: 'no-such-host.invalid', port: tftpd.port }));
    expect(e.code).toBe('host-unresolvable');
  });
});
