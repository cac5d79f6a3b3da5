// A current CTL holding a record whose FUNCTION value this client does not know (5, SRST):
// the update reads it as "unknown (5)", shows it, refuses to delete it, and writes it back
// byte for byte; the new header's signer names are the signer record's names byte for byte.
import { describe, expect, it } from 'vitest';
import { decodeCtl, encodeCtl, recordFromCertificate, signerFromCertificate, type CtlRecord } from '../../shared/ctl';
import { webCryptoSigner } from '../helpers/pki';
import { makeWorld, type World } from './doubles';
import { addToken, connectCmd, drive, firstMixed } from './flow';

const NODES = ['cucm-1', 'cucm-2', 'cucm-3'];
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Rewrites every node's CTL (signed by SAST-1) with an SRST record and SAST-1's names spelled by another tool. */
async function withUnknownRole(world: World): Promise<{ srst: CtlRecord; srstBytes: string; sast1Subject: string }> {
  const current = decodeCtl(world.providers.server('cucm-1').ctl!);
  const srst: CtlRecord = { ...recordFromCertificate('CCM', world.sast3.identity.der, { dnsName: 'srst-gw', ipAddress: '10.9.9.9' }), role: 'unknown (5)' };
  const signer = signerFromCertificate(world.sast1.identity.der);
  // Another tool's spelling of SAST-1's subject: lower case, ',' between components.
  const sast1Subject = signer.subject.toLowerCase().replace(/;/g, ',');
  const records = current.records.map((r) => (r.role === 'SAST' && r.subject === signer.subject ? { ...r, subject: sast1Subject } : r));
  const bytes = await encodeCtl({ signer, hashAlgorithm: 'sha1', modulusBits: 1024, timestamp: current.timestamp + 1, records: [...records, srst] },
    webCryptoSigner(world.sast1.identity.keys));
  for (const n of NODES) world.providers.server(n).ctl = bytes;
  const decoded = decodeCtl(bytes);
  const at = decoded.records.findIndex((r) => r.role === 'unknown (5)');
  // The record's bytes: from its offset to the next record's (or the end).
  const starts: number[] = [];
  for (let p = decoded.headerLength; p < bytes.length; p += (bytes[p + 3]! << 8) | bytes[p + 4]!) starts.push(p);
  return { srst, srstBytes: hex(bytes.subarray(starts[at]!, starts[at + 1] ?? bytes.length)), sast1Subject };
}

describe('session engine: a record of an unknown role', () => {
  it('is shown, cannot be deleted, and is written back byte for byte; the signer names follow its record', async () => {
    const world = await makeWorld();
    await firstMixed(world);
    const { srstBytes, sast1Subject } = await withUnknownRole(world);
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'update' });
    await addToken(d, 'SAST-1', 'Cisco123');
    const entries = (await d.ok({ type: 'tokens-done' })).entries;
    const srst = entries.find((e) => e.role === 'unknown (5)')!;
    expect(srst).toMatchObject({ host: 'srst-gw', deletable: false });
    await d.refused({ type: 'delete-entries', ids: [srst.id] }, 'entry-protected');
    await d.ok({ type: 'go-to-review' });
    const done = await d.ok({ type: 'sign' });
    expect(done.done?.outcome).toBe('committed');
    const written = world.providers.server('cucm-2').ctl!;
    expect(hex(written)).toContain(srstBytes);
    const file = decodeCtl(written);
    expect(file.records.filter((r) => r.role === 'unknown (5)')).toHaveLength(1);
    // Signed by SAST-1: the header's names are its record's, in the other tool's spelling.
    expect(file.signer.subject).toBe(sast1Subject);
  });
});
