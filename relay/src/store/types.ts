import type { EventEnvelope } from '../events/envelope.js';
import type { Vendor } from '../vendors/types.js';

/**
 * The persistence boundary. Routes and the ingest pipeline only ever see this interface;
 * only `store/` touches persisted data. Embedded default: configuration in a lowdb JSON file,
 * high-volume records (events, deliveries, attempts, dedupe keys, rejections) in SQLite
 * (`embedded.ts`). `postgres/` implements the same interface on PostgreSQL; `contract/` runs the
 * same behaviour tests against both.
 *
 * Every method that resolves has made its write durable (fsync) before resolving.
 */

export interface SourceRecord {
  id: string;
  vendor: Vendor;
  name: string;
  description: string | null;
  active: boolean;
  /** SHA-256 (hex) of the ingest token. The token itself is never stored. */
  token_hash: string;
  /** Last 4 characters of the token, to tell tokens apart in the UI. */
  token_hint: string;
  /** During a rotation grace period the previous token keeps working until `previous_token_expires_at`. */
  previous_token_hash: string | null;
  previous_token_expires_at: string | null;
  created_at: string;
  updated_at: string;
}

export type SourcePatch = Partial<
  Pick<SourceRecord, 'name' | 'description' | 'active' | 'token_hash' | 'token_hint' | 'previous_token_hash' | 'previous_token_expires_at'>
>;

export interface ApiKeyRecord {
  id: string;
  /** SHA-256 (hex) of the key. */
  hash: string;
  hint: string;
  label: string;
  created_at: string;
}

export type HookAuth =
  | { type: 'none' }
  | { type: 'bearer'; token: string }
  | { type: 'basic'; username: string; password: string }
  | { type: 'header'; name: string; value: string };

export type HttpMethod = 'POST' | 'PUT' | 'PATCH';

/** A subscription (REST hook). Stored whole, secrets included (config.json is 0600); the API masks them. */
export interface HookRecord {
  id: string;
  target_url: string;
  /** Canonical patterns: exact types, `vendor.*` or `*`. */
  event_types: string[];
  source_id: string | null;
  name: string | null;
  description: string | null;
  http_method: HttpMethod;
  auth: HookAuth;
  retry_enabled: boolean;
  retry_attempts: number;
  retry_schedule: number[] | null;
  /** The filter as given (validated at save time, compiled when loaded). */
  filter: Record<string, unknown> | null;
  payload_template: string | null;
  active: boolean;
  /** Why the relay switched it off (e.g. 20 failed deliveries in a row); null otherwise. */
  disabled_reason: string | null;
  disabled_at: string | null;
  /** `whsec_…` Standard Webhooks signing secret. */
  secret: string;
  created_at: string;
  updated_at: string;
}

export type HookPatch = Partial<Omit<HookRecord, 'id' | 'secret' | 'created_at' | 'updated_at'>>;

export interface ConfigStore {
  listSources(): Promise<SourceRecord[]>;
  getSource(id: string): Promise<SourceRecord | null>;
  /** Fails with an Error if the id exists. */
  createSource(record: SourceRecord): Promise<SourceRecord>;
  /** Resolves null if there is no such source. Sets `updated_at`. */
  updateSource(id: string, patch: SourcePatch, now: Date): Promise<SourceRecord | null>;
  /** Resolves false if there was no such source. */
  deleteSource(id: string): Promise<boolean>;

  listApiKeys(): Promise<ApiKeyRecord[]>;
  addApiKey(record: ApiKeyRecord): Promise<void>;

  listHooks(): Promise<HookRecord[]>;
  getHook(id: string): Promise<HookRecord | null>;
  /** Fails with an Error if the id exists. */
  createHook(record: HookRecord): Promise<HookRecord>;
  /** Resolves null if there is no such hook. Sets `updated_at`. */
  updateHook(id: string, patch: HookPatch, now: Date): Promise<HookRecord | null>;
  deleteHook(id: string): Promise<boolean>;
}

export interface RawRequest {
  method: string;
  contentType: string | null;
  /** The bytes as received (already bounded by the body limit). */
  body: Buffer;
}

export interface EventInsert {
  envelope: EventEnvelope;
  raw: RawRequest;
  /** One delivery per matching active subscription, written in the same transaction as the event. */
  deliveries?: NewDelivery[];
  /**
   * Dedupe keys, already namespaced by the caller (`clarityflow-id:<uuid>`, `idempotency-key:<v>`,
   * `webhook-id:<v>`). Scoped to the envelope's source. If any unexpired key is already known for
   * that source, nothing is written and the earlier event's id is returned.
   */
  dedupeKeys: string[];
}

