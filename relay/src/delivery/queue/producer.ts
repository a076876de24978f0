/**
 * The producing side of the delivery queues: turns committed delivery steps into BullMQ jobs, in
 * the queue of the step's subscription (`queueName`). Every API process (and worker, for retries)
 * has one. Adding a step twice is one job (see `jobs.ts`); a step that could not be added is found
 * again by the sweeper.
 *
 * Connections: one Redis connection for every subscription's queue (BullMQ shares a connection
 * passed as a client among queues, since a queue sends no blocking commands), plus one for the
 * health probe. Both fail fast while Redis is away (`failFastClient`): nothing a request or the
 * sweeper does waits on Redis beyond a short bound (`HandOff`, `ping`).
 */
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from '../../log.js';
import { HandOff, type HandOffOptions } from './handOff.js';
import { delayMs, jobId, queueName, type DeliveryJob, type DeliveryStep } from './jobs.js';
import { failFastClient, type RedisSettings } from './redis.js';

/**
 * Entries kept in each queue's events stream (BullMQ's default is 10,000, about 1 MB a queue). The
 * relay reads none of them (no QueueEvents); with a queue per subscription the default would cost
 * Redis about 1 MB per subscription.
 */
const EVENTS_KEPT = 100;

/** At most one "left to the sweeper" warning per this many ms while Redis is away. */
const WARN_EVERY_MS = 10_000;

export type JobCounts = Record<'waiting' | 'delayed' | 'active', number>;

export class DeliveryQueue {
  readonly #settings: RedisSettings;
  readonly #client: Redis;
  readonly #queues = new Map<string, Queue<DeliveryJob>>();
  readonly #logger: Logger;
  readonly #now: () => Date;
  readonly #handOff: HandOff<DeliveryStep>;
  /** Steps left to the sweeper since the last warning (one line per `WARN_EVERY_MS`, not one per request). */
  #leftSince = { steps: 0, calls: 0, warnedAt: Number.NEGATIVE_INFINITY };
  /** A connection of its own for health checks: its PING never waits behind queue commands. */
  readonly #probe: Redis;

  constructor(settings: RedisSettings, logger: Logger, now: () => Date, handOff: HandOffOptions = {}) {
    this.#settings = settings;
    this.#client = failFastClient(settings, 'producer', logger);
    this.#logger = logger;
    this.#now = now;
    this.#handOff = new HandOff((steps) => this.#addBulk(steps), () => (this.#client.status === 'ready' ? null : `connection ${this.#client.status}`), handOff);
    this.#probe = new Redis(settings.url, { connectionName: 'switchboard-probe', enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2_000 });
    this.#probe.on('error', () => undefined); // reported through ping() (readiness), not as noise
  }

  /**
   * Adds the steps as jobs, each in its subscription's queue. Rejects when Redis does not take
   * them within a short bound, or at once while it is away (`HandOff`); callers decide what that
   * means.
   */
  add(steps: readonly DeliveryStep[]): Promise<void> {
    return this.#handOff.push(steps);
  }

  /** Steps handed to Redis and not answered yet (tests). */
  unanswered(): number {
    return this.#handOff.unanswered();
  }

