/**
 * What a BullMQ job means, and what the worker does with it. Pure: no Redis, no clock.
 *
 * PostgreSQL is the source of truth; a job only says "attempt this delivery now (or at its due
 * time)". Its id is the delivery id plus the number of attempts already recorded, so enqueuing
 * the same step twice (ingest and the sweeper, or two sweepers) is one job, and a job left over
 * from an earlier step (the row has moved on) is recognised and skipped.
 */
import type { DeliveryRecord, HookRecord } from '../../store/types.js';

/**
 * Each subscription has a queue of its own, so BullMQ's queue-level global concurrency is that
 * subscription's limit across every worker process, and a hanging subscriber's jobs simply wait
 * in its queue. BullMQ refuses ':' in queue names (it separates key parts); hook ids are
 * `hook_` + ULID.
 */
export function queueName(hookId: string): string {
  return `deliveries.${hookId}`;
}

export interface DeliveryJob {
  deliveryId: string;
  hookId: string;
  /** Attempts recorded when the job was made: the job stands for attempt number `attempts + 1`. */
  attempts: number;
}

/** A delivery step to enqueue: the job plus when it is due (null: now). */
export interface DeliveryStep extends DeliveryJob {
  dueAt: Date | null;
}

/** Deterministic: the same delivery at the same step is always the same job. */
export function jobId(job: Pick<DeliveryJob, 'deliveryId' | 'attempts'>): string {
  // BullMQ reserves ':' in custom ids; delivery ids are `dlv_` + ULID.
  return `${job.deliveryId}.${job.attempts}`;
}

/** Milliseconds until `dueAt` (0 when due or past). */
export function delayMs(dueAt: Date | null, now: Date): number {
  return dueAt ? Math.max(0, dueAt.getTime() - now.getTime()) : 0;
}

/** The step a stored pending delivery is at. */
export function stepOf(row: Pick<DeliveryRecord, 'id' | 'hook_id' | 'attempts' | 'next_attempt_at'>): DeliveryStep {
  return { deliveryId: row.id, hookId: row.hook_id, attempts: row.attempts, dueAt: row.next_attempt_at ? new Date(row.next_attempt_at) : null };
}

export type Verdict =
  | { kind: 'attempt'; delivery: DeliveryRecord; hook: HookRecord }
  | { kind: 'skip'; reason: 'missing' | 'settled' | 'stale' | 'hook_deleted' | 'hook_paused' }
  | { kind: 'later'; at: Date };

/** Jobs this early (clock skew between processes) are attempted rather than re-delayed. */
export const EARLY_TOLERANCE_MS = 1_000;

/**
 * Whether a job's delivery is to be attempted now, according to the row as stored now.
 * Paused subscriptions are skipped: switching one back on re-enqueues its due deliveries.
 */
export function judge(job: DeliveryJob, row: DeliveryRecord | null, hook: HookRecord | null, now: Date): Verdict {
  if (!row) return { kind: 'skip', reason: 'missing' };
  if (row.status !== 'pending') return { kind: 'skip', reason: 'settled' };
  if (row.attempts !== job.attempts) return { kind: 'skip', reason: 'stale' };
  if (!hook) return { kind: 'skip', reason: 'hook_deleted' };
  if (!hook.active) return { kind: 'skip', reason: 'hook_paused' };
  const due = row.next_attempt_at ? Date.parse(row.next_attempt_at) : now.getTime();
  if (due - now.getTime() > EARLY_TOLERANCE_MS) return { kind: 'later', at: new Date(due) };
  return { kind: 'attempt', delivery: row, hook };
}
