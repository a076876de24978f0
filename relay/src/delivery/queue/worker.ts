/**
 * The consuming side of the delivery queue: one BullMQ worker per process, taking at most
 * `globalConcurrency` jobs at once (SWITCHBOARD_DELIVERY_CONCURRENCY).
 *
 * Isolation: BullMQ (open source) has no per-group concurrency, so each process keeps the same
 * per-subscription lanes as the embedded engine (SWITCHBOARD_DELIVERY_CONCURRENCY_PER_HOOK in
 * flight per subscription per process). A job whose subscription's lane is full is put back as a
 * delayed job at once instead of waiting for a slot: a hanging subscriber holds at most its lane,
 * never the worker's other slots, so the other subscriptions keep flowing.
 *
 * Every job re-reads its delivery row first (`judge`): the row in PostgreSQL decides, the job is
 * only a wake-up. After an attempt, a retry is enqueued as a delayed job with the next step's id.
 */
import { DelayedError, Worker, type Job } from 'bullmq';
import type { EventEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../log.js';
import type { DeliveryTrigger, Store } from '../../store/types.js';
import type { HookRegistry } from '../../subscriptions/registry.js';
import { afterAttempt } from '../afterAttempt.js';
import { performAttempt } from '../attempt.js';
import { EventCache } from '../eventCache.js';
import type { DeliveryMetrics } from '../metrics.js';
import type { Sender } from '../sender.js';
import { judge, QUEUE_NAME, type DeliveryJob } from './jobs.js';
import type { DeliveryQueue } from './producer.js';
import { connectionOptions, type RedisSettings } from './redis.js';

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
  /** How long a job of a full lane waits before it is tried again. @default 1000 to 3000 ms, random */
  laneFullDelayMs?: () => number;
}

/**
 * A running job's lock, renewed every half of it while the attempt runs (however long). A killed
 * worker's jobs are taken up again by another worker's stalled-job check (every
 * `STALLED_CHECK_MS`) once their lock has expired: within about 25 s.
 */
export const LOCK_MS = 15_000;
export const STALLED_CHECK_MS = 10_000;

export class QueueWorker {
  readonly #deps: QueueWorkerDeps;
  readonly #options: QueueWorkerOptions;
  readonly #worker: Worker<DeliveryJob>;
  readonly #lanes = new Map<string, number>();
  readonly #events = new EventCache();
  #sending = 0;

  constructor(settings: RedisSettings, deps: QueueWorkerDeps, options: QueueWorkerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#worker = new Worker<DeliveryJob>(QUEUE_NAME, (job, token) => this.#process(job, token), {
      connection: connectionOptions(settings, 'worker'),
      prefix: settings.prefix,
      concurrency: options.globalConcurrency,
      autorun: false,
      lockDuration: LOCK_MS,
      stalledInterval: STALLED_CHECK_MS,
      // Never give up on a stalled job: a redo costs a repeat with the same webhook-id, a failed
      // job would only wait for the sweeper.
      maxStalledCount: 1_000,
    });
    this.#worker.on('error', (err) => deps.logger.warn({ err: err.message }, 'Redis (delivery worker) error'));
    this.#worker.on('failed', (job, err) => deps.logger.error({ err: err.message, delivery_id: job?.data.deliveryId }, 'delivery job failed; the sweeper will enqueue it again'));
  }

  start(): void {
    void this.#worker.run().catch((err: unknown) => this.#deps.logger.error({ err }, 'delivery worker stopped'));
  }

  /** Requests out now in this process. */
  inFlight(): number {
    return this.#sending;
  }

  /** Takes no new jobs; waits for those running (their attempts finish and are recorded). */
  async stop(): Promise<void> {
    await this.#worker.close();
  }

  async #process(job: Job<DeliveryJob>, token: string | undefined): Promise<void> {
    const { hookId } = job.data;
    const taken = this.#lanes.get(hookId) ?? 0;
    if (taken >= this.#options.perHookConcurrency) return this.#putOff(job, token, Date.now() + this.#laneFullDelay());
    this.#lanes.set(hookId, taken + 1);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      const left = (this.#lanes.get(hookId) ?? 1) - 1;
      if (left > 0) this.#lanes.set(hookId, left);
      else this.#lanes.delete(hookId);
    };
    try {
      const later = await this.#attempt(job.data, release);
      if (later) return this.#putOff(job, token, later.getTime());
    } finally {
      release();
    }
  }

  #laneFullDelay(): number {
    return this.#options.laneFullDelayMs?.() ?? 1_000 + Math.floor(Math.random() * 2_000);
  }

  /** Moves a running job back to the delayed set (BullMQ's documented way is to throw DelayedError). */
  async #putOff(job: Job<DeliveryJob>, token: string | undefined, at: number): Promise<never> {
    await job.moveToDelayed(at, token);
    throw new DelayedError();
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