export type AppendOutcome = { duplicate: false; eventId: string } | { duplicate: true; eventId: string };

export interface StoredEvent {
  envelope: EventEnvelope;
  raw: RawRequest;
}

export interface EventQuery {
  type?: string;
  vendor?: Vendor;
  sourceId?: string;
  /** 1..500 */
  limit: number;
  /** Opaque cursor from a previous page's `nextCursor`. Invalid cursors throw `InvalidCursorError`. */
  cursor?: string;
}

export interface EventPage {
  /** Newest first. */
  events: StoredEvent[];
  /** Present when more (older) events match. */
  nextCursor: string | null;
}

export class InvalidCursorError extends Error {
  constructor(cursor: string) {
    super(`Invalid cursor ${JSON.stringify(cursor.slice(0, 40))}`);
    this.name = 'InvalidCursorError';
  }
}

export interface RejectionRecord {
  id: string;
  source_id: string;
  received_at: string;
  method: string;
  status: number;
  code: string;
  reason: string;
  content_type: string | null;
  /** First `REJECTION_BODY_LIMIT` bytes of the body, as UTF-8 text (invalid sequences replaced). */
  body_excerpt: string;
  body_bytes: number;
  /** A few request headers worth seeing (content-type, user-agent, content-length); never auth headers. */
  headers: Record<string, string>;
}

export interface EventLog {
  /**
   * Durably appends the event (and later its deliveries) unless a dedupe key matches.
   * Concurrent calls are grouped into one transaction and one fsync ("group commit");
   * each call resolves only after the transaction holding it has committed.
   */
  appendEvent(insert: EventInsert, now: Date): Promise<AppendOutcome>;
  getEvent(id: string): Promise<StoredEvent | null>;
  listEvents(query: EventQuery): Promise<EventPage>;
  countEvents(): Promise<number>;

  /** Keeps the newest `limits.rejectionsPerSource` authenticated and `UNAUTHENTICATED_REJECTIONS_KEPT` unauthenticated refusals per source (see rejectionBuckets.ts). */
  addRejection(record: RejectionRecord): Promise<void>;
  /** Newest first. */
  listRejections(sourceId: string, limit: number): Promise<RejectionRecord[]>;
  deleteRejections(sourceId: string): Promise<void>;

  /** Drops events past retention and expired dedupe keys, in bounded chunks. */
  prune(now: Date): Promise<{ events: number; dedupeKeys: number }>;
}

export type DeliveryTrigger = 'scheduled' | 'manual' | 'test' | 'replay';
export type DeliveryStatus = 'pending' | 'succeeded' | 'failed' | 'cancelled';
export type AttemptOutcome = 'success' | 'retry' | 'gone' | 'failed_permanent';

export interface NewDelivery {
  id: string;
  hook_id: string;
  /** What created it: `scheduled` (an ingested event), `replay`, `test`. */
  trigger: DeliveryTrigger;
}

