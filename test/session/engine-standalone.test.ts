// A cluster without a CTL Provider, driven through the real engine: two TFTP roots as local
// folders (real files, the real folder target), servers from certificate files, tokens as
// doubles. First mixed mode, an update adding a token, a rogue token refused, another
// administrator's write caught by the compare-and-swap, and missing certificates refused.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import { FileTargetPort } from '../../electron/session/adapters/file-targets';
import { PROVIDER_PROOF_BATCH } from '../../electron/session/adapters/provider';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import type { PhoneCheckResult, SessionCommand } from '../../shared/session/types';
import type { TftpPort } from '../../electron/session/ports';
import { makeIdentity } from '../helpers/pki';
import { makeWorld, type World } from './doubles';
import { addToken, drive, type Driven } from './flow';

let roots: string[] = [];
let world: World;
let certs: { role: 'CCM+TFTP' | 'TFTP'; certificate: string; dnsName: string; ip: string }[];

beforeEach(async () => {
  roots = [await mkdtemp(path.join(tmpdir(), 'ctl-root-a-')), await mkdtemp(path.join(tmpdir(), 'ctl-root-b-'))];
  world = await makeWorld({ nodes: 1 });
  const cucm = await makeIdentity({ subject: 'CN=cucm-a, O=Lab', modulusBits: 1024 });
  const tftp = await makeIdentity({ subject: 'CN=tftp-b, O=Lab', modulusBits: 1024 });
  certs = [
    { role: 'CCM+TFTP', certificate: Buffer.from(cucm.der).toString('base64'), dnsName: 'cucm-a', ip: '192.0.2.10' },
    { role: 'TFTP', certificate: Buffer.from(tftp.der).toString('base64'), dnsName: 'tftp-b', ip: '192.0.2.11' },
  ];
});

afterEach(async () => {
  await Promise.all(roots.map((r) => rm(r, { recursive: true, force: true })));
});

/** The phone's-eye check as a double: which servers were asked, and what each one "serves". */
class TftpDouble implements TftpPort {
  readonly asked: string[] = [];
  constructor(private readonly serves: (host: string, published: Uint8Array) => Uint8Array | null) {}
  async check(server: { host: string; port: number }, published: Uint8Array): Promise<PhoneCheckResult> {
    const name = `${server.host}:${server.port}`;
    this.asked.push(name);
    const bytes = this.serves(server.host, published);
    if (!bytes) return { server: name, outcome: 'unreachable', error: { code: 'timeout', message: 'no answer' } };
    const same = Buffer.from(bytes).equals(Buffer.from(published));
    return { server: name, outcome: same ? 'matches' : 'differs', bytes: bytes.length, ...(same ? {} : { firstDifference: 0 }) };
  }
}

function driveStandalone(tftp?: TftpPort): Driven {
  return drive(world, {}, { targets: new FileTargetPort(new MemoryTrustStore(), PROVIDER_PROOF_BATCH), ...(tftp ? { tftp } : {}) });
}

/** A first configuration in mixed mode with SAST-1 and SAST-2, signed. */
async function signFirst(d: Driven, command: SessionCommand = connect()) {
  await d.ok(command);
  await d.ok({ type: 'choose-mode', mode: 'mixed' });
  await addToken(d, 'SAST-1');
  await addToken(d, 'SAST-2');
  await d.ok({ type: 'tokens-done' });
  await d.ok({ type: 'go-to-review' });
  return d.ok({ type: 'sign', pin: 'Cisco123' });
}

const connect = (entries = certs): SessionCommand => ({ type: 'connect-targets', targets: roots.map((address) => ({ address })), entries });

const held = (root: string) => readFile(path.join(root, 'CTLFile.tlv'));

async function firstMixed(): Promise<Buffer> {
  const d = driveStandalone();
  const done = await signFirst(d);
  const mode = d.snapshots.find((snap) => snap.kind === 'mode')!;
  expect(mode.cluster?.standalone).toBe(true);
  expect(mode.cluster?.nodes.map((n) => n.name)).toEqual(roots);
  expect(mode.modeChoices.find((c) => c.mode === 'update')?.offered).toBe(false);
  const review = d.snapshots.find((snap) => snap.kind === 'review')!;
  expect(review.entries.map((e) => e.host).filter(Boolean).sort()).toEqual(['cucm-a', 'tftp-b']);
  expect(done.kind, JSON.stringify(done.publish?.targets)).toBe('done');
  expect(done.done?.results.map((r) => r.status)).toEqual(['verified', 'verified']);
  const [a, b] = [await held(roots[0]!), await held(roots[1]!)];
  expect(a.equals(b)).toBe(true);
  return a;
}

