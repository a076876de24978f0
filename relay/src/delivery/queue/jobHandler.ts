/**
 * What a worker does with one delivery job, in any subscription's queue: take one of the
 * process's slots (SWITCHBOARD_DELIVERY_CONCURRENCY), re-read the row (`judge`: the row in
 * PostgreSQL decides, the job is only a wake-up), attempt it, and enqueue the next step of a
 * delivery still pending as a delayed job.
 *
 * The handler takes the delivery's ticket in the process's `Lanes` (shared with the API's direct
 * engine, server.ts) before it reads the row: while a manual retry of the same delivery runs in
 * this process, the job waits `BUSY_DELAY_MS` and is judged again against the row that retry
 * left. Across processes the store numbers attempts itself (`recordAttempt`), so two attempts
 * that overlap there still get distinct numbers, and the next step's job follows the number the
 * store gave.
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
import { Lanes } from '../lanes.js';
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
  /** The process's lanes, shared with its direct engine. @default lanes of its own, reporting to `metrics` */
  lanes?: Lanes;
}

/** How long a job waits while a manual retry of its delivery runs in this process. */
export const BUSY_DELAY_MS = 1_000;

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
  readonly #lanes: Lanes;
  /** Aborted at stop: records still being retried give up (the job fails, the sweeper redoes it after restart). */
  readonly #abort = new AbortController();

  constructor(deps: JobHandlerDeps, options: JobHandlerOptions) {
    this.#deps = deps;
    this.#options = options;
    this.#slots = new Slots(options.globalConcurrency);
    this.#lanes = deps.lanes ?? new Lanes((sending) => deps.metrics?.inFlight.set(sending));
  }

  /** Records being retried give up; called before the workers close (they wait for running jobs). */
  stop(): void {
    this.#abort.abort();
  }

  /** Requests out now in this process (over everything sharing its lanes). */
  inFlight(): number {
    return this.#lanes.sending;
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

  /** Resolves a time when the row is not due yet (or its delivery is busy here), else attempts it (or skips it) and resolves null. */
  async #attempt(job: DeliveryJob, release: () => void): Promise<Date | null> {
    const ticket = this.#lanes.start(job.hookId, job.deliveryId);
    if (!ticket) return new Date(this.#deps.now().getTime() + BUSY_DELAY_MS);
    const sent = (): void => {
      ticket.sent();
      release();
    };
    try {
      return await this.#attemptHeld(job, sent);
    } finally {
      ticket.done();
    }
  }

  async #attemptHeld(job: DeliveryJob, sent: () => void): Promise<Date | null> {
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
    const report = await performAttempt(
      {
        store, sender: this.#deps.sender, logger, now: this.#deps.now, timeoutMs: this.#options.timeoutMs, serialize: (e) => this.#events.body(e),
        record: (write, at) => recordUntilStored(() => store.recordAttempt(write, at), { logger, signal: this.#abort.signal, log: { delivery_id: delivery.id, hook_id: delivery.hook_id, attempt: write.attempt.number } }).stored,
      },
      delivery, verdict.hook, trigger, event, sent,
    );
    this.#deps.metrics?.observeAttempt(report);
    if (report.decision.status === 'pending' && report.decision.nextAttemptAt) {
      // The store numbered the attempt: the row now holds that many, the next step's job id.
      await this.#deps.queue.addOrLeaveToSweeper([{ deliveryId: delivery.id, hookId: delivery.hook_id, attempts: report.attempt.number, dueAt: report.decision.nextAttemptAt }]);
    }
    await afterAttempt({ store, hooks, logger, now: this.#deps.now, autoDisableAfter: this.#options.autoDisableAfter }, verdict.hook, report);
    return null;
  }

  #loadEvent(id: string): Promise<EventEnvelope | null> {
    return this.#events.load(id, this.#deps.store);
  }
}
