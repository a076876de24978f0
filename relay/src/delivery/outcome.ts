/**
 * What one attempt's result means for its delivery. Pure: no clock, no I/O.
 */
import type { AttemptOutcome, DeliveryRecord, DeliveryStatus, DeliveryTrigger } from '../store/types.js';
import { classify } from './classify.js';
import type { SendResult } from './sender.js';
import { nextAttemptAt, type RetryPolicy } from './schedule.js';

export interface Decision {
  outcome: AttemptOutcome;
  /** The delivery's state after this attempt. */
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** Short reason for logs and `last_error`; null on success. */
  error: string | null;
  /** Manual attempts ("one more attempt now") do not spend the retry budget. */
  countsInCycle: boolean;
}

export interface DecideInput {
  result: SendResult;
  delivery: Pick<DeliveryRecord, 'status' | 'cycle_attempts' | 'next_attempt_at'>;
  trigger: DeliveryTrigger;
  policy: RetryPolicy;
  now: Date;
  jitter?: () => number;
}

export function decide(input: DecideInput): Decision {
  const { result, delivery, trigger, now } = input;
  const classification = result.ok
    ? classify({ status: result.status, retryAfter: result.headers['retry-after'] ?? null, now })
    : classify({ error: result.error, now });
  const error = classification.outcome === 'success' ? null : result.ok ? classification.reason : result.message;
  const base = { outcome: classification.outcome, error };
  switch (classification.outcome) {
    case 'success':
      return { ...base, status: 'succeeded', nextAttemptAt: null, countsInCycle: trigger !== 'manual' };
    case 'gone':
    case 'failed_permanent':
      return { ...base, status: 'failed', nextAttemptAt: null, countsInCycle: trigger !== 'manual' };
    case 'retry': {
      if (trigger === 'test') return { ...base, status: 'failed', nextAttemptAt: null, countsInCycle: false };
      if (trigger === 'manual') {
        // "One more attempt now" never schedules more; a pending delivery keeps its schedule.
        const keep = delivery.status === 'pending' && delivery.next_attempt_at ? new Date(delivery.next_attempt_at) : null;
        return { ...base, status: keep ? 'pending' : 'failed', nextAttemptAt: keep, countsInCycle: false };
      }
      const next = nextAttemptAt({
        attempt: delivery.cycle_attempts + 1,
        policy: input.policy,
        now,
        ...(classification.retryAfterMs !== undefined ? { retryAfterMs: classification.retryAfterMs } : {}),
        ...(input.jitter ? { jitter: input.jitter } : {}),
      });
      return { ...base, status: next ? 'pending' : 'failed', nextAttemptAt: next, countsInCycle: true };
    }
    default: {
      const never: never = classification.outcome;
      throw new Error(`unknown outcome ${String(never)}`);
    }
  }
}
