import type { EventEnvelope } from '../events/envelope.js';
import type { DeliveryRecord, HookRecord, NewDelivery } from '../store/types.js';
import type { AttemptReport } from './attempt.js';

/**
 * What the API asks of delivery, whichever way deliveries run: the embedded engine
 * (`engine.ts`, in-process lanes over the store) or the BullMQ queue (`queue/queued.ts`).
 */
export interface DeliveryService {
  /** An event just committed with these (pending, due now) deliveries: keep it at hand for their attempts, start them. */
  fresh(event: EventEnvelope, deliveries: readonly NewDelivery[], at: Date): void;
  /** New due work was committed (ingest, replay, recover). */
  notify(): void;
  /** `POST /deliveries/:id/retry`: one more attempt now, answered with its outcome. */
  retryNow(delivery: DeliveryRecord, hook: HookRecord): Promise<AttemptReport>;
  /** `POST /hooks/:id/test`: delivers a sample event now. */
  sendTest(hook: HookRecord, event: EventEnvelope): Promise<AttemptReport>;
  /** Attempts whose request is out, in this process. */
  inFlight(): number;
}
