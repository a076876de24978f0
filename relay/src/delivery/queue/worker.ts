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
 * What a job does is `JobHandler`'s (`jobHandler.ts`).
 *
 * Connections: one shared client for every worker's ordinary commands, plus one blocking
 * connection per subscription worker (BullMQ's fetch waits on it).
 */
import { Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { JobHandler, type JobHandlerDeps, type JobHandlerOptions } from './jobHandler.js';
import { queueName, type DeliveryJob } from './jobs.js';
import type { DeliveryQueue } from './producer.js';
import { sharedClient, type RedisSettings } from './redis.js';

export interface QueueWorkerDeps extends JobHandlerDeps {
  queue: DeliveryQueue;
}

export interface QueueWorkerOptions extends JobHandlerOptions {
  perHookConcurrency: number;
}

/**
 * A running job's lock, renewed every half of it while the attempt runs (however long). A killed
 * worker's jobs are taken up again by another worker's stalled-job check on that subscription's
 * queue (every `STALLED_CHECK_MS`) once their lock has expired: within about 25 s. Until then
 * they count against the subscription's global concurrency.
 */
export const LOCK_MS = 15_000;
export const STALLED_CHECK_MS = 10_000;

/** How soon a subscription whose worker could not be opened or closed (Redis away) is tried again. */
const RESYNC_DELAY_MS = 5_000;

export class QueueWorker {
  readonly #deps: QueueWorkerDeps;
  readonly #options: QueueWorkerOptions;
  readonly #settings: RedisSettings;
  readonly #client: Redis;
  readonly #handler: JobHandler;
  readonly #workers = new Map<string, Worker<DeliveryJob>>();
  /** Per subscription, the open/close in progress: changes to one subscription apply in order. */
  readonly #syncing = new Map<string, Promise<void>>();
  #stopChanges: (() => void) | null = null;
  #stopped = false;

  constructor(settings: RedisSettings, deps: QueueWorkerDeps, options: QueueWorkerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#settings = settings;
    this.#client = sharedClient(settings, 'worker', deps.logger);
    // An outcome the subscriber has answered waits out a database restart instead of being resent.
    this.#handler = new JobHandler(deps, options);
  }

  /** Opens a worker for every active subscription, and follows subscription changes from now on. */
  start(): void {
    this.#stopChanges = this.#deps.hooks.onChange((change) => this.#sync(change.id));
    for (const hook of this.#deps.hooks.all()) this.#sync(hook.record.id);
    // A Redis that restarted without its data forgot each queue's global concurrency: set it again.
    this.#deps.queue.onReconnect(() => {
      for (const hookId of this.#workers.keys()) {
        this.#deps.queue.limit(hookId, this.#options.perHookConcurrency).catch((err: unknown) => this.#deps.logger.warn({ err: err instanceof Error ? err.message : String(err), hook_id: hookId }, 'could not set a subscription queue\'s concurrency again after Redis returned'));
      }
    });
  }

  /** Requests out now in this process. */
  inFlight(): number {
    return this.#handler.inFlight();
  }

  /** Subscriptions this process has a worker for now. */
  serving(): string[] {
    return [...this.#workers.keys()];
  }

  /** Takes no new jobs; waits for those running (their attempts finish and are recorded). */
  async stop(): Promise<void> {
    this.#stopped = true;
    this.#stopChanges?.();
    this.#handler.stop();
    await Promise.allSettled(this.#syncing.values());
    await Promise.allSettled([...this.#workers.values()].map((worker) => worker.close()));
    this.#workers.clear();
    await this.#client.quit().catch(() => this.#client.disconnect());
  }

  /** Brings one subscription's worker in line with the registry, after any change already under way for it. */
  #sync(hookId: string): void {
    const previous = this.#syncing.get(hookId) ?? Promise.resolve();
    const next = previous.then(() => this.#reconcile(hookId)).catch((err: unknown) => {
      this.#deps.logger.error({ err: err instanceof Error ? err.message : String(err), hook_id: hookId }, 'could not open or close a subscription queue worker; trying again in 5 s');
      if (!this.#stopped) setTimeout(() => this.#sync(hookId), RESYNC_DELAY_MS).unref();
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
    const worker = new Worker<DeliveryJob>(queueName(hookId), (job, token) => this.#handler.process(job, token), {
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
}
