// Files the OS hands to the app (.tlv association): the path in argv, bounded reading like the
// inspector's dialog, and the inspector:open-file event the window receives (a real CTL, a
// too-large file, a folder, a missing file), plus the hash preference applied to new sessions.
import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordFromCertificate } from '../../shared/ctl/index';
import { MAX_INSPECT_BYTES } from '../../shared/ipc/contract';
import { formatLimit, INPUT_FILE_LIMIT } from '../../electron/services/fs/read-bounded';
import type { OpenedFile } from '../../shared/ipc/views';
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import { createAppCore } from '../../electron/app/core';
import type { AppCore } from '../../electron/app/core';
import { dispatch } from '../../electron/app/dispatch';
import { readFileToInspect, tlvPathFromArgv } from '../../electron/app/open-file';
import type { SessionPort } from '../../electron/app/ports';
import { SettingsStore } from '../../electron/app/settings-store';
import { MemoryTrustStore } from '../../electron/services/trust-store';
import { makeIdentity, signedCtl } from '../helpers/pki';

/** Engine double that answers ok and records commands; `hash` follows set-hash-algorithm. */
class RecordingSession implements SessionPort {
  readonly commands: SessionCommand[] = [];
  private current: SessionSnapshot = {
    kind: 'tokens', seq: 1, busy: null, allowed: ['tokens-done'], server: null, cluster: null, modeChoices: [], mode: 'mixed',
    tokens: null, entries: [], hashAlgorithm: 'sha1', review: null, publish: null, done: null, notices: [], lastError: null,
  };
  snapshot() {
    return this.current;
  }
  async execute(command: SessionCommand): Promise<CommandResult> {
    this.commands.push(command);
    if (command.type === 'set-hash-algorithm') this.current = { ...this.current, hashAlgorithm: command.algorithm };
    return { ok: true };
  }
  onSnapshot() {
    return () => undefined;
  }
  async certificate() {
    return null;
  }
  async close() {}
}

let dir: string;
let ctl: Uint8Array;

