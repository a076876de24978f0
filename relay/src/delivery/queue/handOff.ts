/**
 * The bounded hand-off between callers that have committed delivery rows (an ingest, a replay, a
 * worker's next step) and Redis. Items handed over in the same turn of the event loop go out in
 * one `send` (concurrent ingests share one `addBulk`, as concurrent commits share one
 * transaction).
 *
 * Contract: `push` never waits on Redis for longer than `waitMs`, and never holds more than
 * `maxUnanswered` items that Redis has not answered yet. It refuses at once (`EnqueueRefusedError`)
 * while Redis is not connected or past that bound, and gives up waiting after `waitMs` (the send
 * itself goes on and still counts against the bound until Redis answers or the client's command
 * timeout ends it). Callers hold rows that are safe in PostgreSQL: a refused item is left to the
 * sweeper, which enqueues due pending deliveries that have no job.
 */

/** Why items were not handed to Redis; the caller leaves them to the sweeper. */
export class EnqueueRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EnqueueRefusedError';
  }
}

export interface HandOffOptions {
  /** How long a caller waits for Redis to take its items. @default 2000 */
  waitMs?: number;
  /** Items sent and not yet answered by Redis, at most. @default 10000 */
  maxUnanswered?: number;
}

export const DEFAULT_HAND_OFF = { waitMs: 2_000, maxUnanswered: 10_000 } as const satisfies Required<HandOffOptions>;

interface Waiting<T> {
  items: readonly T[];
  settle: (error?: unknown) => void;
}

export class HandOff<T> {
  readonly #send: (items: T[]) => Promise<void>;
  /** Whether Redis is connected now (a closed connection refuses at once instead of queueing). */
  readonly #connected: () => string | null;
  readonly #options: Required<HandOffOptions>;
  #waiting: Waiting<T>[] = [];
  #flush: NodeJS.Immediate | null = null;
  #unanswered = 0;

  /** `connected` answers null when Redis takes commands now, else why not (for the error message). */
  constructor(send: (items: T[]) => Promise<void>, connected: () => string | null, options: HandOffOptions = {}) {
    this.#send = send;
    this.#connected = connected;
    this.#options = { ...DEFAULT_HAND_OFF, ...options };
    for (const [name, value] of Object.entries(this.#options)) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`Expected \`${name}\` to be an integer >= 1, got ${String(value)}`);
    }
  }

  /** Items sent to Redis and not answered yet (metrics, tests). */
  unanswered(): number {
    return this.#unanswered;
  }

  /** Resolves once Redis has taken the items; rejects with `EnqueueRefusedError` (see the module comment) or Redis's error. */
  push(items: readonly T[]): Promise<void> {
    if (items.length === 0) return Promise.resolve();
    const away = this.#connected();
    if (away !== null) return Promise.reject(new EnqueueRefusedError(`Redis is not connected (${away}); the deliveries are left to the sweeper.`));
    const { maxUnanswered, waitMs } = this.#options;
    if (this.#unanswered + items.length > maxUnanswered) {
      return Promise.reject(new EnqueueRefusedError(`${this.#unanswered} delivery jobs are already waiting for Redis to answer (the limit is ${maxUnanswered}); these ${items.length} are left to the sweeper.`));
    }
    this.#unanswered += items.length;
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new EnqueueRefusedError(`Redis did not take ${items.length} delivery jobs within ${waitMs} ms; they are left to the sweeper (the request may still land).`)), waitMs);
      timer.unref();
      this.#waiting.push({
        items,
        settle: (error) => {
          clearTimeout(timer);
          if (error === undefined) resolve();
          else reject(error);
        },
      });
      this.#flush ??= setImmediate(() => void this.#sendWaiting());
    });
  }

  /** Sends what is waiting now (at close); resolves when Redis has answered it. */
  async flush(): Promise<void> {
    if (!this.#flush) return;
    clearImmediate(this.#flush);
    await this.#sendWaiting();
  }

  async #sendWaiting(): Promise<void> {
    this.#flush = null;
    const batch = this.#waiting.splice(0);
    const items = batch.flatMap((entry) => entry.items);
    let failure: unknown;
    try {
      await this.#send(items);
    } catch (error) {
      failure = error ?? new Error('Redis refused the delivery jobs');
    } finally {
      this.#unanswered -= items.length;
    }
    for (const entry of batch) entry.settle(failure);
  }
}
