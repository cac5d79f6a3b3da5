// The guide's rules as pure functions, and the command schema that guards the engine from
// untrusted input (property-based: nothing malformed gets through, nothing valid is lost).
import { msg } from '../../shared/session/messages';
import { say } from '../../electron/session/words';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSessionCommand } from '../../shared/session/command-schema';
import type { CtlRecord } from '../../shared/ctl/model';
import type { Entry } from '../../electron/session/model';
import {
  canChooseMode, canDelete, canDeleteAll, enoughTokens, firewallPort, firewallPortFor, firewallPortRequest, isLoopbackHost, modeChoices, targetSecurityMode,
} from '../../electron/session/rules';
import { runChecks } from '../../electron/session/review';

const record = (role: CtlRecord['role'], name: string): CtlRecord => ({
  role, dnsName: role === 'SAST' ? '' : name, subject: `CN=${name}`, issuer: 'CN=CA', serial: new Uint8Array([name.length, 1]),
  publicKey: null, signature: null, certificate: null, ipAddress: null,
});
const entry = (id: string, source: Entry['source'], role: CtlRecord['role']): Entry => ({
  id, source, record: record(role, id), fingerprint: null, notAfter: null, parseError: null,
});

describe('rules', () => {
  const table = [
    entry('node:a', 'cluster-node', 'CCM+TFTP'), entry('capf:a', 'cluster-capf', 'CAPF'), entry('tftp:x', 'tftp-server', 'TFTP'),
    entry('fw', 'firewall', 'CCM'), entry('t1', 'token', 'SAST'), entry('t2', 'token', 'SAST'), entry('t3', 'token', 'SAST'),
  ];

  it('protects cluster entries and keeps two tokens, naming the rule and its guide reference', () => {
    expect(canDelete(table[0]!, table)?.code).toBe('entry-protected');
    expect(canDelete(table[1]!, table)?.code).toBe('entry-protected');
    expect(canDelete(table[2]!, table)).toBeNull();
    expect(canDelete(table[4]!, table)).toBeNull();
    expect(canDeleteAll(['t1', 't2'], table)?.code).toBe('tokens-below-minimum');
    expect(canDeleteAll(['t1', 'tftp:x'], table)).toBeNull();
    expect(canDeleteAll(['nope'], table)?.code).toBe('entry-not-found');
    const two = table.filter((e) => e.id !== 't3');
    const r = canDelete(two[4]!, two)!;
    expect(r.code).toBe('tokens-below-minimum');
    expect(r.message).toEqual({ code: 'refusal.delete-below-minimum', params: { entry: two[4]!.record.subject, minimum: 2 } });
    expect(r.guidePages).toEqual(['3-11', '3-17']);
  });

  it('needs two tokens, fixes the firewall port, offers update only with a CTL', () => {
    expect(enoughTokens(1)?.code).toBe('tokens-below-minimum');
    expect(enoughTokens(2)).toBeNull();
    expect(firewallPort(2444)).toBeNull();
    expect(firewallPort(443)?.code).toBe('firewall-port-fixed');
    // A first-time cluster (non-secure, no CTL): mixed mode is where the screen starts; a first CTL may be non-secure.
    expect(modeChoices(false, 'non-secure').map((m) => [m.mode, m.offered, m.recommended])).toEqual([['mixed', true, true], ['non-secure', true, false], ['update', false, false]]);
    // A mixed cluster with a CTL: everything offered; Update is where the screen starts, not mixed mode again.
    expect(modeChoices(true, 'mixed').map((m) => [m.mode, m.offered, m.recommended])).toEqual([['mixed', true, false], ['non-secure', true, false], ['update', true, true]]);
    expect(modeChoices(true, 'mixed')[0]!.note).toBe('already-mixed');
    // A non-secure cluster with a CTL: setting non-secure again would change nothing.
    expect(modeChoices(true, 'non-secure').map((m) => [m.mode, m.offered, m.note])).toEqual([['mixed', true, null], ['non-secure', false, 'already-non-secure'], ['update', true, null]]);
    expect(canChooseMode('non-secure', true, 'non-secure')?.code).toBe('mode-not-offered');
    expect(canChooseMode('non-secure', true, 'mixed')).toBeNull();
    expect(canChooseMode('update', false, 'non-secure')?.code).toBe('mode-not-offered');
    expect(targetSecurityMode('update', 'non-secure')).toBe('non-secure');
    expect(targetSecurityMode('mixed', 'non-secure')).toBe('mixed');
  });

  it('protects firewall entries and carried servers that answered; a carried server that did not answer may go', () => {
    const reached: Entry = { ...entry('tftp:127.0.0.1:2444', 'carried', 'TFTP'), targetId: 'tftp:127.0.0.1:2444' };
    const gone: Entry = { ...entry('carried:6:alt', 'carried', 'TFTP'), problem: msg('problem.not-connected') };
    const list = [...table, reached, gone];
    expect(canDelete(table[3]!, list)?.code).toBe('entry-protected');
    expect(canDelete(reached, list)?.code).toBe('entry-protected');
    expect(say(canDelete(reached, list)!.message, 'en')).toMatch(/answered/);
    expect(canDelete(gone, list)).toBeNull();
    expect(canDeleteAll(['fw'], list)?.code).toBe('entry-protected');
    expect(canDeleteAll([gone.id, 'tftp:x'], list)).toBeNull();
  });

  it('uses a demo provider port for loopback hosts only', () => {
    for (const h of ['127.0.0.1', '127.3.2.1', '::1', '[::1]', 'localhost', 'LOCALHOST']) expect(isLoopbackHost(h)).toBe(true);
    for (const h of ['10.0.0.1', '128.0.0.1', '127.0.0.1.example.com', 'cucm-1', '::2']) expect(isLoopbackHost(h)).toBe(false);
    expect(firewallPortFor('127.0.0.1', 9444)).toBe(9444);
    expect(firewallPortFor('10.1.1.1', 9444)).toBe(2444);
    expect(firewallPortRequest('10.1.1.1', 2444, 9444)).toBeNull();
    expect(firewallPortRequest('10.1.1.1', 9444, 9444)?.code).toBe('firewall-port-fixed');
    expect(firewallPortRequest('127.0.0.1', 2444, 9444)?.code).toBe('firewall-port-fixed');
    expect(firewallPortRequest('127.0.0.1', undefined, 9444)).toBeNull();
  });

  it('refuses a hash the signing key cannot carry, without override', () => {
    const checks = runChecks({
      entries: table, current: null, signer: null, signerRecord: null, signerModulusBits: 512, hashAlgorithm: 'sha512',
      unreachable: [], overrides: [], now: new Date(),
    });
    const hash = checks.find((c) => c.id === 'hash-compatibility')!;
    expect(hash.status).toBe('fail');
    expect(hash.overridable).toBe(false);
    expect(checks.find((c) => c.id === 'signer-in-current-ctl')?.status).toBe('fail');
  });
});