export interface DeliveryRecord {
  id: string;
  event_id: string;
  event_type: string;
  hook_id: string;
  trigger: DeliveryTrigger;
  status: DeliveryStatus;
  /** Attempts made in all. */
  attempts: number;
  /** Attempts made in the current retry cycle (recover starts a new cycle). */
  cycle_attempts: number;
  next_attempt_at: string | null;
  last_status_code: number | null;
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface AttemptRecord {
  id: string;
  delivery_id: string;
  hook_id: string;
  event_id: string;
  /** 1-based over the delivery's life. */
  number: number;
  trigger: DeliveryTrigger;
  started_at: string;
  duration_ms: number;
  outcome: AttemptOutcome;
  status_code: number | null;
  error: string | null;
  target_url: string;
  /** A few response headers worth keeping (content-type, retry-after, location, ...). */
  response_headers: Record<string, string>;
  /** First 5000 characters. */
  response_body: string | null;
  next_attempt_at: string | null;
}

/** What happened on one attempt, written with the delivery's new state in one transaction. */
export interface AttemptWrite {
  attempt: AttemptRecord;
  status: DeliveryStatus;
  nextAttemptAt: Date | null;
  /** True when this attempt starts a new retry cycle count (manual retries do not). */
  countsInCycle: boolean;
}

export interface DeliveryQuery {
  /** One delivery (with its attempts) by id. */
  deliveryId?: string;
  hookId?: string;
  status?: DeliveryStatus;
  eventType?: string;
  eventId?: string;
  limit: number;
  cursor?: string;
}

export interface DeliveryPage {
  /** Newest first, each with its attempts (oldest first). */
  deliveries: (DeliveryRecord & { attempts_log: AttemptRecord[] })[];
  nextCursor: string | null;
}

export interface DeliveryCounts {
  pending: number;
  succeeded: number;
  failed: number;
  cancelled: number;
}

export interface DeliveryLog {
  /** Deliveries of one event created outside ingest (replay, test); same group commit. */
  addDeliveries(eventId: string, eventType: string, deliveries: NewDelivery[], now: Date): Promise<void>;
  getDelivery(id: string): Promise<DeliveryRecord | null>;
  listDeliveries(query: DeliveryQuery): Promise<DeliveryPage>;
  /**
   * Pending deliveries of one hook due at `now` or earlier, oldest due first, skipping `exclude`
   * (those in flight). Reads only.
   */
  dueDeliveries(hookId: string, now: Date, limit: number, exclude: readonly string[]): Promise<DeliveryRecord[]>;
  /**
   * The earliest `next_attempt_at` of any pending delivery (later than `after`, when given), or
   * null. The engine asks for the next *future* time: work due now is already in flight or
   * waiting for a lane, and a finishing attempt wakes it.
   */
  nextDueAt(after?: Date): Promise<Date | null>;
  /** Hook ids that have pending deliveries due at `now` or earlier. */
  hooksWithDueDeliveries(now: Date): Promise<string[]>;
  /**
   * Writes the attempt and the delivery's new state. The store numbers the attempt (the
   * delivery's recorded attempts + 1, read and written in one transaction, whatever
   * `attempt.number` says), so attempts of one delivery never share a number, even when two
   * processes attempted it at once or an attempt started from a stale row. Resolves that number;
   * for an attempt id already recorded, the number it got then; null when the delivery does not
   * exist (nothing is written).
   */
  recordAttempt(write: AttemptWrite, now: Date): Promise<number | null>;
  /** Re-queues the hook's failed deliveries created at or after `since` as a new retry cycle. Returns how many. */
  requeueFailed(hookId: string, since: Date, now: Date): Promise<number>;
  /** Marks every pending delivery of the hook cancelled (the hook is gone). Returns how many. */
  cancelPending(hookId: string, now: Date): Promise<number>;
  /** Consecutive finally-failed deliveries of the hook since its last success. */
  consecutiveFailures(hookId: string): Promise<number>;
  deliveryCounts(): Promise<DeliveryCounts>;
}

/** What happened since a time, for the admin overview. */
export interface ActivityCounts {
  /** Events received at or after `since`. */
  events: number;
  /** Deliveries created at or after `since`, by their status now. */
  deliveries: DeliveryCounts;
}

export interface QueueDepth {
  /** Deliveries waiting for an attempt (queued or scheduled for a retry). */
  pending: number;
  /** Of those, the ones due now or earlier. */
  due: number;
}

/** A subscription's delivery health (kept with every settled delivery; test sends excluded). */
export interface HookHealthRecord {
  hook_id: string;
  /** Finally-failed deliveries in a row since its last success. */
  consecutive_failures: number;
  last_success_at: string | null;
  last_failure_at: string | null;
}

/** Read-only counts for the admin overview (`GET /api/v1/stats`). */
export interface StatsLog {
  /** Costs one index range scan of the window (events by `received_ms`, deliveries by `created_ms`). */
  activitySince(since: Date): Promise<ActivityCounts>;
  queueDepth(now: Date): Promise<QueueDepth>;
  /** One row per subscription that ever had a delivery settle. */
  hookHealth(): Promise<HookHealthRecord[]>;
  /** When the newest stored event was received, or null. */
  lastEventAt(): Promise<string | null>;
}

export interface StoreLimits {
  /** Events older than this are pruned. */
  eventRetentionDays: number;
  /** At most this many events are kept (oldest pruned first). */
  eventRetentionMax: number;
  /** Dedupe keys are remembered at least this long. Minimum 24. */
  dedupeTtlHours: number;
  rejectionsPerSource: number;
  /** Delivery and attempt logs older than this are pruned (pending deliveries never are). */
  deliveryRetentionDays: number;
}

export interface Store extends ConfigStore, EventLog, DeliveryLog, StatsLog {
  readonly kind: 'embedded' | 'postgres';
  /** True once opened and not closing; drives `/readyz`. */
  isReady(): boolean;
  /** Flushes pending group commits and closes files. Idempotent. */
  close(): Promise<void>;
}

export const REJECTION_BODY_LIMIT = 4096;

/** Characters of a subscriber's response body kept per attempt (`AttemptRecord.response_body`). */
export const RESPONSE_BODY_LIMIT = 5000;
