// Worker thread that owns the PKCS#11 module: token calls (some block for seconds on real
// tokens) never run on the main thread. Requests and replies follow token-rpc.ts.
import { parentPort } from 'node:worker_threads';
import { DriverHost } from './driver-host';
import { handleRequest } from './token-rpc';

const host = new DriverHost();
const port = parentPort;
if (!port) throw new Error('token-worker.ts must run as a worker thread');

// Requests run one at a time: a PKCS#11 session must not be used by two calls at once.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: unknown) => {
  queue = queue.then(async () => {
    // A message without a usable id cannot be answered (nobody waits for it): it is dropped.
    const reply = await handleRequest(host, message);
    if (reply) port.postMessage(reply);
  });
});
