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
import type { GroupCommitStats } from './groupCommit.js';
import { EventLister } from './listEvents.js';
import type { PruneCounts } from './prune.js';
import { toRejection, toStoredEvent } from './rows.js';
import { prepareStatements, type Statements } from './statements.js';
import { InlineWriter, type EventWriter } from './writer.js';

export interface EventLogOptions {
  /** Rows deleted per prune transaction (for the default writer). @default 5000 */
  pruneChunk?: number;
  /** Where writes run; pass the same one to the delivery log. @default an `InlineWriter` on `db` */
  writer?: EventWriter;
}

/**
 * The event log over SQLite: events, their dedupe keys and rejected requests. Every write goes
 * through the writer's group commit, so concurrent appends share one transaction and one fsync,
 * and writes land in call order. Reads run on `db` and see only committed data. An event's
 * deliveries are written in the same job as the event, so the caller's 2xx covers both.
 */
export class SqliteEventLog implements EventLog {
  readonly #db: Database.Database;
  readonly #limits: StoreLimits;
  readonly #writer: EventWriter;
  readonly #lister: EventLister;
  readonly #sql: Statements;

  constructor(db: Database.Database, limits: StoreLimits, options: EventLogOptions = {}) {
    this.#db = db;
    this.#limits = limits;
    this.#writer = options.writer ?? new InlineWriter(db, limits, options.pruneChunk);
    this.#lister = new EventLister(db);
    this.#sql = prepareStatements(db);
  }

  appendEvent({ envelope, raw, dedupeKeys, deliveries = [] }: EventInsert, now: Date): Promise<AppendOutcome> {
    const nowMs = now.getTime();
    const receivedMs = Date.parse(envelope.received_at);
    const row = {
      id: envelope.id,
      source_id: envelope.source.id,
      vendor: envelope.vendor,
      type: envelope.type,
      received_at: envelope.received_at,
      received_ms: Number.isNaN(receivedMs) ? nowMs : receivedMs,
      envelope: JSON.stringify(envelope),
      raw_method: raw.method,
      raw_content_type: raw.contentType,
      raw_body: raw.body,
    };
    return this.#writer.call('append', { row, keys: [...new Set(dedupeKeys)], deliveries, nowMs });
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
    return this.#writer.call('addRejection', { id: stored.id, source_id: stored.source_id, received_at: stored.received_at, code: stored.code, record: JSON.stringify(stored) });
  }

  async listRejections(sourceId: string, limit: number): Promise<RejectionRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${String(limit)}`);
    }
    return this.#sql.listRejections.all(sourceId, limit).map(toRejection);
  }

  deleteRejections(sourceId: string): Promise<void> {
    return this.#writer.call('deleteRejections', { sourceId });
  }

  /** Also drops finished deliveries and attempts past `deliveryRetentionDays`; see `pruneEventLog`. */
  prune(now: Date): Promise<PruneCounts> {
    return this.#writer.prune(now.getTime());
  }

  /** Group-commit counters, for tests and `/metrics`. */
  stats(): GroupCommitStats {
    return this.#writer.stats();
  }

  /**
   * Commits pending writes, then closes the database. Idempotent. With the default (inline)
   * writer everything happens before this returns; a worker writer finishes when it resolves.
   */
  close(): Promise<void> {
    if (!this.#db.open) return Promise.resolve();
    const stopped = this.#writer.close();
    return stopped.finally(() => {
      if (this.#db.open) this.#db.close();
    });
  }
}