describe('standalone cluster (TFTP roots without a provider)', () => {
  it('writes a first mixed-mode CTL to every root: servers from certificate files, two tokens, world-readable', async () => {
    const bytes = await firstMixed();
    const file = decodeCtl(bytes);
    expect(file.records.map((r) => `${r.role}:${r.dnsName}`)).toEqual(expect.arrayContaining(['CCM+TFTP:cucm-a', 'TFTP:tftp-b']));
    expect(file.records.filter((r) => r.role === 'SAST')).toHaveLength(2);
    expect(file.records.find((r) => r.dnsName === 'cucm-a')?.ipAddress).toBe('192.0.2.10');
    expect((await verifyCtl(bytes)).signatureValid).toBe(true);
    expect((await stat(path.join(roots[0]!, 'CTLFile.tlv'))).mode & 0o777).toBe(0o644);
  });

  it('updates with a listed token and adds a third; the servers are kept from the current CTL', async () => {
    const before = await firstMixed();
    const d = driveStandalone();
    await d.ok(connect([]));
    expect(d.last().modeChoices.find((c) => c.mode === 'update')?.offered).toBe(true);
    await d.ok({ type: 'choose-mode', mode: 'update' });
    await addToken(d, 'SAST-1', 'Cisco123');
    await addToken(d, 'SAST-3');
    await d.ok({ type: 'tokens-done' });
    await d.ok({ type: 'go-to-review' });
    const done = await d.ok({ type: 'sign' });
    expect(done.kind).toBe('done');
    const after = await held(roots[1]!);
    expect(after.equals(before)).toBe(false);
    const file = decodeCtl(after);
    expect(file.records.filter((r) => r.role === 'SAST')).toHaveLength(3);
    expect(file.records.map((r) => r.dnsName)).toEqual(expect.arrayContaining(['cucm-a', 'tftp-b']));
    // The previous file is kept beside it, as the rollback's backup.
    expect((await readFile(path.join(roots[0]!, '.CTLFile.tlv.previous'))).equals(before)).toBe(true);
  });

  it('refuses a token the current CTL does not list; nothing changes', async () => {
    const before = await firstMixed();
    const d = driveStandalone();
    await d.ok(connect([]));
    await d.ok({ type: 'choose-mode', mode: 'update' });
    await d.ok({ type: 'preview-token', token: 'ROGUE' });
    await d.refused({ type: 'add-token', token: 'ROGUE', pin: 'Cisco123' }, 'token-not-in-ctl');
    await d.refused({ type: 'tokens-done' }, 'proof-required');
    for (const root of roots) expect((await held(root)).equals(before)).toBe(true);
  });

  it('catches another write between review and publish: every root keeps its file', async () => {
    const before = await firstMixed();
    const d = driveStandalone();
    await d.ok(connect([]));
    await d.ok({ type: 'choose-mode', mode: 'update' });
    await addToken(d, 'SAST-2', 'Cisco123');
    await d.ok({ type: 'tokens-done' });
    await d.ok({ type: 'go-to-review' });
    const other = Buffer.concat([before, Buffer.from([0])]);
    await writeFile(path.join(roots[1]!, 'CTLFile.tlv'), other);
    const result = await d.engine.dispatch({ type: 'sign' });
    // The engine brings the file found back into the review instead of overwriting it.
    expect(result.ok).toBe(false);
    expect((await held(roots[0]!)).equals(before)).toBe(true);
    expect((await held(roots[1]!)).equals(other)).toBe(true);
  });

  it('needs server certificates when the roots hold no CTL yet, and says which certificate is unusable', async () => {
    const d = driveStandalone();
    await d.refused(connect([]), 'failed:invalid-command');
    expect(d.last().lastError?.message.code).toBe('failure.no-server-entries');
    await d.refused(connect([{ ...certs[0]!, certificate: Buffer.from('not a certificate').toString('base64') }]), 'failed:invalid-command');
    expect(d.last().lastError?.message).toMatchObject({ code: 'failure.entry-unusable', params: { index: 1, role: 'CCM+TFTP' } });
    await d.refused(connect([certs[0]!, certs[0]!]), 'failed:invalid-command');
    expect(d.last().lastError?.message.code).toBe('failure.entry-duplicate');
  });

  it('downloads the published file from the TFTP servers named at connect; a silent one is a warning, the publish stands', async () => {
    const tftp = new TftpDouble((host, published) => (host === '192.0.2.1' ? published : host === '192.0.2.2' ? new Uint8Array([1, 2, 3]) : null));
    const d = driveStandalone(tftp);
    const done = await signFirst(d, { ...connect(), tftpCheck: [{ host: '192.0.2.1', port: 69 }, { host: '192.0.2.2', port: 6969 }, { host: '192.0.2.3', port: 69 }] } as SessionCommand);
    expect(done.done?.outcome).toBe('committed');
    expect(tftp.asked).toEqual(['192.0.2.1:69', '192.0.2.2:6969', '192.0.2.3:69']);
    expect(done.done?.phoneCheck.map((c) => c.outcome)).toEqual(['matches', 'differs', 'unreachable']);
    expect(d.engine.report().json.phoneCheck).toHaveLength(3);
    expect(d.engine.report().markdown).toMatch(/\| 192\.0\.2\.2:6969 \| differs \|/);
  });

  it('checks nothing by default when every root is a folder (no TFTP host is known)', async () => {
    const tftp = new TftpDouble(() => null);
    const done = await signFirst(driveStandalone(tftp));
    expect(done.done?.phoneCheck).toEqual([]);
    expect(tftp.asked).toEqual([]);
  });

  it('names a folder that does not exist, in the catalog words for that case', async () => {
    const d = driveStandalone();
    const result = await d.engine.dispatch({ type: 'connect-targets', targets: [{ address: path.join(roots[0]!, 'missing') }], entries: certs });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatchObject({ code: 'failure.target.path-not-found', params: { change: { code: 'target-change.nothing' } } });
  });
});
