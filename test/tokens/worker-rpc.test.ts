// The token worker's typed RPC: requests are checked at run time in the worker (an unknown op
// or a malformed request is answered with an error, never looked up on the host by string),
// and a TokenError thrown in the worker reaches the caller as a TokenError (code, CKR, PIN).
import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import type { TokenErrorData } from '../../shared/tokens/types';
import { CKR } from '../../electron/services/tokens/constants';
import { DriverHost } from '../../electron/services/tokens/driver-host';
import { TokenError } from '../../electron/services/tokens/errors';
import { handleRequest, type OpHandlers, type OpReply } from '../../electron/services/tokens/token-rpc';
import { WorkerBackend } from '../../electron/services/tokens/worker-backend';

const WORKER = new URL('../../electron/services/tokens/worker-entry.mjs', import.meta.url);

function errorOf(reply: OpReply | null): TokenErrorData {
  if (!reply || reply.ok) throw new Error(`expected an error reply, got ${JSON.stringify(reply)}`);
  return reply.error;
}

describe('handleRequest (the worker side)', () => {
  const host = new DriverHost();

  it('rejects unknown ops, inherited names included, without calling anything', async () => {
    for (const op of ['nope', 'constructor', '__proto__', 'toString', 'hasOwnProperty', 'live', 'engine']) {
      const error = errorOf(await handleRequest(host, { id: 7, op, args: [] }));
      expect(error).toMatchObject({ code: 'function-failed', ckr: null });
      expect(error.message).toBe(`The token worker rejected an unknown operation ${JSON.stringify(op)}.`);
    }
    expect(errorOf(await handleRequest(host, { id: 8, op: 42, args: [] })).message).toBe('The token worker rejected an unknown operation of type number.');
  });

  it('rejects a known op without an argument list, and drops a message it cannot answer', async () => {
    expect(errorOf(await handleRequest(host, { id: 9, op: 'list', args: 'x' })).message).toBe('The token worker rejected a malformed list request (no argument list).');
    expect(await handleRequest(host, { op: 'list', args: [] })).toBeNull();
    expect(await handleRequest(host, { id: 1.5, op: 'list', args: [] })).toBeNull();
    expect(await handleRequest(host, null)).toBeNull();
  });

  it('answers with the op value, and maps a PKCS#11 failure to typed error data', async () => {
    const handlers: OpHandlers = {
      ...stubHandlers(),
      openTokens: async () => ['s1', 's2'],
      release: async () => {
        throw Object.assign(new Error('CKR_PIN_INCORRECT'), { code: CKR.CKR_PIN_INCORRECT });
      },
    };
    expect(await handleRequest(handlers, { id: 3, op: 'openTokens', args: [] })).toEqual({ id: 3, ok: true, value: ['s1', 's2'] });
    const error = errorOf(await handleRequest(handlers, { id: 4, op: 'release', args: ['SAST-1'] }));
    expect(error).toMatchObject({ code: 'pin-incorrect', ckr: 'CKR_PIN_INCORRECT' });
    expect(error.message).toMatch(/^Token operation release: The PIN is incorrect\./);
  });
});

describe('the token worker thread', () => {
  const cleanup: Array<() => Promise<unknown>> = [];
  afterEach(async () => {
    for (const step of cleanup.splice(0)) await step();
  });

  it('answers an unknown op posted to it with an error reply for that id', async () => {
    const worker = new Worker(WORKER);
    cleanup.push(() => worker.terminate());
    const reply = new Promise<unknown>((resolve) => worker.once('message', resolve));
    worker.postMessage({ id: 11, op: 'constructor', args: [] });
    expect(await reply).toEqual({ id: 11, ok: false, error: { code: 'function-failed', ckr: null, message: 'The token worker rejected an unknown operation "constructor".' } });
  });

  it("rebuilds the worker's TokenError on the main thread", async () => {
    const backend = new WorkerBackend();
    cleanup.push(() => backend.terminate());
    // No init yet: the worker's host throws service-closed.
    const error: unknown = await backend.call('list').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TokenError);
    expect(error).toMatchObject({ code: 'service-closed', ckr: null, message: 'The token service is not started (or was closed).' });
  });
});

function stubHandlers(): OpHandlers {
  const unused = async (): Promise<never> => {
    throw new Error('not used in this test');
  };
  return { init: unused, list: unused, login: unused, sign: unused, changePin: unused, release: unused, rescan: unused, openTokens: unused, counts: unused, resetCounts: unused, close: unused };
}