describe('session command schema', () => {
  it('accepts valid commands unchanged', () => {
    const commands = [
      { type: 'connect', host: 'cucm1', port: 2444, username: 'admin', password: 'p' },
      { type: 'add-token', token: 'SAST-1', pin: 'Cisco123', confirmFinalTry: true },
      { type: 'delete-entries', ids: ['token:ab'] },
      { type: 'override-check', check: 'expiry', confirmation: 'override expiry' },
      { type: 'sign' },
    ];
    for (const c of commands) expect(parseSessionCommand(c)).toEqual({ ok: true, command: c });
  });

  it('rejects anything malformed without throwing, and never echoes a secret', () => {
    fc.assert(fc.property(fc.anything(), (value) => {
      const r = parseSessionCommand(value);
      if (r.ok) expect(typeof r.command.type).toBe('string');
    }), { numRuns: 500 });
    fc.assert(fc.property(fc.nat().map((n) => `PIN-SECRET-${n}`), fc.constantFrom('extra', 'pinn', 'type'), (pin, key) => {
      const r = parseSessionCommand({ type: 'sign', pin, [key]: key === 'type' ? 'signn' : 1 });
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.message).not.toContain('PIN-SECRET');
    }), { numRuns: 200 });
    expect(parseSessionCommand({ type: 'choose-mode', mode: 'secure' }).ok).toBe(false);
    expect(parseSessionCommand({ type: 'connect', host: '', username: 'a', password: 'b' }).ok).toBe(false);
  });
});
