/**
 * The consuming side of the delivery queues: in each worker process, one BullMQ worker per
 * active subscription (its queue, `queueName`), opened and closed as subscriptions are created,
 * paused, switched back on and deleted (here or, through the configuration bus, elsewhere).
 *
 * Isolation: each subscription's queue has a global concurrency of
 * SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK, which BullMQ enforces over every worker process, and
 * each of its workers takes at most that many jobs. A hanging subscriber's jobs wait in its own
 * queue (no job moves until a slot frees), and it holds at most its limit of the process-wide
 * SWITCHBOARD_DELIVERY_CONCURRENCY (`Slots`), so the other subscriptions keep flowing.
 *
 * Every job re-reads its delivery row first (`judge`): the row in PostgreSQL decides, the job is
 * only a wake-up. After an attempt, a retry is enqueued as a delayed job with the next step's id.
 *
 * Connections: one shared client for every worker's ordinary commands, plus one blocking
 * connection per subscription worker (BullMQ's fetch waits on it).
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import type { Redis } from 'ioredis';
import type { EventEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../log.js';
import type { DeliveryTrigger, Store } from '../../store/types.js';
import type { HookRegistry } from '../../subscriptions/registry.js';
import { afterAttempt } from '../afterAttempt.js';
import { performAttempt } from '../attempt.js';
import { EventCache } from '../eventCache.js';
import type { DeliveryMetrics } from '../metrics.js';
import type { Sender } from '../sender.js';
import { judge, queueName, type DeliveryJob } from './jobs.js';
import type { DeliveryQueue } from './producer.js';
import { sharedClient, type RedisSettings } from './redis.js';
import { Slots } from './slots.js';

export interface QueueWorkerDeps {
  store: Store;
  hooks: HookRegistry;
  sender: Sender;
  queue: DeliveryQueue;
  logger: Logger;
  now: () => Date;
  metrics?: DeliveryMetrics;
}

export interface QueueWorkerOptions {
  globalConcurrency: number;
  perHookConcurrency: number;
  timeoutMs: number;
  autoDisableAfter: number;
}

/**
 * A running job's lock, renewed every half of it while the attempt runs (however long). A killed
 * worker's jobs are taken up again by another worker's stalled-job check on that subscription's
 * queue (every `STALLED_CHECK_MS`) once their lock has expired: within about 25 s. Until then
 * they count against the subscription's global concurrency.
 */
export const LOCK_MS = 15_000;
export const STALLED_CHECK_MS = 10_000;

export class QueueWorker {
  readonly #deps: QueueWorkerDeps;
  readonly #options: QueueWorkerOptions;
  readonly #settings: RedisSettings;
  readonly #client: Redis;
  readonly #slots: Slots;
  readonly #workers = new Map<string, Worker<DeliveryJob>>();
  /** Per subscription, the open/close in progress: changes to one subscription apply in order. */
  readonly #syncing = new Map<string, Promise<void>>();
  readonly #events = new EventCache();
  #stopChanges: (() => void) | null = null;
  #stopped = false;
  #sending = 0;

  constructor(settings: RedisSettings, deps: QueueWorkerDeps, options: QueueWorkerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#settings = settings;
    this.#client = sharedClient(settings, 'worker', deps.logger);
    this.#slots = new Slots(options.globalConcurrency);
  }

  /** Opens a worker for every active subscription, and follows subscription changes from now on. */
  start(): void {
    this.#stopChanges = this.#deps.hooks.onChange((change) => this.#sync(change.id));
    for (const hook of this.#deps.hooks.all()) this.#sync(hook.record.id);
  }

  /** Requests out now in this process. */
  inFlight(): number {
    return this.#sending;
  }

  /** Subscriptions this process has a worker for (tests, metrics). */
  serving(): string[] {
    return [...this.#workers.keys()];
  }

  /** Takes no new jobs; waits for those running (their attempts finish and are recorded). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopChanges?.();
    await Promise.allSettled(this.#syncing.values());
    await Promise.allSettled([...this.#workers.values()].map((worker) => worker.close()));
    this.#workers.clear();
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  /** Brings one subscription's worker in line with the registry, after any change already under way for it. */
  #sync(hookId: string): void {
    const previous = this.#syncing.get(hookId) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(hookId)).catch((err: unknown) => {
      this.#deps.logger.error({ err: err instanceof Error ? err.message : String(err), hook_id: hookId }, 'could not open or close a subscription queue worker');
    });
    this.#syncing.set(hookId, next);
    void next.then(() => {
      if (this.#syncing.get(hookId) === next) this.#syncing.delete(hookId);
    });
  }

