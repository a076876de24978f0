import type Database from 'better-sqlite3';
import {
  REJECTION_BODY_LIMIT,
  type AppendOutcome,
  type EventInsert,
  type EventLog,
  type EventPage,
  type EventQuery,
  type RejectionRecord,
  type StoreLimits,
  type StoredEvent,
} from '../types.js';
import { prepareDeliveryInsert, type InsertDeliveries } from './deliveryStatements.js';
import { GroupCommitter, type GroupCommitStats } from './groupCommit.js';
import { EventLister } from './listEvents.js';
import { DEFAULT_PRUNE_CHUNK, pruneEventLog, type PruneCounts } from './prune.js';
import { toRejection, toStoredEvent } from './rows.js';
import { prepareStatements, type Statements } from './statements.js';

const HOUR_MS = 60 * 60 * 1000;

export interface EventLogOptions {
  /** Rows deleted per prune transaction. @default 5000 */
  pruneChunk?: number;
  /** The committer to write through; pass the same one to the delivery log. @default a new one on `db` */
  committer?: GroupCommitter;
}

/**
 * The event log over SQLite: events, their dedupe keys and rejected requests. Every write goes
 * through the group committer, so concurrent appends share one transaction and one fsync, and
 * writes land in call order. Reads see only committed data. An event's deliveries are written in
 * the same job as the event, so the caller's 2xx covers both.
 */
export class SqliteEventLog implements EventLog {
  readonly #db: Database.Database;
  readonly #limits: StoreLimits;
  readonly #pruneChunk: number;
  readonly #committer: GroupCommitter;
  readonly #lister: EventLister;
  readonly #sql: Statements;
  readonly #insertDeliveries: InsertDeliveries;

  constructor(db: Database.Database, limits: StoreLimits, options: EventLogOptions = {}) {
    this.#db = db;
    this.#limits = limits;
    this.#pruneChunk = options.pruneChunk ?? DEFAULT_PRUNE_CHUNK;
    this.#committer = options.committer ?? new GroupCommitter(db);
    this.#lister = new EventLister(db);
    this.#sql = prepareStatements(db);
    this.#insertDeliveries = prepareDeliveryInsert(db);
  }

  appendEvent(insert: EventInsert, now: Date): Promise<AppendOutcome> {
    return this.#committer.enqueue(() => this.#append(insert, now));
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const row = this.#sql.getEvent.get(id);
    return row ? toStoredEvent(row) : null;
  }

  async listEvents(query: EventQuery): Promise<EventPage> {
    return this.#lister.list(query);
  }

  async countEvents(): Promise<number> {
    return this.#sql.countEvents.get()?.n ?? 0;
  }

  addRejection(record: RejectionRecord): Promise<void> {
    const stored: RejectionRecord = { ...record, body_excerpt: record.body_excerpt.slice(0, REJECTION_BODY_LIMIT) };
    return this.#committer.enqueue(() => {
      this.#sql.insertRejection.run(stored.id, stored.source_id, stored.received_at, JSON.stringify(stored));
      this.#sql.trimRejections.run(stored.source_id, stored.source_id, this.#limits.rejectionsPerSource);
    });
  }

  async listRejections(sourceId: string, limit: number): Promise<RejectionRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${String(limit)}`);
    }
    return this.#sql.listRejections.all(sourceId, limit).map(toRejection);
  }

  deleteRejections(sourceId: string): Promise<void> {
    return this.#committer.enqueue(() => {
      this.#sql.deleteRejections.run(sourceId);
    });
  }

  /** Also drops finished deliveries and attempts past `deliveryRetentionDays`; see `pruneEventLog`. */
  prune(now: Date): Promise<PruneCounts> {
    return pruneEventLog(this.#db, this.#limits, now, this.#pruneChunk);
  }

  /** Group-commit counters, for tests and `/metrics`. */
  stats(): GroupCommitStats {
    return this.#committer.stats();
  }

  /** Commits pending writes, then closes the database. Idempotent. */
  close(): void {
    if (!this.#db.open) return;
    this.#committer.close();
    this.#db.close();
  }

  /** Runs inside the group transaction (its own savepoint). */
  #append({ envelope, raw, dedupeKeys, deliveries = [] }: EventInsert, now: Date): AppendOutcome {
    const sourceId = envelope.source.id;
    const nowMs = now.getTime();
    const keys = [...new Set(dedupeKeys)];
    for (const key of keys) {
      const known = this.#sql.findKey.get(sourceId, key, nowMs);
      if (known) return { duplicate: true, eventId: known.event_id };
    }
    const receivedMs = Date.parse(envelope.received_at);
    this.#sql.insertEvent.run({
      id: envelope.id,
      source_id: sourceId,
      vendor: envelope.vendor,
      type: envelope.type,
      received_at: envelope.received_at,
      received_ms: Number.isNaN(receivedMs) ? nowMs : receivedMs,
      envelope: JSON.stringify(envelope),
      raw_method: raw.method,
      raw_content_type: raw.contentType,
      raw_body: raw.body,
    });
    const expiresMs = nowMs + this.#limits.dedupeTtlHours * HOUR_MS;
    for (const key of keys) this.#sql.putKey.run(sourceId, key, envelope.id, expiresMs);
    this.#insertDeliveries(envelope.id, envelope.type, deliveries, nowMs);
    return { duplicate: false, eventId: envelope.id };
  }
}
