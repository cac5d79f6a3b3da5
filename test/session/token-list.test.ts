// The token list is read once (during connect) for choose-mode, preview and a proving add-token, and read
// again whenever reusing it could be wrong: a token missing from it, a token added without a
// login, a hot-plug refresh, a failed command, an old list.
import { describe, expect, it } from 'vitest';
import { TokenList } from '../../electron/session/token-list';
import type { TokenInfo } from '../../shared/tokens/types';
import { makeWorld, type World } from './doubles';
import { addToken, connectCmd, drive, firstMixed } from './flow';

/** Counts list() calls of the world's token double. */
function countLists(world: World): { count: () => number } {
  let n = 0;
  const list = world.tokens.list.bind(world.tokens);
  world.tokens.list = async () => {
    n += 1;
    return list();
  };
  return { count: () => n };
}

async function updateSession(world: World, beforeConnect: () => void = () => undefined) {
  await firstMixed(world);
  beforeConnect();
  const d = drive(world);
  await d.ok(connectCmd(world));
  return d;
}

describe('session engine: token list reuse', () => {
  it('an update lists the tokens once, during connect, for choose-mode, preview and the proving add-token', async () => {
    const world = await makeWorld();
    let lists = { count: () => 0 };
    const d = await updateSession(world, () => { lists = countLists(world); });
    expect(lists.count()).toBe(1);
    await d.ok({ type: 'choose-mode', mode: 'update' });
    expect(d.last().tokens?.present.map((t) => t.label)).toEqual(['SAST-1', 'SAST-2', 'SAST-3', 'ROGUE']);
    await addToken(d, 'SAST-2', 'Cisco123');
    expect(lists.count()).toBe(1);
    expect(d.last().tokens?.added.map((t) => [t.label, t.proven])).toEqual([['SAST-2', true]]);
    // The second token needs no login: its preview reuses the list, its add-token lists afresh.
    await addToken(d, 'SAST-3');
    expect(lists.count()).toBe(2);
  });

  it('finds a token inserted after the list was read, with no hot-plug event', async () => {
    const world = await makeWorld();
    const sast2 = world.tokens.tokens.find((t) => t.label === 'SAST-2')!;
    let lists = { count: () => 0 };
    const d = await updateSession(world, () => {
      world.tokens.tokens = world.tokens.tokens.filter((t) => t !== sast2);
      lists = countLists(world);
    });
    await d.ok({ type: 'choose-mode', mode: 'update' });
    expect(d.last().tokens?.present.map((t) => t.label)).not.toContain('SAST-2');
    world.tokens.tokens.push(sast2);
    await addToken(d, 'SAST-2', 'Cisco123');
    expect(lists.count()).toBe(2);
    expect(d.last().tokens?.added[0]?.label).toBe('SAST-2');
  });

  it('a first-time add-token of a token pulled after its preview is refused (no login vouches for it)', async () => {
    const world = await makeWorld();
    const d = drive(world);
    await d.ok(connectCmd(world));
    await d.ok({ type: 'choose-mode', mode: 'mixed' });
    await d.ok({ type: 'preview-token', token: 'SAST-1' });
    world.tokens.tokens = world.tokens.tokens.filter((t) => t.label !== 'SAST-1');
    await d.refused({ type: 'add-token', token: 'SAST-1' }, 'failed:token-error');
    expect(d.last().tokens?.added).toEqual([]);
  });

  it('a hot-plug refresh reads the list again and shows what changed', async () => {
    const world = await makeWorld();
    const d = await updateSession(world);
    await d.ok({ type: 'choose-mode', mode: 'update' });
    const lists = countLists(world);
    world.tokens.tokens = world.tokens.tokens.filter((t) => t.label !== 'ROGUE');
    await d.engine.refreshTokens();
    expect(lists.count()).toBe(1);
    expect(d.last().tokens?.present.map((t) => t.label)).not.toContain('ROGUE');
  });
});

describe('TokenList', () => {
  const info = (serial: string) => ({ serial }) as TokenInfo;

  it('reuses a list younger than the limit, lists again when older, after invalidate, and on fresh', async () => {
    let now = 0;
    let calls = 0;
    const port = {
      list: async () => [info(String(++calls))],
      login: async () => undefined, sign: async () => new Uint8Array(), release: async () => undefined,
    };
    const list = new TokenList(port, 1000, () => now);
    expect(await list.recent()).toEqual({ list: [info('1')], reused: false });
    now = 1000;
    expect(await list.recent()).toEqual({ list: [info('1')], reused: true });
    now = 1001;
    expect(await list.recent()).toEqual({ list: [info('2')], reused: false });
    list.invalidate();
    expect((await list.recent()).reused).toBe(false);
    expect(await list.fresh()).toEqual([info('4')]);
    expect(await list.recent()).toEqual({ list: [info('4')], reused: true });
  });

  it('waits for a list being read instead of reading another; a failed one is read again', async () => {
    let calls = 0;
    let release: (fail: boolean) => void = () => undefined;
    const port = {
      list: () => {
        calls += 1;
        return new Promise<TokenInfo[]>((resolve, reject) => {
          release = (fail) => (fail ? reject(new Error('gone')) : resolve([info(String(calls))]));
        });
      },
      login: async () => undefined, sign: async () => new Uint8Array(), release: async () => undefined,
    };
    const list = new TokenList(port, 1000, () => 0);
    void list.fresh().catch(() => undefined);
    const waiting = list.recent();
    release(false);
    expect(await waiting).toEqual({ list: [info('1')], reused: true });
    expect(calls).toBe(1);
    void list.fresh().catch(() => undefined);
    const again = list.recent();
    release(true);
    await new Promise((r) => setTimeout(r, 0));
    release(false);
    expect(await again).toEqual({ list: [info('3')], reused: false });
    expect(calls).toBe(3);
  });

  it('with a limit of 0 lists every time', async () => {
    let calls = 0;
    const port = {
      list: async () => [info(String(++calls))],
      login: async () => undefined, sign: async () => new Uint8Array(), release: async () => undefined,
    };
    const list = new TokenList(port, 0, () => 0);
    await list.recent();
    expect(await list.recent()).toEqual({ list: [info('2')], reused: false });
  });

  it('keeps nothing from a list that failed', async () => {
    let fail = true;
    const port = {
      list: async () => {
        if (fail) throw new Error('token worker gone');
        return [info('1')];
      },
      login: async () => undefined, sign: async () => new Uint8Array(), release: async () => undefined,
    };
    const list = new TokenList(port, 1000, () => 0);
    await expect(list.recent()).rejects.toThrow('token worker gone');
    fail = false;
    expect(await list.recent()).toEqual({ list: [info('1')], reused: false });
  });
});
