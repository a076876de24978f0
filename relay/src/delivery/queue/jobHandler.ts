/**
 * What a worker does with one delivery job, in any subscription's queue: take one of the
 * process's slots (SWITCHBOARD_DELIVERY_CONCURRENCY), re-read the row (`judge`: the row in
 * PostgreSQL decides, the job is only a wake-up), attempt it, and enqueue the next step of a
 * delivery still pending as a delayed job.
 */
import { DelayedError, type Job } from 'bullmq';
import type { EventEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../log.js';
import type { DeliveryTrigger, Store } from '../../store/types.js';
import type { HookRegistry } from '../../subscriptions/registry.js';
import { afterAttempt } from '../afterAttempt.js';
import { performAttempt } from '../attempt.js';
import { recordUntilStored } from '../recordRetry.js';
import { EventCache } from '../eventCache.js';
import type { DeliveryMetrics } from '../metrics.js';
import type { Sender } from '../sender.js';
import { judge, type DeliveryJob } from './jobs.js';
import type { DeliveryQueue } from './producer.js';
import { Slots } from './slots.js';

export interface JobHandlerDeps {
  store: Store;
  hooks: HookRegistry;
  sender: Sender;
  queue: Pick<DeliveryQueue, 'addOrLeaveToSweeper'>;
  logger: Logger;
  now: () => Date;
  metrics?: DeliveryMetrics;
}

export interface JobHandlerOptions {
  /** Attempts in flight in this process, over every subscription. */
  globalConcurrency: number;
  timeoutMs: number;
  autoDisableAfter: number;
}

export class JobHandler {
  readonly #deps: JobHandlerDeps;
  readonly #options: JobHandlerOptions;
  readonly #slots: Slots;
  readonly #events = new EventCache();
  #sending = 0;
  /** Aborted at stop: records still being retried give up (the job fails, the sweeper redoes it after restart). */
  readonly #abort = new AbortController();

  constructor(deps: JobHandlerDeps, options: JobHandlerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#slots = new Slots(options.globalConcurrency);
  }

  /** Records being retried give up; called before the workers close (they wait for running jobs). */
  stop(): void {
    this.#abort.abort();
  }

  /** Requests out now in this process. */
  inFlight(): number {
    return this.#sending;
  }

  /** BullMQ's processor: resolves when the job is done with (attempted, skipped, or moved back to the delayed set). */
  async process(job: Job<DeliveryJob>, token: string | undefined): Promise<void> {
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
        {
          store, sender: this.#deps.sender, logger, now: this.#deps.now, timeoutMs: this.#options.timeoutMs, serialize: (e) => this.#events.body(e),
          record: (write, at) => recordUntilStored(() => store.recordAttempt(write, at), { logger, signal: this.#abort.signal, log: { delivery_id: delivery.id, hook_id: delivery.hook_id, attempt: write.attempt.number } }).stored,
        },
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