async function makeCore(sessions: RecordingSession[], picked: Uint8Array | null = null): Promise<AppCore> {
  return createAppCore({
    settings: await SettingsStore.open(join(dir, `user-${sessions.length}-${Math.random().toString(36).slice(2)}`)),
    trustStore: new MemoryTrustStore(),
    about: { name: 'CTL Client', version: '0.1.0', electron: null, chrome: null, node: process.versions.node, platform: 'test', devPreview: false, firewallPort: 2444 },
    host: { pickFileToInspect: async () => (picked ? { name: '/somewhere/Picked.tlv', bytes: picked } : null), chooseReportPath: async () => null, pickPkcs11Module: async () => null, confirmPkcs11Module: async () => false },
    tokens: { list: async () => [], changePin: async () => undefined, onEvent: () => () => undefined },
    newSession: async () => {
      const session = new RecordingSession();
      sessions.push(session);
      return session;
    },
  });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ctl-open-file-'));
  const sast = await makeIdentity({ subject: 'CN=SAST-1,O=Example' });
  const ccm = await makeIdentity({ subject: 'CN=cucm1,O=Example' });
  ctl = await signedCtl(sast, [recordFromCertificate('SAST', sast.der), recordFromCertificate('CCM+TFTP', ccm.der, { dnsName: 'cucm1', ipAddress: '10.0.0.1' })]);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('tlvPathFromArgv', () => {
  it('takes the last .tlv argument, skips flags and the executable, resolves relative paths', () => {
    expect(tlvPathFromArgv(['/opt/CTL Client/ctl-client', '/home/a/CTLFile.tlv'], '/tmp')).toBe('/home/a/CTLFile.tlv');
    expect(tlvPathFromArgv(['electron', '.', '--allow-file-access', 'ITLFile.TLV'], '/home/b')).toBe('/home/b/ITLFile.TLV');
    expect(tlvPathFromArgv(['electron', '.', '--flag=x.tlv', 'a.tlv', 'b.tlv'], '/w')).toBe('/w/b.tlv');
    expect(tlvPathFromArgv(['x.tlv'], '/w')).toBeNull();
    expect(tlvPathFromArgv(['ctl-client', 'notes.txt', '--inspect'], '/w')).toBeNull();
  });
});

describe('readFileToInspect', () => {
  it('reads a regular file; refuses a folder, a missing file and one over the inspector limit', async () => {
    const path = join(dir, 'CTLFile.tlv');
    await writeFile(path, ctl);
    expect(Buffer.from(await readFileToInspect(path)).equals(Buffer.from(ctl))).toBe(true);
    const big = join(dir, 'big.tlv');
    await writeFile(big, new Uint8Array(MAX_INSPECT_BYTES + 1));
    await expect(readFileToInspect(big)).rejects.toMatchObject({ code: 'inspector-too-large' });
    const exact = join(dir, 'exact.tlv');
    await writeFile(exact, new Uint8Array(MAX_INSPECT_BYTES));
    expect((await readFileToInspect(exact)).length).toBe(MAX_INSPECT_BYTES);
    await mkdir(join(dir, 'folder.tlv'));
    await expect(readFileToInspect(join(dir, 'folder.tlv'))).rejects.toMatchObject({ code: expect.stringMatching(/inspector-(not-a-file|unreadable)/) });
    await expect(readFileToInspect(join(dir, 'missing.tlv'))).rejects.toMatchObject({ code: 'inspector-unreadable', message: expect.stringContaining('ENOENT') });
  });

  it('uses the command line\'s input limit (one limit) and names it in the refusal', async () => {
    expect(MAX_INSPECT_BYTES).toBe(INPUT_FILE_LIMIT);
    await expect(readFileToInspect(join(dir, 'big.tlv'))).rejects.toThrow(`larger than ${formatLimit(INPUT_FILE_LIMIT)}`);
  });

  it.skipIf(process.platform === 'win32')('refuses a FIFO named *.tlv at once instead of waiting for a writer', async () => {
    const fifo = join(dir, 'pipe.tlv');
    execFileSync('mkfifo', [fifo]);
    // Without O_NONBLOCK the open would wait forever for a writer; the race bounds the test.
    const outcome = await Promise.race([
      readFileToInspect(fifo).then(() => 'read', (e: { code?: string }) => e.code ?? 'error'),
      new Promise<string>((r) => setTimeout(() => r('blocked'), 5_000)),
    ]);
    expect(outcome).toBe('inspector-not-a-file');
  });
});

describe('AppCore.openFile / openFromDialog', () => {
  it('sends the inspected file, or the reason it cannot be shown, as inspector:open-file', async () => {
    const core = await makeCore([], ctl);
    const events: OpenedFile[] = [];
    core.events.on('inspector:open-file', (e) => events.push(e));
    const path = join(dir, 'CTLFile.tlv');
    await writeFile(path, ctl);
    await core.openFile(path);
    await core.openFile(join(dir, 'big.tlv'));
    await writeFile(join(dir, 'garbage.tlv'), new Uint8Array([1, 2, 3, 4, 5]));
    await core.openFile(join(dir, 'garbage.tlv'));
    await core.openFromDialog();
    expect(events).toHaveLength(4);
    expect(events[0]).toMatchObject({ ok: true, file: { name: 'CTLFile.tlv', kind: 'CTL', size: ctl.length, signature: { valid: true, signerIndex: 0 }, entries: [{ role: 'SAST' }, { dnsName: 'cucm1' }] } });
    expect(events[1]).toMatchObject({ ok: false, name: 'big.tlv', error: { code: 'inspector-too-large' } });
    expect(events[2]).toMatchObject({ ok: false, name: 'garbage.tlv', error: { code: 'ctl-format' } });
    expect(events[3]).toMatchObject({ ok: true, file: { name: 'Picked.tlv', signature: { valid: true } } });
    await core.close();
  });
});

describe('saved hash algorithm preference', () => {
  it('is sent once per session when the entries step is reached; no preference leaves the engine alone', async () => {
    const sessions: RecordingSession[] = [];
    const core = await makeCore(sessions);
    // Default: no preference, the engine keeps following the current CTL.
    expect(core.settings.get().hashAlgorithm).toBeNull();
    await dispatch(core.handlers, 'session.tokensDone', {});
    expect(sessions[0]!.commands).toEqual([{ type: 'tokens-done' }]);

    await dispatch(core.handlers, 'settings.set', { hashAlgorithm: 'sha512' });
    await dispatch(core.handlers, 'session.restart', {});
    await dispatch(core.handlers, 'session.tokensDone', {});
    await dispatch(core.handlers, 'session.back', {});
    await dispatch(core.handlers, 'session.tokensDone', {});
    expect(sessions[1]!.commands).toEqual([{ type: 'tokens-done' }, { type: 'set-hash-algorithm', algorithm: 'sha512' }, { type: 'back' }, { type: 'tokens-done' }]);
    expect(sessions[1]!.snapshot().hashAlgorithm).toBe('sha512');

    // A preference equal to what the engine chose sends nothing; null clears the preference.
    await dispatch(core.handlers, 'settings.set', { hashAlgorithm: 'sha1' });
    await dispatch(core.handlers, 'session.restart', {});
    await dispatch(core.handlers, 'session.tokensDone', {});
    expect(sessions[2]!.commands).toEqual([{ type: 'tokens-done' }]);
    expect(await dispatch(core.handlers, 'settings.set', { hashAlgorithm: null })).toMatchObject({ ok: true, value: { hashAlgorithm: null } });
    await core.close();
  });
});
