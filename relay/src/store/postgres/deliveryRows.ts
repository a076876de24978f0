import {
  RESPONSE_BODY_LIMIT,
  type AttemptOutcome,
  type AttemptRecord,
  type DeliveryRecord,
  type DeliveryStatus,
  type DeliveryTrigger,
} from '../types.js';
import { jsonbText, pgText } from './text.js';

/** One row of `deliveries` as `pg` returns it. */
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
  next_attempt_at: Date | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: Date;
  updated_at: Date;
}

export const DELIVERY_COLUMNS =
  'seq, id, event_id, event_type, hook_id, trigger, status, attempts, cycle_attempts, next_attempt_at, ' +
  'last_status_code, last_error, created_at, updated_at';

export interface AttemptRow extends Omit<AttemptRecord, 'trigger' | 'outcome' | 'started_at' | 'next_attempt_at'> {
  trigger: string;
  outcome: string;
  started_at: Date;
  next_attempt_at: Date | null;
}

export const ATTEMPT_COLUMNS =
  'id, delivery_id, hook_id, event_id, number, trigger, started_at, duration_ms, outcome, status_code, error, ' +
  'target_url, response_headers, response_body, next_attempt_at';

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

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
    next_attempt_at: iso(row.next_attempt_at),
    last_status_code: row.last_status_code,
    last_error: row.last_error,
    created_at: row.created_at.toISOString(),
    updated_at: row.updated_at.toISOString(),
  };
}

export function toAttempt(row: AttemptRow): AttemptRecord {
  return {
    ...row,
    // Written only by this store, from typed AttemptRecords.
    trigger: row.trigger as DeliveryTrigger,
    outcome: row.outcome as AttemptOutcome,
    started_at: row.started_at.toISOString(),
    next_attempt_at: iso(row.next_attempt_at),
  };
}

/** The attempt as `INSERT INTO attempts (ATTEMPT_COLUMNS)` parameters, in column order. */
export function attemptParams(attempt: AttemptRecord, now: Date): unknown[] {
  const startedMs = Date.parse(attempt.started_at);
  return [
    attempt.id,
    attempt.delivery_id,
    attempt.hook_id,
    attempt.event_id,
    attempt.number,
    attempt.trigger,
    new Date(Number.isNaN(startedMs) ? now.getTime() : startedMs).toISOString(),
    Math.round(attempt.duration_ms),
    attempt.outcome,
    attempt.status_code,
    pgText(attempt.error),
    pgText(attempt.target_url),
    jsonbText(attempt.response_headers),
    attempt.response_body === null ? null : pgText(attempt.response_body.slice(0, RESPONSE_BODY_LIMIT)),
    attempt.next_attempt_at,
  ];
}
