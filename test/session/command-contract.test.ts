// The session contract has one source: the bridge's session methods, their request schemas and
// the engine's check of every command come from the same schemas, so a limit holds the same for
// the wizard (over the bridge) and the command line (straight to the engine).
import { say } from '../../electron/session/words';
import { describe, expect, it } from 'vitest';
import { requestSchemas } from '../../shared/ipc/contract';
import { METHOD_NAMES, SESSION_COMMANDS, sessionMethodOf } from '../../shared/ipc/methods';
import { sessionCommandPayloads } from '../../shared/session/command-schema';
import { SESSION_COMMAND_STATES, SESSION_COMMAND_TYPES, commandsAllowedIn } from '../../shared/session/command-states';
import { FIELD_LIMITS } from '../../shared/session/fields';
import type { SessionCommand } from '../../shared/session/types';
import { makeWorld } from './doubles';
import { connectCmd, drive } from './flow';

describe('session contract', () => {
  it('gives every command one bridge method whose request schema is the engine\'s own', () => {
    expect(Object.keys(SESSION_COMMANDS)).toHaveLength(SESSION_COMMAND_TYPES.length);
    for (const type of SESSION_COMMAND_TYPES) {
      const method = sessionMethodOf(type);
      expect(METHOD_NAMES).toContain(method);
      expect(SESSION_COMMANDS[method]).toBe(type);
      expect(requestSchemas[method]).toBe(sessionCommandPayloads[type]);
    }
    expect(sessionMethodOf('add-tftp-server')).toBe('session.addTftpServer');
    expect(new Set(METHOD_NAMES).size).toBe(METHOD_NAMES.length);
  });

  it('lists for each step the commands the engine accepts there', async () => {
    expect(commandsAllowedIn('review')).toEqual(['set-hash-algorithm', 'choose-signer', 'override-check', 'sign', 'cancel', 'back']);
    expect(commandsAllowedIn('done')).toEqual([]);
    const world = await makeWorld();
    const d = drive(world);
    expect(d.last().allowed).toEqual(commandsAllowedIn('connect'));
    await d.refused({ type: 'sign' }, 'failed:invalid-command');
    const snap = await d.ok(connectCmd(world));
    expect(snap.kind).toBe('mode');
    expect(snap.allowed).toEqual([...SESSION_COMMAND_TYPES].filter((t) => (SESSION_COMMAND_STATES[t] as readonly string[]).includes('mode')));
  });

  it('holds commands sent straight to the engine to the bridge\'s limits, without echoing a secret', async () => {
    const world = await makeWorld();
    const d = drive(world);
    const longPassword = 'S'.repeat(FIELD_LIMITS.password + 1);
    const tooLong = { ...connectCmd(world), password: longPassword };
    const { type: _type, ...payload } = tooLong;
    expect(requestSchemas['session.connect'].safeParse(payload).success).toBe(false);
    expect(requestSchemas['session.connect'].safeParse({ ...payload, password: 'S' }).success).toBe(true);
    const result = await d.engine.dispatch(tooLong);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('invalid-command');
      expect(say(result.error.message, 'en')).toContain('password');
      expect(JSON.stringify(result.error)).not.toContain(longPassword.slice(0, 20));
    }
    // An unknown field is refused the same way (the bridge's schemas are strict too).
    const extra = { ...connectCmd(world), admin: true } as unknown as SessionCommand;
    expect((await d.engine.dispatch(extra)).ok).toBe(false);
    expect(d.last().kind).toBe('connect');
    // Within the limits the same command connects.
    expect((await d.engine.dispatch(connectCmd(world))).ok).toBe(true);
  });
});
