/**
 * The producing side of the delivery queue: turns committed delivery steps into BullMQ jobs.
 * Every API process (and worker, for retries) has one. Adding a step twice is one job (see
 * `jobs.ts`); a step that could not be added is found again by the sweeper.
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { delayMs, jobId, QUEUE_NAME, type DeliveryJob, type DeliveryStep } from './jobs.js';
import { connectionOptions, type RedisSettings } from './redis.js';

export class DeliveryQueue {
  readonly #queue: Queue<DeliveryJob>;
  readonly #logger: Logger;
  readonly #now: () => Date;
  #pending: { steps: readonly DeliveryStep[]; resolve: () => void; reject: (err: unknown) => void }[] = [];
  #flush: NodeJS.Immediate | null = null;
  /** A connection of its own for health checks: fails fast instead of queueing while Redis is away. */
  readonly #probe: Redis;

  constructor(settings: RedisSettings, logger: Logger, now: () => Date) {
    this.#queue = new Queue<DeliveryJob>(QUEUE_NAME, { connection: connectionOptions(settings, 'producer'), prefix: settings.prefix });
    // Without a listener a lost connection is an uncaught 'error'; ioredis reconnects by itself.
    this.#queue.on('error', (err) => logger.warn({ err: err.message }, 'Redis (delivery queue) error'));
    this.#logger = logger;
    this.#now = now;
    this.#probe = new Redis(settings.url, { connectionName: 'switchboard-probe', enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#probe.on('error', () => undefined); // reported through ping() (readiness), not as noise
  }

  /**
   * Adds the steps as jobs. Rejects when Redis does not take them (callers decide what that means).
   * Steps added in the same turn of the event loop (concurrent ingests) share one `addBulk`, one
   * round trip to Redis, as concurrent commits share one PostgreSQL transaction.
   */
  add(steps: readonly DeliveryStep[]): Promise<void> {
    if (steps.length === 0) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      this.#pending.push({ steps, resolve, reject });
      this.#flush ??= setImmediate(() => void this.#addPending());
    });
  }

  async #addPending(): Promise<void> {
    this.#flush = null;
    const waiting = this.#pending.splice(0);
    const now = this.#now();
    try {
      await this.#queue.addBulk(
        waiting.flatMap(({ steps }) =>
          steps.map((step) => ({
            name: 'attempt',
            data: { deliveryId: step.deliveryId, hookId: step.hookId, attempts: step.attempts },
            opts: { jobId: jobId(step), delay: delayMs(step.dueAt, now), removeOnComplete: true, removeOnFail: true },
          })),
        ),
      );
      for (const entry of waiting) entry.resolve();
    } catch (err) {
      for (const entry of waiting) entry.reject(err);
    }
  }

  /**
   * Adds the steps; on failure logs and resolves false. Used after a commit: the rows are safe in
   * PostgreSQL and the sweeper enqueues due pending deliveries that have no job.
   */
  async addOrLeaveToSweeper(steps: readonly DeliveryStep[]): Promise<boolean> {
    try {
      await this.add(steps);
      return true;
    } catch (err) {
      this.#logger.warn({ err: err instanceof Error ? err.message : String(err), deliveries: steps.length }, 'could not enqueue deliveries; the sweeper will');
      return false;
    }
  }

  /** Jobs waiting, delayed and active, for `/metrics`. */
  async counts(): Promise<Record<'waiting' | 'delayed' | 'active', number>> {
    const counts = await this.#queue.getJobCounts('waiting', 'delayed', 'active');
    return { waiting: counts['waiting'] ?? 0, delayed: counts['delayed'] ?? 0, active: counts['active'] ?? 0 };
  }

  /** One round trip to Redis, for `/readyz`. Never throws. */
  async ping(): Promise<boolean> {
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    const answer = this.#probe.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    return Promise.race([answer, timeout]);
  }

  async close(): Promise<void> {
    if (this.#flush) {
      clearImmediate(this.#flush);
      await this.#addPending();
    }
    this.#probe.disconnect();
    await this.#queue.close();
  }
}
