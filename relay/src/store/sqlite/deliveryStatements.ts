import type Database from 'better-sqlite3';
import type { NewDelivery } from '../types.js';
import { ATTEMPT_COLUMNS, DELIVERY_COLUMNS, type AttemptParams, type AttemptRow, type DeliveryRow } from './deliveryRows.js';

interface NewDeliveryParams {
  id: string;
  event_id: string;
  event_type: string;
  hook_id: string;
  trigger: string;
  now_ms: number;
}

export interface AttemptResultParams {
  id: string;
  cycle: 0 | 1;
  status: string;
  next_ms: number | null;
  status_code: number | null;
  error: string | null;
  now_ms: number;
}

/**
 * Every statement of the delivery log, prepared once per database. Statements that filter on
 * `status = 'pending'` say so literally, so SQLite can use the partial "due" indexes.
 */
export function prepareDeliveryStatements(db: Database.Database) {
  return {
    getDelivery: db.prepare<[string], DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = ?`),
    /** Attempts of a set of deliveries (a JSON array of ids), grouped by delivery, oldest first. */
    attemptsOf: db.prepare<[string], AttemptRow>(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))
       ORDER BY delivery_id, seq`,
    ),
    /** hook, now, excluded ids (JSON array), limit. */
    due: db.prepare<[string, number, string, number], DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries
       WHERE status = 'pending' AND hook_id = ? AND next_attempt_ms <= ?
         AND id NOT IN (SELECT value FROM json_each(?))
       ORDER BY next_attempt_ms, seq LIMIT ?`,
    ),
    // INDEXED BY: without statistics the planner would walk every pending row via (status, seq).
    nextDue: db.prepare<[number], { ms: number | null }>(
      `SELECT MIN(next_attempt_ms) AS ms FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending' AND next_attempt_ms > ?`,
    ),
    dueHooks: db.prepare<[number], { hook_id: string }>(
      `SELECT DISTINCT hook_id FROM deliveries INDEXED BY deliveries_due
       WHERE status = 'pending' AND next_attempt_ms <= ?`,
    ),
    attemptNumber: db.prepare<[string], { number: number }>('SELECT number FROM attempts WHERE id = ?'),
    insertAttempt: db.prepare<[AttemptParams]>(
      `INSERT INTO attempts (id, delivery_id, hook_id, event_id, number, trigger, started_at, started_ms, duration_ms,
         outcome, status_code, error, target_url, response_headers, response_body, next_attempt_at)
       VALUES (@id, @delivery_id, @hook_id, @event_id, @number, @trigger, @started_at, @started_ms, @duration_ms,
         @outcome, @status_code, @error, @target_url, @response_headers, @response_body, @next_attempt_at)`,
    ),
    recordResult: db.prepare<[AttemptResultParams]>(
      `UPDATE deliveries SET attempts = attempts + 1, cycle_attempts = cycle_attempts + @cycle, status = @status,
         next_attempt_ms = @next_ms, last_status_code = @status_code, last_error = @error, updated_ms = @now_ms
       WHERE id = @id`,
    ),
    /** hook, now */
    healthSuccess: db.prepare<[string, number]>(
      `INSERT INTO hook_health (hook_id, consecutive_failures, last_success_ms) VALUES (?, 0, ?)
       ON CONFLICT (hook_id) DO UPDATE SET consecutive_failures = 0, last_success_ms = excluded.last_success_ms`,
    ),
    /** hook, now */
    healthFailure: db.prepare<[string, number]>(
      `INSERT INTO hook_health (hook_id, consecutive_failures, last_failure_ms) VALUES (?, 1, ?)
       ON CONFLICT (hook_id) DO UPDATE SET consecutive_failures = consecutive_failures + 1,
         last_failure_ms = excluded.last_failure_ms`,
    ),
    failures: db.prepare<[string], { n: number }>('SELECT consecutive_failures AS n FROM hook_health WHERE hook_id = ?'),
    /**
     * now (next attempt), now (updated), hook, since. Test deliveries stay failed: their sample
     * event was never stored, so another attempt could only fail.
     */
    requeueFailed: db.prepare<[number, number, string, number]>(
      `UPDATE deliveries SET status = 'pending', cycle_attempts = 0, next_attempt_ms = ?, updated_ms = ?
       WHERE hook_id = ? AND status = 'failed' AND created_ms >= ? AND trigger != 'test'`,
    ),
    /** now, hook */
    cancelPending: db.prepare<[number, string]>(
      `UPDATE deliveries SET status = 'cancelled', next_attempt_ms = NULL, updated_ms = ?
       WHERE hook_id = ? AND status = 'pending'`,
    ),
    /** Kept by triggers on `deliveries`; see migration 2. */
    counts: db.prepare<[], { status: string; n: number }>('SELECT status, n FROM delivery_counts'),
  };
}

export type DeliveryStatements = ReturnType<typeof prepareDeliveryStatements>;

/**
 * Returns a function that inserts new deliveries of one event as `pending`, due `nowMs`. Meant
 * to run inside a group-commit job (the ingest append or `addDeliveries`), so the deliveries
 * commit together with whatever else that job writes, or not at all.
 */
export function prepareDeliveryInsert(db: Database.Database) {
  const insert = db.prepare<[NewDeliveryParams]>(
    `INSERT INTO deliveries (id, event_id, event_type, hook_id, trigger, status, attempts, cycle_attempts,
       next_attempt_ms, created_ms, updated_ms)
     VALUES (@id, @event_id, @event_type, @hook_id, @trigger, 'pending', 0, 0, @now_ms, @now_ms, @now_ms)`,
  );
  return (eventId: string, eventType: string, deliveries: readonly NewDelivery[], nowMs: number): void => {
    for (const { id, hook_id, trigger } of deliveries) {
      insert.run({ id, event_id: eventId, event_type: eventType, hook_id, trigger, now_ms: nowMs });
    }
  };
}

export type InsertDeliveries = ReturnType<typeof prepareDeliveryInsert>;
