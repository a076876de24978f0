import { DEFAULT_STORE_LIMITS } from './limits.js';
import { SqliteDeliveryLog } from './sqlite/deliveryLog.js';
import { SqliteEventLog } from './sqlite/eventLog.js';
import { openEventDatabase } from './sqlite/schema.js';
import { InlineWriter } from './sqlite/writer.js';
import type {
  AttemptRecord,
  AttemptWrite,
  DeliveryRecord,
  DeliveryTrigger,
  HookRecord,
  NewDelivery,
  SourceRecord,
  StoreLimits,
} from './types.js';

/** Helpers for the store's tests: one valid source, hook, delivery and attempt to vary. */

export interface Logs {
  events: SqliteEventLog;
  deliveries: SqliteDeliveryLog;
  /** Commits what is queued and closes the database. */
  close: () => Promise<void>;
}

/**
 * The event and delivery logs on one database (`file` or ':memory:'), sharing one writer. The
 * writer runs on this thread here; the embedded store's writer thread is tested through it.
 */
export function openLogs(file: string, limits: Partial<StoreLimits> = {}, options: { pruneChunk?: number } = {}): Logs {
  const db = openEventDatabase(file);
  const all = { ...DEFAULT_STORE_LIMITS, ...limits };
  const writer = new InlineWriter(db, all, options.pruneChunk);
  const events = new SqliteEventLog(db, all, { writer });
  return { events, deliveries: new SqliteDeliveryLog(db, writer), close: () => events.close() };
}

let counter = 0;

/** A new delivery with a fresh id. */
export function newDelivery(hookId: string, trigger: DeliveryTrigger = 'scheduled'): NewDelivery {
  counter += 1;
  return { id: `dlv_test${String(counter).padStart(8, '0')}`, hook_id: hookId, trigger };
}

/** A stored source with a made-up token hash; `overrides` replaces any field. */
export function makeSource(id: string, overrides: Partial<SourceRecord> = {}): SourceRecord {
  return {
    id,
    vendor: 'clarky',
    name: `Source ${id}`,
    description: null,
    active: true,
    token_hash: 'a'.repeat(64),
    token_hint: 'abcd',
    previous_token_hash: null,
    previous_token_expires_at: null,
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

export function makeHook(id: string, overrides: Partial<HookRecord> = {}): HookRecord {
  return {
    id,
    target_url: 'https://hooks.example.com/in',
    event_types: ['clarky.*'],
    source_id: null,
    name: `Hook ${id}`,
    description: null,
    http_method: 'POST',
    auth: { type: 'bearer', token: 'secret-token' },
    retry_enabled: true,
    retry_attempts: 3,
    retry_schedule: null,
    filter: { 'person.email': { $exists: true } },
    payload_template: null,
    active: true,
    disabled_reason: null,
    disabled_at: null,
    secret: 'whsec_dGVzdHNlY3JldA==',
    created_at: '2026-03-01T00:00:00.000Z',
    updated_at: '2026-03-01T00:00:00.000Z',
    ...overrides,
  };
}

/** A valid attempt on `delivery` (its next number), answered 200 at `startedAt`. */
export function makeAttempt(
  delivery: Pick<DeliveryRecord, 'id' | 'hook_id' | 'event_id' | 'attempts' | 'trigger'>,
  startedAt: Date,
  overrides: Partial<AttemptRecord> = {},
): AttemptRecord {
  counter += 1;
  return {
    id: `att_test${String(counter).padStart(8, '0')}`,
    delivery_id: delivery.id,
    hook_id: delivery.hook_id,
    event_id: delivery.event_id,
    number: delivery.attempts + 1,
    trigger: delivery.trigger,
    started_at: startedAt.toISOString(),
    duration_ms: 42,
    outcome: 'success',
    status_code: 200,
    error: null,
    target_url: 'https://hooks.example.com/in',
    response_headers: { 'content-type': 'text/plain' },
    response_body: 'ok',
    next_attempt_at: null,
    ...overrides,
  };
}

/** The write for a retryable failure (HTTP 500) that schedules the next attempt at `next`. */
export function retryWrite(delivery: DeliveryRecord, startedAt: Date, next: Date): AttemptWrite {
  const attempt = makeAttempt(delivery, startedAt, {
    outcome: 'retry',
    status_code: 500,
    error: 'HTTP 500',
    next_attempt_at: next.toISOString(),
  });
  return { attempt, status: 'pending', nextAttemptAt: next, countsInCycle: true };
}

/** The write for a final failure (no retry left). */
export function failWrite(delivery: DeliveryRecord, startedAt: Date, countsInCycle = true): AttemptWrite {
  const attempt = makeAttempt(delivery, startedAt, { outcome: 'failed_permanent', status_code: 400, error: 'HTTP 400' });
  return { attempt, status: 'failed', nextAttemptAt: null, countsInCycle };
}

/** The write for a 2xx. */
export function successWrite(delivery: DeliveryRecord, startedAt: Date): AttemptWrite {
  return { attempt: makeAttempt(delivery, startedAt), status: 'succeeded', nextAttemptAt: null, countsInCycle: true };
}
