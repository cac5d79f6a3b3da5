// State machine over in-memory doubles: connect, trust, first configuration, token rules.
import { say } from '../../electron/session/words';
import { describe, expect, it } from 'vitest';
import { decodeCtl, verifyCtl } from '../../shared/ctl';
import { makeWorld } from './doubles';
import { addToken, connectCmd, drive, firstMixed } from './flow';

describe('session engine: first configuration', () => {
  it('writes a mixed-mode CTL signed by SAST-1 with every node, CAPF and both tokens, to every node', async () => {
    const world = await makeWorld();
    const d = await firstMixed(world);
    const snap = d.last();
    expect(snap.kind).toBe('done');
    expect(snap.done?.outcome).toBe('committed');
    const nodes = world.providers.servers.filter((s) => s.kind === 'cluster-node');
    const bytes = nodes[0]!.ctl!;
    for (const n of nodes) {
      expect(Buffer.from(n.ctl!).equals(Buffer.from(bytes))).toBe(true);
      expect(n.mode).toBe('mixed');
    }
    const file = decodeCtl(bytes);
    expect(file.records.map((r) => `${r.role}:${r.dnsName}`)).toEqual([
      'CCM+TFTP:cucm-1', 'CAPF:cucm-1', 'CCM+TFTP:cucm-2', 'CCM+TFTP:cucm-3', 'SAST:', 'SAST:',
    ]);
    expect(file.signer.subject).toContain('SAST-1');
    expect((await verifyCtl(bytes)).signatureValid).toBe(true);
    // Not written to servers that were not added.
    expect(world.providers.server('alt-tftp-1').ctl).toBeNull();
    // CAPF distribution to the nodes that do not run CAPF.
    expect(world.providers.server('cucm-2').capfFiles[0]).toBe('capf.cer');
    expect(world.providers.server('cucm-1').capfFiles).toEqual([]);
    // Results, checklist and report.
    expect(snap.done!.results.every((r) => r.status === 'verified' && r.sha256 === snap.publish!.sha256)).toBe(true);
    expect(snap.done!.checklist.map((c) => c.id)).toEqual(['restart-callmanager', 'restart-tftp', 'reset-devices', 'remove-tokens']);
    expect(snap.done!.report.signer?.label).toBe('SAST-1');
    expect(snap.done!.reportMarkdown).toContain('Signed by token "SAST-1"');
    // One login per token, one signature (first time: no proof).
    expect(world.tokens.logins).toBe(1);
    expect(world.tokens.signs).toBe(1);
    // Logins released and locks dropped at the end.
    expect(world.tokens.loggedIn.size).toBe(0);
    expect(nodes.every((n) => n.lockedBy === null)).toBe(true);
  });

  it('never puts a password or PIN into a snapshot or the report', async () => {
    const world = await makeWorld();
    const d = await firstMixed(world);
    const all = JSON.stringify(d.snapshots) + JSON.stringify(d.engine.report());
    expect(d.snapshots.length).toBeGreaterThan(5);
    expect(all).not.toContain(world.password);
    expect(all).not.toContain('Cisco123');
  });

  it('refuses to continue with one token and names the rule', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    const r = await d.refused({ type: 'tokens-done' }, 'tokens-below-minimum');
    if (!r.ok && r.error.kind === 'refused') {
      expect(r.error.message).toEqual({ code: 'refusal.too-few-tokens', params: { count: 1, minimum: 2 } });
      expect(r.error.guidePages).toEqual(['3-11', '3-17']);
    }
    expect(d.last().kind).toBe('tokens');
    expect(d.last().lastError?.kind).toBe('refused');
  });

  it('refuses the same token twice and asks to show a token before adding it', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await d.refused({ type: 'add-token', token: 'SAST-1' }, 'failed:invalid-command');
    const shown = await d.ok({ type: 'preview-token', token: 'SAST-1' });
    expect(shown.tokens?.candidate?.label).toBe('SAST-1');
    expect(shown.tokens?.candidate?.certificate?.subjectCn).toBe('SAST-1');
    expect(shown.tokens?.severalPresent).toBe(true);
    expect(shown.notices.map((n) => say(n, 'en')).join(' ')).toMatch(/one token at a time/);
    await d.ok({ type: 'add-token', token: 'SAST-1' });
    await d.ok({ type: 'preview-token', token: 'SAST-1' });
    await d.refused({ type: 'add-token', token: 'SAST-1' }, 'token-already-added');
    expect(d.last().tokens?.added.map((t) => t.label)).toEqual(['SAST-1']);
  });

  it('offers update only when a CTL exists', async () => {
    const world = await makeWorld();
    const d = drive(world);
    const s = await d.ok(connectCmd(world));
    expect(s.kind).toBe('mode');
    expect(s.modeChoices.find((m) => m.mode === 'update')?.offered).toBe(false);
    await d.refused({ type: 'choose-mode', mode: 'update' }, 'mode-not-offered');
  });

  it('rejects a command that does not fit the state with a typed error', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.refused({ type: 'sign', pin: 'x' }, 'failed:invalid-command');
    expect(d.last().allowed).toEqual(['connect', 'connect-targets', 'cancel']);
    await d.refused({ ...connectCmd(world), password: 'wrong' } as never, 'failed:auth-failed');
    expect(d.last().kind).toBe('connect');
  });

  it('asks to trust an unknown provider before sending credentials, then connects', async () => {
    const world = await makeWorld();
    world.trust.trustOnFirstUse = false;
    const d = drive(world);
    const s = await d.ok(connectCmd(world));
    expect(s.kind).toBe('trust');
    if (s.kind !== 'trust') return;
    expect(world.providers.opened).toBe(0);
    await d.refused({ type: 'trust-provider', fingerprints: ['00'.repeat(32)] }, 'failed:invalid-command');
    // Trusting the first node connects with the password given once (it is not typed again),
    // and the other nodes present their certificates together, in one step.
    const again = await d.ok({ type: 'trust-provider', fingerprints: [s.presented.fingerprint] });
    expect(again.kind).toBe('trust');
    if (again.kind !== 'trust') return;
    expect(1 + (again.others?.length ?? 0)).toBe(2);
    const connected = await d.ok({ type: 'trust-provider', fingerprints: [again.presented, ...(again.others ?? [])].map((id) => id.fingerprint) });
    expect(connected.kind).toBe('mode');
    expect(connected.cluster?.nodes.map((n) => n.name)).toEqual(['cucm-1', 'cucm-2', 'cucm-3']);
  });

  it('reports unreachable nodes by name and blocks signing without override', async () => {
    const world = await makeWorld();
    world.providers.server('cucm-3').faults.unreachable = true;
    const d = drive(world);
    const s = await d.ok(connectCmd(world));
    expect(s.cluster?.unreachable).toEqual(['cucm-3']);
    expect(s.notices.map((n) => say(n, 'en')).join(' ')).toMatch(/cucm-3/);
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    const review = await d.ok({ type: 'go-to-review' });
    const reach = review.review?.checks.find((c) => c.id === 'targets-reachable');
    expect(reach?.status).toBe('fail');
    expect(reach?.overridable).toBe(false);
    expect(say(reach!.detail, 'en')).toMatch(/cucm-3/);
    await d.refused({ type: 'override-check', check: 'targets-reachable', confirmation: 'override targets-reachable' }, 'check-not-overridable');
    await d.refused({ type: 'sign', pin: 'Cisco123' }, 'check-blocking');
    expect(world.providers.servers.every((x) => x.ctl === null)).toBe(true);
  });

  it('writes only hashes phones verify: SHA-256 is refused, SHA-512 is written', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    await d.refused({ type: 'set-hash-algorithm', algorithm: 'sha256' }, 'hash-not-verifiable');
    await d.ok({ type: 'set-hash-algorithm', algorithm: 'sha512' });
    const review = await d.ok({ type: 'go-to-review' });
    const checks = Object.fromEntries(review.review!.checks.map((c) => [c.id, c.status]));
    expect(checks).toMatchObject({ 'hash-compatibility': 'pass', 'hash-change': 'pass', 'current-ctl-consistent': 'pass' });
    expect(review.review!.canSign).toBe(true);
    await d.ok({ type: 'sign', pin: 'Cisco123' });
    expect(decodeCtl(world.providers.server('cucm-1').ctl!).hashAlgorithm).toBe('sha512');
  });

  it('warns about certificates expiring within 30 days without blocking', async () => {
    const world = await makeWorld({ expiringNode: true });
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    const review = await d.ok({ type: 'go-to-review' });
    const expiry = review.review!.checks.find((c) => c.id === 'expiry')!;
    expect(expiry.status).toBe('warn');
    expect(say(expiry.detail, 'en')).toMatch(/cucm-3/);
    expect(review.review!.canSign).toBe(true);
  });

  it('writes non-secure mode with server certificates stripped and SAST records whole', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'non-secure' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    await d.ok({ type: 'go-to-review' });
    const done = await d.ok({ type: 'sign', pin: 'Cisco123' });
    expect(done.done?.outcome).toBe('committed');
    // Phones keep a CTL in non-secure mode: the checklist says how to return them to factory state.
    expect(done.done!.checklist.map((c) => c.id)).toContain('erase-phone-ctl');
    const node = world.providers.server('cucm-2');
    expect(node.mode).toBe('non-secure');
    const file = decodeCtl(node.ctl!);
    for (const r of file.records) {
      if (r.role === 'SAST') expect(r.certificate).not.toBeNull();
      else expect([r.certificate, r.publicKey, r.signature]).toEqual([null, null, null]);
    }
  });

  it('asks for the PIN at Finish and reports a wrong PIN as a token error without changing anything', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await addToken(d, 'SAST-1');
    await addToken(d, 'SAST-2');
    await d.ok({ type: 'tokens-done' });
    const review = await d.ok({ type: 'go-to-review' });
    expect(review.review?.signer?.needsPin).toBe(true);
    await d.refused({ type: 'sign' }, 'failed:pin-required');
    await d.refused({ type: 'sign', pin: 'wrong' }, 'failed:token-error');
    expect(d.last().kind).toBe('review');
    expect(world.providers.servers.every((x) => x.ctl === null)).toBe(true);
  });
});

describe('session engine: certificate viewer', () => {
  it('returns the DER of an entry by id (snapshots carry none)', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    const s = await d.ok({ type: 'choose-mode', mode: 'mixed' });
    const node = s.entries.find((e) => e.host === 'cucm-2')!;
    expect(Buffer.from(d.engine.entryCertificate(node.id)!).equals(Buffer.from(world.providers.server('cucm-2').tls.der))).toBe(true);
    expect(d.engine.entryCertificate('nope')).toBeNull();
  });
});
