// The bench's handle on the simulator worker thread (bench/mock-worker.mjs).
import { Worker } from 'node:worker_threads';

type MockOptions = Record<string, unknown>;
interface Reply {
  id: number;
  url?: string;
  requests?: number;
  refused?: number;
  error?: string;
}

export class MockThread {
  // execArgv: [] keeps the ts-node loader out of the worker; it runs the simulator's plain JS build.
  private readonly worker = new Worker(new URL('./mock-worker.mjs', import.meta.url), {
    execArgv: [],
  });
  private nextId = 0;

  private call(message: Record<string, unknown>): Promise<Reply> {
    const id = (this.nextId += 1);
    return new Promise((resolve, reject) => {
      const onMessage = (reply: Reply): void => {
        if (reply.id !== id) return;
        this.worker.off('message', onMessage);
        if (reply.error === undefined) resolve(reply);
        else reject(new Error(reply.error));
      };
      this.worker.on('message', onMessage);
      this.worker.postMessage({ ...message, id });
    });
  }

  /** (Re)starts the simulator with `options`; returns its base URL. */
  async start(options: MockOptions): Promise<string> {
    return (await this.call({ type: 'start', options })).url!;
  }

  async stats(): Promise<{ requests: number; refused: number }> {
    const reply = await this.call({ type: 'stats' });
    return { requests: reply.requests!, refused: reply.refused! };
  }

  async close(): Promise<void> {
    await this.call({ type: 'stop' });
    await this.worker.terminate();
  }
}
