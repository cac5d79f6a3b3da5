// The guide's update procedure with real parts: SoftHSM tokens inserted and removed one at a
// time through the web preview's token bay, the real token service (worker thread), the real
// session engine and a demo cluster on loopback. A listed token proves itself, is removed, a
// new token is inserted and added, and the proven token signs after it is inserted again.
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import { startDemoCluster, type DemoCluster } from '../../provider';
import { createServices, type Services } from '../../electron/app/services';
import type { SessionPort } from '../../electron/app/ports';
import { SettingsStore } from '../../electron/app/settings-store';
import { openAppTrustStore } from '../../electron/app/trust-store';
import { TokenBay } from '../../electron/dev-web/token-bay';
import { createDemoTokens, DEMO_PIN, type DemoTokens } from '../helpers/softhsm';

let dir: string;
let store: DemoTokens;
let bay: TokenBay;
let cluster: DemoCluster;
let services: Services;
let settings: SettingsStore;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-token-swap-'));
  store = await createDemoTokens(join(dir, 'hsm'));
  store.useInThisProcess();
  bay = await TokenBay.open(join(store.dir, 'tokens'), store.tokens);
  cluster = await startDemoCluster({ dir: join(dir, 'cluster'), nodes: 2, basePort: 0, modulusBits: 1024 });
  settings = await SettingsStore.open(join(dir, 'user-data'));
  const trustStore = await openAppTrustStore(join(dir, 'user-data'), true);
  for (const node of cluster.nodes) await trustStore.set(node.host, node.port, node.fingerprint);
  services = await createServices({ settingsModulePath: null, modulePath: store.env.CTL_PKCS11_MODULE, hotplug: false, trustStore });
}, 60_000);

afterAll(async () => {
  await services?.close();
  await cluster?.stop();
  await rm(dir, { recursive: true, force: true });
});

const serial = (label: string) => store.tokens.find((t) => t.label === label)!.serial;

/** Inserts or removes a demo token, then tells the engine, as the app core does on a token event. */
async function setInserted(session: SessionPort, label: string, inserted: boolean): Promise<void> {
  await bay.setInserted(serial(label), inserted, services.tokenService!);
  await session.refreshTokens!();
}

async function ok(session: SessionPort, command: SessionCommand): Promise<SessionSnapshot> {
  const result: CommandResult = await session.execute(command);
  if (!result.ok) throw new Error(`${command.type}: ${JSON.stringify(result.error)}`);
  return session.snapshot();
}

async function connect(): Promise<SessionPort> {
  const session = await services.newSession(settings);
  const first = cluster.nodes[0]!;
  await ok(session, { type: 'connect', host: first.host, port: first.port, username: cluster.admin.username, password: cluster.admin.password });
  return session;
}

const presentLabels = (s: SessionSnapshot) => (s.tokens?.present ?? []).map((t) => t.label).sort();

async function nodeCtls(): Promise<Uint8Array[]> {
  return Promise.all(cluster.nodes.map(async (n) => new Uint8Array(await readFile(join(n.tftpRoot, 'CTLFile.tlv')))));
}

describe('tokens inserted and removed during a session (SoftHSM through the token bay)', () => {
  it('first configuration: SAST-1, then SAST-2 in its place, signed by the token in the port', async () => {
    const session = await connect();
    await ok(session, { type: 'choose-mode', mode: 'mixed' });
    await setInserted(session, 'SAST-1', true);
    expect(presentLabels(session.snapshot())).toEqual(['SAST-1']);
    await ok(session, { type: 'preview-token', token: 'SAST-1' });
    await ok(session, { type: 'add-token', token: 'SAST-1' });
    await setInserted(session, 'SAST-1', false);
    await setInserted(session, 'SAST-2', true);
    expect(presentLabels(session.snapshot())).toEqual(['SAST-2']);
    await ok(session, { type: 'preview-token', token: 'SAST-2' });
    await ok(session, { type: 'add-token', token: 'SAST-2' });
    await ok(session, { type: 'tokens-done' });
    const review = await ok(session, { type: 'go-to-review' });
    // The signer by default is the token in the port (SAST-2), not the first added (SAST-1, pulled).
    expect(review.review?.signer).toMatchObject({ token: { label: 'SAST-2' }, needsPin: true });
    const done = await ok(session, { type: 'sign', pin: DEMO_PIN });
    expect(done.kind).toBe('done');
    await session.close();
  }, 60_000);

  it('update: SAST-2 proves itself, is removed, SAST-3 is inserted and added, SAST-2 signs again after a new PIN', async () => {
    const before = await nodeCtls();
    const session = await connect();
    await ok(session, { type: 'choose-mode', mode: 'update' });
    expect(presentLabels(session.snapshot())).toEqual(['SAST-2']);
    await ok(session, { type: 'preview-token', token: 'SAST-2' });
    const proven = await ok(session, { type: 'add-token', token: 'SAST-2', pin: DEMO_PIN });
    expect(proven.tokens?.added[0]).toMatchObject({ label: 'SAST-2', proven: true, loggedIn: true });

    // The guide: once the signature is verified, remove the token and insert the new one.
    await setInserted(session, 'SAST-2', false);
    await setInserted(session, 'SAST-3', true);
    const swapped = session.snapshot();
    expect(presentLabels(swapped)).toEqual(['SAST-3']);
    // Pulling SAST-2 ended its login: it stays proven for this session, but signs only after its PIN again.
    expect(swapped.tokens?.added[0]).toMatchObject({ label: 'SAST-2', proven: true, loggedIn: false });
    expect(await services.tokenService!.openTokens()).toEqual([]);

    await ok(session, { type: 'preview-token', token: 'SAST-3' });
    const candidate = session.snapshot().tokens?.candidate;
    expect(candidate).toMatchObject({ label: 'SAST-3', inCurrentCtl: false });
    await ok(session, { type: 'add-token', token: 'SAST-3' });
    await ok(session, { type: 'tokens-done' });
    const review = await ok(session, { type: 'go-to-review' });
    expect(review.review?.signer).toMatchObject({ token: { label: 'SAST-2' }, needsPin: true });

    // Signing needs the signer's PIN again; with SAST-2 still out, the token layer says it is missing.
    const noPin = await session.execute({ type: 'sign' });
    expect(noPin).toMatchObject({ ok: false, error: { code: 'pin-required' } });
    const missing = await session.execute({ type: 'sign', pin: DEMO_PIN });
    expect(missing).toMatchObject({ ok: false, error: { code: 'token-error', tokenError: { code: 'token-not-found' } } });
    expect(await nodeCtls()).toEqual(before);

    await setInserted(session, 'SAST-3', false);
    await setInserted(session, 'SAST-2', true);
    const done = await ok(session, { type: 'sign', pin: DEMO_PIN });
    expect(done.kind).toBe('done');
    await session.close();

    const after = await nodeCtls();
    expect(after[1]).toEqual(after[0]);
    const verified = await verifyCtl(after[0]!);
    expect(verified.signatureValid).toBe(true);
    const sasts = decodeCtl(after[0]!).records.filter((r) => r.role === 'SAST')
      .map((r) => (r.certificate ? createHash('sha256').update(r.certificate).digest('hex') : null));
    expect(sasts).toHaveLength(3);
    expect(sasts).toContain(candidate?.certificate?.fingerprint);
  }, 90_000);
});
