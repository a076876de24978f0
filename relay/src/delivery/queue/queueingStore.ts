/**
 * The store, as seen by the API when deliveries go through BullMQ: every write that creates or
 * re-queues pending deliveries enqueues their jobs once it has committed. So the ingest path,
 * replay and recover stay exactly as they are for the embedded engine, and an event is
 * acknowledged only after its rows are in PostgreSQL (enqueuing comes after; if the process dies
 * in between, the sweeper enqueues them).
 */
import type { Store } from '../../store/types.js';
import { stepOf } from './jobs.js';
import type { DeliveryQueue } from './producer.js';

/** Deliveries enqueued per call after a recover; the sweeper takes any beyond. */
const RECOVER_BATCH = 1_000;

export function queueingStore<S extends Store>(store: S, queue: Pick<DeliveryQueue, 'addOrLeaveToSweeper'>): S {
  return {
    ...store,
    appendEvent: async (insert, now) => {
      const outcome = await store.appendEvent(insert, now);
      const deliveries = insert.deliveries ?? [];
      if (!outcome.duplicate && deliveries.length > 0) {
        await queue.addOrLeaveToSweeper(deliveries.map((d) => ({ deliveryId: d.id, hookId: d.hook_id, attempts: 0, dueAt: null })));
      }
      return outcome;
    },
    addDeliveries: async (eventId, eventType, deliveries, now) => {
      await store.addDeliveries(eventId, eventType, deliveries, now);
      // Test sends are attempted at once by the API process that answers with their outcome.
      const queued = deliveries.filter((d) => d.trigger !== 'test');
      await queue.addOrLeaveToSweeper(queued.map((d) => ({ deliveryId: d.id, hookId: d.hook_id, attempts: 0, dueAt: null })));
    },
    requeueFailed: async (hookId, since, now) => {
      const count = await store.requeueFailed(hookId, since, now);
      if (count > 0) {
        const due = await store.dueDeliveries(hookId, now, RECOVER_BATCH, []);
        await queue.addOrLeaveToSweeper(due.map(stepOf));
      }
      return count;
    },
  };
}
