/**
 * Delivery through BullMQ, as the API sees it. Scheduled work is enqueued by the queueing store
 * after each commit and attempted by the workers (`worker.ts`), in any process. What the API
 * answers with an outcome (a test send, a manual retry) is attempted right here by an embedded
 * engine that never scans, so those keep their exact behaviour in every mode.
 *
 * That engine and this process's worker share one `Lanes` (server.ts): a manual retry of a
 * delivery whose job is being attempted here is refused (409), and a job whose delivery is being
 * retried here waits (`jobHandler.ts`). Between processes nothing is shared but the store, which
 * numbers attempts itself, so overlapping attempts there still get distinct numbers.
 */
import type { EventEnvelope } from '../../events/envelope.js';
import type { Logger } from '../../log.js';
import type { DeliveryRecord, HookRecord, Store } from '../../store/types.js';
import type { HookRegistry } from '../../subscriptions/registry.js';
import type { AttemptReport } from '../attempt.js';
import type { DeliveryEngine } from '../engine.js';
import type { DeliveryService } from '../service.js';
import { stepOf } from './jobs.js';
import type { DeliveryQueue } from './producer.js';
import type { QueueWorker } from './worker.js';

export interface QueuedDeliveryDeps {
  /** Not started: used for the attempts the API answers with. */
  direct: DeliveryEngine;
  queue: DeliveryQueue;
  /** Null in an `api` process. */
  worker: QueueWorker | null;
  store: Pick<Store, 'dueDeliveries'>;
  hooks: HookRegistry;
  logger: Logger;
  now: () => Date;
}

export class QueuedDelivery implements DeliveryService {
  readonly #deps: QueuedDeliveryDeps;

  constructor(deps: QueuedDeliveryDeps) {
    this.#deps = deps;
    // A subscription switched back on gets its due deliveries enqueued now (its jobs were skipped
    // while it was paused); the sweeper would find them too, a few seconds later.
    deps.hooks.onChange((change) => {
      if (change.kind === 'updated' && change.record?.active) void this.#enqueueDue(change.id);
      // A worker removes a deleted subscription's queue from Redis; an API process only forgets it.
      if (change.kind === 'deleted' && !deps.worker) void deps.queue.drop(change.id).catch(() => undefined);
    });
  }

  /** The queueing store enqueued the deliveries after the commit; the event stays at hand for test sends and retries here. */
  fresh(event: EventEnvelope): void {
    this.#deps.direct.remember(event);
  }

  /** Nothing to do: the queueing store enqueued the committed deliveries already. */
  notify(): void {}

  async retryNow(delivery: DeliveryRecord, hook: HookRecord): Promise<AttemptReport> {
    const report = await this.#deps.direct.retryNow(delivery, hook);
    // A manual attempt moves the row to its next step; a still-pending delivery keeps its
    // schedule under that step's job id.
    if (report.decision.status === 'pending') {
      await this.#deps.queue.addOrLeaveToSweeper([{ deliveryId: delivery.id, hookId: delivery.hook_id, attempts: report.attempt.number, dueAt: report.decision.nextAttemptAt }]);
    }
    return report;
  }

  sendTest(hook: HookRecord, event: EventEnvelope): Promise<AttemptReport> {
    return this.#deps.direct.sendTest(hook, event);
  }

  /** The direct engine's lanes are the worker's too (see the header): they count both. */
  inFlight(): number {
    return this.#deps.direct.inFlight();
  }

  async #enqueueDue(hookId: string): Promise<void> {
    try {
      const due = await this.#deps.store.dueDeliveries(hookId, this.#deps.now(), 1_000, []);
      await this.#deps.queue.add(due.map(stepOf));
    } catch (err) {
      this.#deps.logger.warn({ err: err instanceof Error ? err.message : String(err), hook_id: hookId }, 'could not enqueue the due deliveries of a resumed subscription; the sweeper will');
    }
  }
}
