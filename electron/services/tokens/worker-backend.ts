// TokenOps over a worker thread. The worker holds the event loop only while a request is
// pending, so a CLI that forgets close() still exits.
import { Worker } from 'node:worker_threads';
import type { TokenErrorData } from '../../../shared/tokens/types';
import { TokenError } from './errors';
import type { OpName, OpRequest, OpResponse, TokenOps } from './token-ops';

interface Pending {
  resolve(value: unknown): void;
  reject(error: unknown): void;
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
    this.worker.on('message', (response: OpResponse) => this.settle(response));
    this.worker.on('error', (error) => this.fail(new TokenError('function-failed', `The token worker failed: ${error.message}`, { cause: error })));
    this.worker.on('exit', (code) => this.fail(new TokenError('service-closed', `The token worker stopped (exit code ${code}).`)));
  }

  private settle(response: OpResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker.unref();
    if (response.ok) pending.resolve(response.value);
    else pending.reject(TokenError.fromData(response.error as TokenErrorData));
  }

  private fail(error: TokenError): void {
    this.exited = error;
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }

  call(op: OpName, args: unknown[]): Promise<unknown> {
    if (this.exited) return Promise.reject(this.exited);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.ref();
      const request: OpRequest = { id, op, args };
      this.worker.postMessage(request);
    });
  }

  async terminate(): Promise<void> {
    await this.worker.terminate();
  }

  /** The TokenOps view: every method is one message to the worker. */
  ops(): TokenOps {
    const call = (op: OpName) => (...args: unknown[]) => this.call(op, args);
    return {
      init: call('init'),
      list: call('list'),
      login: call('login'),
      sign: call('sign'),
      changePin: call('changePin'),
      release: call('release'),
      rescan: call('rescan'),
      openTokens: call('openTokens'),
      counts: call('counts'),
      resetCounts: call('resetCounts'),
      close: async () => {
        try {
          await this.call('close', []);
        } finally {
          await this.terminate();
        }
      },
    } as TokenOps;
  }
}
