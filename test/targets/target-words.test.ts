// A TFTP root's file-operation failure, as the administrator reads it: the service sends the
// problem as a message (what it was doing, where, the system's code), the engine nests it in the
// failure, and both languages word it; Japanese keeps only names, paths and codes.
import { describe, expect, it } from 'vitest';
import { fileProblem, targetAction, TargetError, type FileFailure, type TargetAction } from '../../electron/services/targets/errors';
import { FileTargetPort, targetFailure } from '../../electron/session/adapters/file-targets';
import { toCommandError } from '../../electron/session/errors';
import { say } from '../../electron/session/words';
import type { HostKeyStore } from '../../electron/services/trust-store';
import type { ProofBatchFormat } from '../../electron/session/ports';
import { englishLeft } from '../helpers/english-text';

const FAILURES: FileFailure[] = ['path-not-found', 'not-a-directory', 'permission-denied', 'disk-full', 'io'];
const ACTIONS: TargetAction[] = ['opening-folder', 'reading', 'writing', 'setting-mode', 'setting-owner', 'renaming-over', 'renaming-to', 'moving-aside', 'removing', 'syncing'];

function worded(failure: FileFailure, action: TargetAction) {
  const source = action.startsWith('renaming') ? '/srv/tftp/.CTLFile.tlv.stage-1' : undefined;
  const error = new TargetError(failure, 'sftp://tftp-1.example.com/srv/tftp', fileProblem(failure, targetAction(action, source), '/srv/tftp/CTLFile.tlv', 'EIO'));
  const message = toCommandError(targetFailure(error, 'tftp-1.example.com')).error.message;
  return { error, en: say(message, 'en'), ja: say(message, 'ja') };
}

describe('file-operation failures of a TFTP root', () => {
  it('read as before in English, with the path and what was being done', () => {
    expect(worded('permission-denied', 'writing').error.message)
      .toBe('sftp://tftp-1.example.com/srv/tftp: permission denied writing /srv/tftp/CTLFile.tlv: the account may not do this there; nothing changed');
    expect(worded('io', 'renaming-over').en).toContain('renaming /srv/tftp/.CTLFile.tlv.stage-1 over /srv/tftp/CTLFile.tlv failed: EIO');
    expect(worded('disk-full', 'writing').en).toContain("no space left on the target's disk writing /srv/tftp/CTLFile.tlv");
  });

  it('are Japanese through and through in Japanese, for every failure and action', () => {
    for (const failure of FAILURES) {
      for (const action of ACTIONS) {
        const { ja } = worded(failure, action);
        expect(ja, `${failure} ${action}`).not.toMatch(/\{\{|target-(reason|action)\./);
        expect(englishLeft(ja), `${failure} ${action}: ${ja}`).toBeNull();
      }
    }
    expect(worded('permission-denied', 'writing').ja).toContain('/srv/tftp/CTLFile.tlv の書き込みが拒否されました');
  });
});

describe('an unusable TFTP server address', () => {
  // As the engine opens a target the administrator typed (the port is never reached).
  const port = new FileTargetPort({} as HostKeyStore, {} as ProofBatchFormat, { cwd: '/home/admin' });
  const wordedRefusal = async (text: string) => {
    const error = await port.open(text, undefined, () => false).then(() => null, (e: unknown) => e);
    if (error === null) throw new Error(`"${text}" was accepted`);
    const message = toCommandError(error).error.message;
    return { en: say(message, 'en'), ja: say(message, 'ja') };
  };
  const REFUSED = ['sftp://admin:secret@h/srv', 'sftp://h/srv', 'sftp://admin@h', 'sftp://admin@h/srv?x=1', 'sftp://admin@h/srv/%zz',
    'ssh://admin@h/srv', 'ftp://admin@h/srv', '   ', 'file://server/share', 'sftp://', 'sftp://admin@h/a%00b'];

  it('says why in each language, with no English left in Japanese and no password shown', async () => {
    for (const text of REFUSED) {
      const { en, ja } = await wordedRefusal(text);
      expect(ja, text).not.toMatch(/\{\{|target-url\./);
      expect(englishLeft(ja), `${text}: ${ja}`).toBeNull();
      expect(`${en}${ja}`).not.toContain('secret');
    }
    expect((await wordedRefusal('ftp://admin@h/srv')).en).toContain('unsupported scheme "ftp:"');
    expect((await wordedRefusal('ftp://admin@h/srv')).ja).toContain('「ftp://」は使えません');
    expect((await wordedRefusal('sftp://admin:secret@h/srv')).ja).toContain('sftp://admin:***@h/srv は TFTP サーバとして使用できません: URL にはパスワードを書けません');
  });
});
