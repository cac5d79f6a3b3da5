// The app core through dispatch(), as both Electron main and the web preview call it: schema
// validation, secret hygiene, session command mapping, inspector and report saving.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import type { TokenEvent } from '../../shared/tokens/types';
import { createAppCore } from '../../electron/app/core';
import type { AppCore } from '../../electron/app/core';
import { dispatch } from '../../electron/app/dispatch';
import type { SessionPort } from '../../electron/app/ports';
import { SettingsStore } from '../../electron/app/settings-store';
import { FileTrustStore } from '../../electron/services/trust-store';
import english from '../../shared/i18n/engine.en.json';
import japanese from '../../shared/i18n/engine.ja.json';
import { formatMessage } from '../../shared/session/messages';
import { englishLeft } from '../helpers/english-text';
import { makeIdentity, signedCtl } from '../helpers/pki';

/** A recording engine double: answers every command ok and emits a snapshot per command. */
class RecordingSession implements SessionPort {
  readonly commands: SessionCommand[] = [];
  private readonly listeners = new Set<(s: SessionSnapshot) => void>();
  constructor(private current: SessionSnapshot) {}
  snapshot() {
    return this.current;
  }
  async execute(command: SessionCommand): Promise<CommandResult> {
    this.commands.push(command);
    this.current = { ...this.current, seq: this.current.seq + 1 };
    for (const l of this.listeners) l(this.current);
    return { ok: true };
  }
  onSnapshot(listener: (s: SessionSnapshot) => void) {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  async certificate(id: string) {
    return id === 'e1' ? new Uint8Array([0x30, 0x00]) : null;
  }
  async close() {}
}

function connectSnapshot(): SessionSnapshot {
  return {
    kind: 'connect', seq: 1, busy: null, allowed: ['connect'], server: null, cluster: null, modeChoices: [], mode: null,
    tokens: null, entries: [], hashAlgorithm: 'sha1', review: null, publish: null, done: null, notices: [], lastError: null,
  };
}

let dir: string;
let core: AppCore;
let sessions: RecordingSession[];
let snapshots: SessionSnapshot[];
let savePath: string | null;
let trustStore: FileTrustStore;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-core-'));
  sessions = [];
  snapshots = [];
  savePath = join(dir, 'out', 'report.md');
  const tokenListeners = new Set<(e: TokenEvent) => void>();
  core = await createAppCore({
    settings: await SettingsStore.open(dir),
    trustStore: (trustStore = new FileTrustStore(join(dir, 'trusted-certificates.json'))),
    about: { name: 'CTL Client', version: '0.1.0', electron: null, chrome: null, node: process.versions.node, platform: 'test', devPreview: true, firewallPort: 2444 },
    host: { pickFileToInspect: async () => 'unsupported', chooseReportPath: async () => savePath, pickPkcs11Module: async () => 'unsupported', confirmPkcs11Module: async () => false },
    tokens: {
      list: async () => [],
      changePin: async () => undefined,
      onEvent: (l) => (tokenListeners.add(l), () => tokenListeners.delete(l)),
    },
    newSession: async () => {
      const s = new RecordingSession(connectSnapshot());
      sessions.push(s);
      return s;
    },
  });
  core.events.on('session:snapshot', (s) => snapshots.push(s));
});
afterEach(async () => {
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('dispatch over the app core', () => {
  it('rejects unknown methods and invalid payloads without echoing the password', async () => {
    expect(await dispatch(core.handlers, 'session.evil', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    expect(await dispatch(core.handlers, 'constructor', {})).toMatchObject({ ok: false, error: { code: 'unknown-method' } });
    const bad = await dispatch(core.handlers, 'session.connect', { host: 'cucm 1', username: 'admin', password: 'S3cret-pw', extra: 1 });
    expect(bad.ok).toBe(false);
    if (bad.ok) return;
    expect(bad.error.code).toBe('invalid-request');
    expect(bad.error.message).toContain('host');
    expect(JSON.stringify(bad)).not.toContain('S3cret-pw');
    expect(sessions[0]!.commands).toHaveLength(0);
  });

  it('says what is wrong with a refused entry as a message, in each language, naming the field', async () => {
    const bad = await dispatch(core.handlers, 'session.connect', { host: 'cucm 1', username: 'admin', password: 'S3cret-pw' });
    if (bad.ok) throw new Error('accepted');
    const problem = bad.error.problem!;
    expect(formatMessage(english, problem)).toBe('The request is not valid: host name: Use letters, digits, dots and hyphens only (a host name or IPv4 address).');
    const ja = formatMessage(japanese, problem);
    expect(ja).toBe('要求が正しくありません: ホスト名: 英字、数字、ドット、ハイフンだけを使ってください（ホスト名または IPv4 アドレス）。');
    expect(englishLeft(ja)).toBeNull();
    // zod's own checks, mapped by kind and limit; an entry of a list is numbered.
    const long = await dispatch(core.handlers, 'session.connect', { host: 'cucm1', username: 'a'.repeat(200), password: 'pw' });
    if (long.ok) throw new Error('accepted');
    expect(formatMessage(japanese, long.error.problem!)).toBe('要求が正しくありません: ユーザ名: 128 文字までです。');
    const targets = await dispatch(core.handlers, 'session.connectTargets', { targets: [{ address: '/srv/tftp' }, { address: ' ' }], entries: [] });
    if (targets.ok) throw new Error('accepted');
    expect(formatMessage(english, targets.error.problem!)).toBe('The request is not valid: TFTP server address 2: Enter an sftp:// address or a folder.');
  });

  it('maps each session method to its engine command and streams the snapshot', async () => {
    const connect = await dispatch(core.handlers, 'session.connect', { host: 'cucm1', port: 2444, username: 'admin', password: 'pw' });
    expect(connect).toEqual({ ok: true, value: { ok: true } });
    await dispatch(core.handlers, 'session.addTftpServer', { host: 'tftp.other' });
    await dispatch(core.handlers, 'session.deleteEntries', { ids: ['e1', 'e2'] });
    await dispatch(core.handlers, 'session.sign', { pin: '1234', confirmFinalTry: true });
    expect(sessions[0]!.commands).toEqual([
      { type: 'connect', host: 'cucm1', port: 2444, username: 'admin', password: 'pw' },
      { type: 'add-tftp-server', host: 'tftp.other' },
      { type: 'delete-entries', ids: ['e1', 'e2'] },
      { type: 'sign', pin: '1234', confirmFinalTry: true },
    ]);
    expect(snapshots.map((s) => s.seq)).toEqual([2, 3, 4, 5]);
  });

  it('session.restart replaces the engine session and emits its snapshot', async () => {
    await dispatch(core.handlers, 'session.back', {});
    const reply = await dispatch(core.handlers, 'session.restart', {});
    // Numbers keep increasing across sessions (the old one reached 2), so late snapshots are dropped.
    expect(reply).toMatchObject({ ok: true, value: { kind: 'connect', seq: 4 } });
    expect(snapshots.at(-1)?.seq).toBe(4);
    expect(sessions).toHaveLength(2);
    await dispatch(core.handlers, 'session.back', {});
    expect(sessions[1]!.commands).toEqual([{ type: 'back' }]);
    expect(sessions[0]!.commands).toEqual([{ type: 'back' }]);
  });

  it('settings.set validates and persists; an unknown field is refused', async () => {
    expect(await dispatch(core.handlers, 'settings.set', { language: 'ja' })).toMatchObject({ ok: true, value: { language: 'ja' } });
    expect(JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')).language).toBe('ja');
    expect(await dispatch(core.handlers, 'settings.set', { recentClusters: [] })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
    expect(await dispatch(core.handlers, 'settings.set', { pkcs11Module: 'relative/lib.so' })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('lists the trusted provider certificates and forgets one of them', async () => {
    await trustStore.set('cucm1', 2444, 'ab'.repeat(32));
    await trustStore.set('cucm2', 2444, 'cd'.repeat(32));
    expect(await dispatch(core.handlers, 'settings.trustedCertificates', {})).toMatchObject({ ok: true, value: [{ host: 'cucm1', port: 2444, sha256: 'ab'.repeat(32) }, { host: 'cucm2' }] });
    expect(await dispatch(core.handlers, 'settings.forgetTrustedCertificate', { host: 'CUCM1', port: 2444 })).toMatchObject({ ok: true, value: [{ host: 'cucm2' }] });
    expect(await trustStore.get('cucm1', 2444)).toBeNull();
    expect(await dispatch(core.handlers, 'settings.forgetTrustedCertificate', { host: 'bad host!', port: 2444 })).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
  });

  it('inspector.open decodes and verifies a real CTL, and reports the offset of a malformed one', async () => {
    const sast = await makeIdentity({ subject: 'CN=SAST-1,O=Example', serial: '0a0b' });
    const ccm = await makeIdentity({ subject: 'CN=cucm1,O=Example', notAfter: new Date(Date.UTC(2031, 4, 1)) });
    const bytes = await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', ccm.der, { dnsName: 'cucm1', ipAddress: '10.0.0.1' })]);
    const base64 = Buffer.from(bytes).toString('base64');
    const reply = await dispatch(core.handlers, 'inspector.open', { source: 'bytes', name: 'CTLFile.tlv', base64 });
    expect(reply.ok).toBe(true);
    if (!reply.ok) return;
    expect(reply.value).toMatchObject({
      kind: 'CTL',
      size: bytes.length,
      signature: { valid: true, signerIndex: 0 },
      entries: [
        { role: 'SAST', dnsName: '', serialHex: '0A0B' },
        { role: 'CCM+TFTP', dnsName: 'cucm1', ipAddress: '10.0.0.1', notAfter: '2031-05-01T00:00:00.000Z' },
      ],
    });
    const tampered = new Uint8Array(bytes);
    tampered[tampered.length - 1]! ^= 1;
    const bad = await dispatch(core.handlers, 'inspector.open', { source: 'bytes', name: 'x.tlv', base64: Buffer.from(tampered).toString('base64') });
    expect(bad).toMatchObject({ ok: true, value: { signature: { valid: false } } });
    const truncated = await dispatch(core.handlers, 'inspector.open', { source: 'bytes', name: 'x.tlv', base64: Buffer.from(bytes.subarray(0, 40)).toString('base64') });
    expect(truncated).toMatchObject({ ok: false, error: { code: 'ctl-format', details: { offset: expect.any(Number) } } });
    expect(await dispatch(core.handlers, 'inspector.open', { source: 'dialog' })).toMatchObject({ ok: false, error: { code: 'dialog-unsupported' } });
  });

  it('report.save refuses before the run is done', async () => {
    expect(await dispatch(core.handlers, 'report.save', {})).toMatchObject({ ok: false, error: { code: 'no-report' } });
  });
});
