// Worker thread that owns the PKCS#11 module: token calls (some block for seconds on real
// tokens) never run on the main thread. Requests and replies follow token-ops.ts.
import { parentPort } from 'node:worker_threads';
import { EngineHost } from './engine-host';
import { TokenError, toTokenError } from './errors';
import type { OpRequest, OpResponse, TokenOps } from './token-ops';

const host = new EngineHost();
const port = parentPort;
if (!port) throw new Error('token-worker.ts must run as a worker thread');

// Requests run one at a time: a PKCS#11 session must not be used by two calls at once.
let queue: Promise<void> = Promise.resolve();

port.on('message', (request: OpRequest) => {
  queue = queue.then(async () => {
    let response: OpResponse;
    try {
      const method = host[request.op] as (...args: unknown[]) => Promise<unknown>;
      const value = await method.apply(host, request.args);
      response = { id: request.id, ok: true, value };
    } catch (error) {
      const typed = error instanceof TokenError ? error : toTokenError(error, `Token operation ${request.op}`);
      response = { id: request.id, ok: false, error: typed.toData() };
    }
    port.postMessage(response);
  });
});

export type { TokenOps };