  async #addBulk(steps: readonly DeliveryStep[]): Promise<void> {
    const now = this.#now();
    const byHook = new Map<string, DeliveryStep[]>();
    for (const step of steps) {
      const list = byHook.get(step.hookId);
      if (list) list.push(step);
      else byHook.set(step.hookId, [step]);
    }
    await Promise.all(
      [...byHook].map(([hookId, hookSteps]) =>
        this.#queueOf(hookId).addBulk(
          hookSteps.map((step) => ({
            name: 'attempt',
            data: { deliveryId: step.deliveryId, hookId: step.hookId, attempts: step.attempts },
            opts: { jobId: jobId(step), delay: delayMs(step.dueAt, now), removeOnComplete: true, removeOnFail: true },
          })),
        ),
      ),
    );
  }

  /**
   * Adds the steps that have no job yet (the sweeper's case); resolves how many it added. A
   * subscriber with a long backlog has a live job for each of its due deliveries, so sweeping it
   * costs one EXISTS per delivery and writes nothing.
   */
  async addMissing(steps: readonly DeliveryStep[]): Promise<number> {
    if (steps.length === 0) return 0;
    const pipeline = this.#client.pipeline();
    for (const step of steps) pipeline.exists(this.#queueOf(step.hookId).toKey(jobId(step)));
    const found = (await pipeline.exec()) ?? [];
    const missing = steps.filter((_step, i) => {
      const [err, exists] = found[i] ?? [null, 0];
      return err !== null || exists === 0;
    });
    await this.add(missing);
    return missing.length;
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
      const left = this.#leftSince;
      left.steps += steps.length;
      left.calls += 1;
      if (Date.now() - left.warnedAt >= WARN_EVERY_MS) {
        this.#logger.warn({ err: err instanceof Error ? err.message : String(err), deliveries: left.steps, calls: left.calls }, 'could not enqueue deliveries; the sweeper will');
        this.#leftSince = { steps: 0, calls: 0, warnedAt: Date.now() };
      }
      return false;
    }
  }

  /**
   * Sets how many of a subscription's jobs may be active at once over all worker processes
   * (BullMQ's queue-level global concurrency, kept in the queue's meta hash). Every worker sets it
   * when it starts serving the queue, so the last one started wins: give every process the same
   * SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK.
   */
  async limit(hookId: string, concurrency: number): Promise<void> {
    await this.#queueOf(hookId).setGlobalConcurrency(concurrency);
  }

  /**
   * Calls `listener` each time the connection is ready again after a loss (not at the first
   * connection): a Redis that restarted empty has lost every queue's meta, such as `limit`'s.
   */
  onReconnect(listener: () => void): void {
    let connectedBefore = this.#client.status === 'ready';
    this.#client.on('ready', () => {
      if (connectedBefore) listener();
      connectedBefore = true;
    });
  }

  /** A subscription's jobs waiting, delayed and active (metrics, tests). */
  async counts(hookId: string): Promise<JobCounts> {
    const counts = await this.#queueOf(hookId).getJobCounts('waiting', 'delayed', 'active');
    return { waiting: counts['waiting'] ?? 0, delayed: counts['delayed'] ?? 0, active: counts['active'] ?? 0 };
  }

  /**
   * Removes a deleted subscription's queue from Redis: its jobs (active ones included), meta and
   * events. Workers call it once their own attempts for it are over; a job added afterwards (a
   * retry racing the deletion) is removed by the next worker's call or skipped by `judge`.
   */
  async discard(hookId: string): Promise<void> {
    // A queue object made just for this must not write its meta after the obliteration.
    const queue = this.#queues.get(hookId) ?? new Queue<DeliveryJob>(queueName(hookId), { connection: this.#client, prefix: this.#settings.prefix, skipMetasUpdate: true });
    this.#queues.delete(hookId);
    try {
      await queue.obliterate({ force: true });
    } finally {
      await queue.close();
    }
  }

  /** Forgets a deleted subscription's queue in this process, leaving Redis to the workers (`discard`). */
  async drop(hookId: string): Promise<void> {
    const queue = this.#queues.get(hookId);
    this.#queues.delete(hookId);
    await queue?.close();
  }

  /** One round trip to Redis, for `/readyz`. Never throws. */
  async ping(): Promise<boolean> {
    if (this.#client.status !== 'ready') return false; // enqueues would be refused
    const timeout = new Promise<false>((resolve) => setTimeout(() => resolve(false), 2_000).unref());
    const answer = this.#probe.ping().then(
      (reply) => reply === 'PONG',
      () => false,
    );
    return Promise.race([answer, timeout]);
  }

  async close(): Promise<void> {
    await this.#handOff.flush().catch(() => undefined); // what is left goes to the sweeper
    this.#probe.disconnect();
    await Promise.allSettled([...this.#queues.values()].map((queue) => queue.close()));
    this.#queues.clear();
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  #queueOf(hookId: string): Queue<DeliveryJob> {
    let queue = this.#queues.get(hookId);
    if (!queue) {
      queue = new Queue<DeliveryJob>(queueName(hookId), { connection: this.#client, prefix: this.#settings.prefix, streams: { events: { maxLen: EVENTS_KEPT } } });
      // Without a listener a lost connection is an uncaught 'error'; ioredis reconnects by itself.
      queue.on('error', () => undefined); // the shared client reports it once (`sharedClient`)
      this.#queues.set(hookId, queue);
    }
    return queue;
  }
}