  async #reconcile(hookId: string): Promise<void> {
    if (this.#stopped) return;
    const hook = this.#deps.hooks.get(hookId)?.record;
    const worker = this.#workers.get(hookId);
    if (hook?.active && !worker) {
      await this.#deps.queue.limit(hookId, this.#options.perHookConcurrency);
      this.#open(hookId);
    } else if (!hook?.active && worker) {
      // Paused: its jobs wait in its queue; switching it back on opens a worker again.
      this.#workers.delete(hookId);
      await worker.close();
    }
    // Deleted: once this process's attempts for it are over, its queue goes too.
    if (!hook) await this.#deps.queue.discard(hookId);
  }

  #open(hookId: string): void {
    const worker = new Worker<DeliveryJob>(queueName(hookId), (job, token) => this.#process(job, token), {
      connection: this.#client,
      prefix: this.#settings.prefix,
      concurrency: this.#options.perHookConcurrency,
      autorun: false,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      // Never give up on a stalled job: a redo costs a repeat with the same webhook-id, a failed
      // job would only wait for the sweeper.
      maxStalledCount: 1_000,
    });
    const { logger } = this.#deps;
    worker.on('error', (err) => logger.warn({ err: err.message, hook_id: hookId }, 'Redis (delivery worker) error'));
    worker.on('failed', (job, err) => logger.error({ err: err.message, delivery_id: job?.data.deliveryId }, 'delivery job failed; the sweeper will enqueue it again'));
    this.#workers.set(hookId, worker);
    void worker.run().catch((err: unknown) => logger.error({ err, hook_id: hookId }, 'delivery worker stopped'));
  }

  async #process(job: Job<DeliveryJob>, token: string | undefined): Promise<void> {
    const release = await this.#slots.acquire();
    try {
      const later = await this.#attempt(job.data, release);
      // Moves the job back to the delayed set (BullMQ's documented way is to throw DelayedError).
      if (later) {
        await job.moveToDelayed(later.getTime(), token);
        throw new DelayedError();
      }
    } finally {
      release();
    }
  }

  /** Resolves a time when the row is not due yet, else attempts it (or skips it) and resolves null. */
  async #attempt(job: DeliveryJob, release: () => void): Promise<Date | null> {
    const { store, hooks, logger } = this.#deps;
    const now = this.#deps.now();
    const row = await store.getDelivery(job.deliveryId);
    // The cache may trail a hook created elsewhere by a few milliseconds; the store does not.
    const hook = hooks.get(job.hookId)?.record ?? (row ? await store.getHook(job.hookId) : null);
    const verdict = judge(job, row, hook, now);
    if (verdict.kind === 'later') return verdict.at;
    if (verdict.kind === 'skip') {
      if (verdict.reason !== 'stale' && verdict.reason !== 'settled') logger.debug({ delivery_id: job.deliveryId, reason: verdict.reason }, 'delivery job skipped');
      return null;
    }
    const { delivery } = verdict;
    const event = await this.#loadEvent(delivery.event_id);
    const trigger: DeliveryTrigger = delivery.trigger === 'replay' ? 'replay' : 'scheduled';
    this.#changeSending(+1);
    let counted = true;
    const sent = (): void => {
      if (counted) this.#changeSending(-1);
      counted = false;
      release();
    };
    try {
      const report = await performAttempt(
        { store, sender: this.#deps.sender, logger, now: this.#deps.now, timeoutMs: this.#options.timeoutMs, serialize: (e) => this.#events.body(e) },
        delivery, verdict.hook, trigger, event, sent,
      );
      this.#deps.metrics?.observeAttempt(report);
      if (report.decision.status === 'pending' && report.decision.nextAttemptAt) {
        await this.#deps.queue.addOrLeaveToSweeper([{ deliveryId: delivery.id, hookId: delivery.hook_id, attempts: delivery.attempts + 1, dueAt: report.decision.nextAttemptAt }]);
      }
      await afterAttempt({ store, hooks, logger, now: this.#deps.now, autoDisableAfter: this.#options.autoDisableAfter }, verdict.hook, report);
      return null;
    } finally {
      sent();
    }
  }

  #loadEvent(id: string): Promise<EventEnvelope | null> {
    return this.#events.load(id, this.#deps.store);
  }

  #changeSending(delta: number): void {
    this.#sending += delta;
    this.#deps.metrics?.inFlight.set(this.#sending);
  }
}
