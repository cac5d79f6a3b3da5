// What the engine says along the wizard's flows, worded in Japanese: every message of every
// snapshot (check results, notices, busy work, the checklist, a cancel reason, the last error)
// and of every refused or failed command, over the in-memory cluster. None may leave English
// beyond names and data. The walk also runs in English to show the check catches English.
import { describe, expect, it } from 'vitest';
import { say, sayChecklist, sayCheck, sayRule, type TerminalLanguage } from '../../electron/session/words';
import { msg, type Message } from '../../shared/session/messages';
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import { englishLeft } from '../helpers/english-text';
import { makeWorld } from './doubles';
import { connectCmd, drive, firstMixed } from './flow';

/** Every worded text of a snapshot, in `language`. */
function texts(s: SessionSnapshot, language: TerminalLanguage): string[] {
  const out: Message[] = [...s.notices];
  if (s.busy) out.push(msg(`busy.${s.busy.action}`, { detail: s.busy.detail ?? '' }));
  if (s.kind === 'cancelled') out.push(s.reason);
  if (s.lastError) out.push(s.lastError.message);
  for (const c of s.review?.checks ?? []) out.push(c.detail);
  const words = out.map((m) => say(m, language));
  for (const c of s.review?.checks ?? []) words.push(sayCheck(c.id, language));
  for (const item of s.done?.checklist ?? []) words.push(sayChecklist(item, language));
  if (s.lastError?.kind === 'refused') words.push(sayRule(s.lastError.code, language));
  for (const row of s.entries) if (row.refusal) words.push(say(row.refusal.message, language), sayRule(row.refusal.code, language));
  return words;
}

/** The flows of the e2e suite over the doubles: first mixed mode, an update with a rogue token, a wrong PIN, servers added, deletions refused, non-secure, cancel. */
async function walk(language: TerminalLanguage): Promise<string[]> {
  const world = await makeWorld({ expiringNode: true });
  const seen: string[] = [];
  const first = await firstMixed(world);
  const record = (results: CommandResult[], snapshots: SessionSnapshot[]) => {
    for (const s of snapshots) seen.push(...texts(s, language));
    for (const r of results) if (!r.ok) seen.push(say(r.error.message, language));
  };
  record([], first.snapshots);

  const d = drive(world);
  const results: CommandResult[] = [];
  const send = async (command: SessionCommand) => results.push(await d.engine.dispatch(command));
  await send(connectCmd(world));
  await send({ type: 'choose-mode', mode: 'update' });
  await send({ type: 'tokens-done' }); // proof first
  await send({ type: 'preview-token', token: 'ROGUE' });
  await send({ type: 'add-token', token: 'ROGUE', pin: 'Cisco123' }); // not in the CTL
  await send({ type: 'preview-token', token: 'SAST-2' });
  await send({ type: 'add-token', token: 'SAST-2' }); // PIN needed
  await send({ type: 'add-token', token: 'SAST-2', pin: 'nope' }); // wrong PIN
  await send({ type: 'add-token', token: 'SAST-2', pin: 'Cisco123' });
  await send({ type: 'tokens-done' });
  await send({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, username: 'tftpadmin' }); // its own password needed
  await send({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444 });
  await send({ type: 'add-firewall', host: '127.0.0.9', port: 8443, password: world.password }); // port fixed
  await send({ type: 'add-firewall', host: '127.0.0.9', password: world.password });
  await send({ type: 'add-tftp-server', host: '127.0.0.1', port: 3444, password: world.password }); // listed already
  const ids = d.last().entries.map((e) => e.id);
  await send({ type: 'delete-entries', ids: [ids[0]!] }); // a node
  await send({ type: 'delete-entries', ids: d.last().entries.filter((e) => e.role === 'SAST').map((e) => e.id) }); // every token
  await send({ type: 'set-hash-algorithm', algorithm: 'sha256' });
  await send({ type: 'set-hash-algorithm', algorithm: 'sha512' });
  await send({ type: 'go-to-review' });
  await send({ type: 'override-check', check: 'hash-change', confirmation: 'wrong' });
  await send({ type: 'override-check', check: 'hash-change', confirmation: 'override hash-change' });
  await send({ type: 'sign', pin: 'Cisco123' });
  record(results, d.snapshots);

  const n = drive(world);
  const more: CommandResult[] = [];
  more.push(await n.engine.dispatch(connectCmd(world)));
  more.push(await n.engine.dispatch({ type: 'choose-mode', mode: 'non-secure' }));
  more.push(await n.engine.dispatch({ type: 'cancel' }));
  record(more, n.snapshots);
  return seen;
}

describe('the engine in Japanese', () => {
  it('every message along the flows is Japanese beyond names and data', async () => {
    const texts = await walk('ja');
    expect(texts.length).toBeGreaterThan(40);
    const fixtures = /\b(?:ROGUE|tftpadmin|nope)\b/g;
    expect(texts.filter((t) => englishLeft(t.replace(fixtures, ' ')) !== null)).toEqual([]);
  });

  it('the same walk in English is caught (the check can fail)', async () => {
    const texts = await walk('en');
    expect(texts.filter((t) => englishLeft(t) !== null).length).toBeGreaterThan(20);
  });
});
