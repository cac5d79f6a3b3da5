// TokenOps over a worker thread, through the typed messages of token-rpc.ts. The worker holds
// the event loop only while a request is pending, so a CLI that forgets close() still exits.
import { Worker } from 'node:worker_threads';
import { TokenError } from './errors';
import type { OpArgs, OpName, OpReply, OpRequest, OpValue } from './token-rpc';
import type { TokenOps } from './token-ops';

interface Pending {
  // Method syntax: each call settles with the reply of its own op (replies are matched by id).
  settle(reply: OpReply): void;
  reject(error: TokenError): void;
}

export class WorkerBackend {
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: TokenError | null = null;

  /**
   * workerUrl: the worker script. Default: worker-entry.mjs beside this file: in the sources it
   * runs the TypeScript through tsx; in the command-line bundle (dist/cli) it is the compiled
   * worker beside the chunk. The Electron main passes its CommonJS worker here.
   */
  constructor(workerUrl: URL | string = new URL('./worker-entry.mjs', import.meta.url)) {
    this.worker = new Worker(workerUrl);
    this.worker.unref();
    this.worker.on('message', (reply: OpReply) => this.settle(reply));
    this.worker.on('error', (error) => this.fail(new TokenError('function-failed', `The token worker failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => this.fail(new TokenError('service-closed', `The token worker stopped (exit code ${code}).`)));
  }

  private settle(reply: OpReply): void {
    const pending = this.pending.get(reply.id);
    if (!pending) return;
    this.pending.delete(reply.id);
    if (this.pending.size === 0) this.worker.unref();
    pending.settle(reply);
  }

  private fail(error: TokenError): void {
    this.exited = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  /** Sends one op with exactly that op's arguments; resolves with that op's value. */
  call<K extends OpName>(op: K, ...args: OpArgs<K>): Promise<OpValue<K>> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise<OpValue<K>>((resolve, reject) => {
      const settle = (reply: OpReply<K>): void => {
        // The worker's error crosses as data (code, CKR name, message, PIN state) and is rebuilt.
        if (reply.ok) resolve(reply.value);
        else reject(TokenError.fromData(reply.error));
      };
      this.pending.set(id, { settle, reject });
      this.worker.ref();
      this.send({ id, op, args });
    });
  }

  private send<K extends OpName>(request: OpRequest<K>): void {
    this.worker.postMessage(request);
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /** The TokenOps view: every method is one message to the worker. */
  ops(): TokenOps {
    return {
      init: (...args) => this.call('init', ...args),
      list: () => this.call('list'),
      login: (...args) => this.call('login', ...args),
      sign: (...args) => this.call('sign', ...args),
      changePin: (...args) => this.call('changePin', ...args),
      release: (...args) => this.call('release', ...args),
      rescan: (...args) => this.call('rescan', ...args),
      openTokens: () => this.call('openTokens'),
      counts: () => this.call('counts'),
      resetCounts: () => this.call('resetCounts'),
      close: async () => {
        try {
          await this.call('close');
        } finally {
          await this.terminate();
        }
      },
    };
  }
}
