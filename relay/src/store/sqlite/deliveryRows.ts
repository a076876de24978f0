import {
  RESPONSE_BODY_LIMIT,
  type AttemptOutcome,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliveryTrigger,
} from '../types.js';

/** One row of `deliveries`. Times are epoch milliseconds; the record shows them as ISO strings. */
export interface DeliveryRow {
  seq: number;
  id: string;
  event_id: string;
  event_type: string;
  hook_id: string;
  trigger: string;
  status: string;
  attempts: number;
  cycle_attempts: number;
  next_attempt_ms: number | null;
  last_status_code: number | null;
  last_error: string | null;
  created_ms: number;
  updated_ms: number;
}

/** The columns every delivery read selects, in `DeliveryRow` order. */
export const DELIVERY_COLUMNS =
  'seq, id, event_id, event_type, hook_id, trigger, status, attempts, cycle_attempts, next_attempt_ms, ' +
  'last_status_code, last_error, created_ms, updated_ms';

/** One row of `attempts`; `response_headers` is JSON text. */
export interface AttemptRow {
  id: string;
  delivery_id: string;
  hook_id: string;
  event_id: string;
  number: number;
  trigger: string;
  started_at: string;
  duration_ms: number;
  outcome: string;
  status_code: number | null;
  error: string | null;
  target_url: string;
  response_headers: string;
  response_body: string | null;
  next_attempt_at: string | null;
}

export const ATTEMPT_COLUMNS =
  'id, delivery_id, hook_id, event_id, number, trigger, started_at, duration_ms, outcome, status_code, error, ' +
  'target_url, response_headers, response_body, next_attempt_at';

/** Attempt columns as named parameters, plus `started_ms` (the index for retention). */
export type AttemptParams = AttemptRow & { started_ms: number };

const iso = (ms: number): string => new Date(ms).toISOString();

export function toDelivery(row: DeliveryRow): DeliveryRecord {
  return {
    id: row.id,
    event_id: row.event_id,
    event_type: row.event_type,
    hook_id: row.hook_id,
    // `trigger` and `status` are constrained by CHECKs in the schema.
    trigger: row.trigger as DeliveryTrigger,
    status: row.status as DeliveryStatus,
    attempts: row.attempts,
    cycle_attempts: row.cycle_attempts,
    next_attempt_at: row.next_attempt_ms === null ? null : iso(row.next_attempt_ms),
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    created_at: iso(row.created_ms),
    updated_at: iso(row.updated_ms),
  };
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    ...row,
    // Written only by this store, from typed AttemptRecords.
    trigger: row.trigger as DeliveryTrigger,
    outcome: row.outcome as AttemptOutcome,
    response_headers: JSON.parse(row.response_headers) as Record<string, string>,
  };
}

export function toAttemptParams(attempt: AttemptRecord, nowMs: number): AttemptParams {
  const startedMs = Date.parse(attempt.started_at);
  return {
    id: attempt.id,
    delivery_id: attempt.delivery_id,
    hook_id: attempt.hook_id,
    event_id: attempt.event_id,
    number: attempt.number,
    trigger: attempt.trigger,
    started_at: attempt.started_at,
    started_ms: Number.isNaN(startedMs) ? nowMs : startedMs,
    duration_ms: attempt.duration_ms,
    outcome: attempt.outcome,
    status_code: attempt.status_code,
    error: attempt.error,
    target_url: attempt.target_url,
    response_headers: JSON.stringify(attempt.response_headers),
    response_body: attempt.response_body === null ? null : attempt.response_body.slice(0, RESPONSE_BODY_LIMIT),
    next_attempt_at: attempt.next_attempt_at,
  };
}
