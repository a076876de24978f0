import type { EventEnvelope } from '../events/envelope.js';
import type { Vendor } from '../vendors/types.js';

/**
 * The persistence boundary. Routes and the ingest pipeline only ever see this interface;
 * only `store/` touches persisted data. Embedded default: configuration in a lowdb JSON file,
 * high-volume records (events, dedupe keys, rejections) in SQLite. A PostgreSQL implementation
 * fills the same interface later.
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

  /** Keeps at most `limits.rejectionsPerSource` per source (oldest dropped). */
  addRejection(record: RejectionRecord): Promise<void>;
  /** Newest first. */
  listRejections(sourceId: string, limit: number): Promise<RejectionRecord[]>;
  deleteRejections(sourceId: string): Promise<void>;

  /** Drops events past retention and expired dedupe keys, in bounded chunks. */
  prune(now: Date): Promise<{ events: number; dedupeKeys: number }>;
}

export interface StoreLimits {
  /** Events older than this are pruned. */
  eventRetentionDays: number;
  /** At most this many events are kept (oldest pruned first). */
  eventRetentionMax: number;
  /** Dedupe keys are remembered at least this long. Minimum 24. */
  dedupeTtlHours: number;
  rejectionsPerSource: number;
}

export interface Store extends ConfigStore, EventLog {
  readonly kind: 'embedded' | 'postgres';
  /** True once opened and not closing; drives `/readyz`. */
  isReady(): boolean;
  /** Flushes pending group commits and closes files. Idempotent. */
  close(): Promise<void>;
}

export const REJECTION_BODY_LIMIT = 4096;
