// Steps shared by the state-machine tests: drive an engine over the doubles as the wizard would.
import { expect } from 'vitest';
import type { CommandResult, SessionCommand, SessionSnapshot } from '../../shared/session/types';
import { createSession, type SessionEngine } from '../../electron/session/engine';
import type { EngineOptions } from '../../electron/session/context';
import type { SessionPorts } from '../../electron/session/ports';
import type { World } from './doubles';

export interface Driven {
  engine: SessionEngine;
  snapshots: SessionSnapshot[];
  last(): SessionSnapshot;
  ok(command: SessionCommand): Promise<SessionSnapshot>;
  refused(command: SessionCommand, code: string): Promise<CommandResult>;
}

/** `ports` adds ports the world has no double for (TFTP roots, the TFTP check). */
export function drive(world: World, options: Partial<EngineOptions> = {}, ports: Pick<SessionPorts, 'targets' | 'tftp'> = {}): Driven {
  const engine = createSession({ tokens: world.tokens, providers: world.providers, trust: world.trust, ...ports }, { commitRetryDelayMs: 1, ...options });
  const snapshots: SessionSnapshot[] = [];
  engine.subscribe((s) => snapshots.push(s));
  return {
    engine, snapshots,
    last: () => engine.snapshot(),
    async ok(command) {
      const result = await engine.dispatch(command);
      if (!result.ok) throw new Error(`${command.type} failed: ${JSON.stringify(result.error)}`);
      return engine.snapshot();
    },
    async refused(command, code) {
      const result = await engine.dispatch(command);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.kind === 'refused' ? result.error.code : `failed:${result.error.code}`).toBe(code);
      return result;
    },
  };
}

export const connectCmd = (world: World): SessionCommand => ({ type: 'connect', host: '127.0.0.1', port: 2444, username: 'ccmadmin', password: world.password });

export async function addToken(d: Driven, label: string, pin?: string): Promise<SessionSnapshot> {
  await d.ok({ type: 'preview-token', token: label });
  return d.ok({ type: 'add-token', token: label, ...(pin ? { pin } : {}) });
}

/** A first configuration in mixed mode with SAST-1 and SAST-2, up to the review (not signed). */
export async function mixedReview(world: World, options: Partial<EngineOptions> = {}): Promise<Driven> {
  const d = drive(world, options);
  await d.ok(connectCmd(world));
  await d.ok({ type: 'choose-mode', mode: 'mixed' });
  await addToken(d, 'SAST-1');
  await addToken(d, 'SAST-2');
  await d.ok({ type: 'tokens-done' });
  await d.ok({ type: 'go-to-review' });
  return d;
}

/** First configuration in mixed mode with SAST-1 and SAST-2 (SAST-1 signs). */
export async function firstMixed(world: World, options: Partial<EngineOptions> = {}): Promise<Driven> {
  const d = await mixedReview(world, options);
  const done = await d.ok({ type: 'sign', pin: 'Cisco123' });
  expect(done.kind).toBe('done');
  return d;
}
