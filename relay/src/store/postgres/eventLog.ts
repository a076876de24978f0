import type pg from 'pg';
import type { EventEnvelope } from '../../events/envelope.js';
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
import { isUnauthenticatedRejection, rejectionsKept, UNAUTHENTICATED_REJECTION_CODES } from '../rejectionBuckets.js';
import type { PgGroupCommitter } from './groupCommit.js';
import { PgKeysetPager } from './keysetPage.js';
import type { Queryable } from './pool.js';
import { pgPrune, type PgPruneCounts } from './prune.js';
import { jsonbText, pgText } from './text.js';

interface EventRow {
  seq: number;
  envelope: EventEnvelope;
  raw_method: string;
  raw_content_type: string | null;
  raw_body: Buffer;
}

interface RejectionRow extends Omit<RejectionRecord, 'received_at'> {
  received_at: Date;
}

const EVENT_COLUMNS = 'seq, envelope, raw_method, raw_content_type, raw_body';
const REJECTION_COLUMNS = 'id, source_id, received_at, method, status, code, reason, content_type, body_excerpt, body_bytes, headers';

const toStoredEvent = (row: EventRow): StoredEvent => ({
  envelope: row.envelope,
  raw: { method: row.raw_method, contentType: row.raw_content_type, body: row.raw_body },
});

const toRejection = ({ received_at, ...row }: RejectionRow): RejectionRecord => ({ ...row, received_at: received_at.toISOString() });

/**
 * The event log over PostgreSQL: events, dedupe keys and rejected requests. Writes go through the
 * group committer (appends set-based, see `appendEvents`); reads use the pool and see committed
 * data only.
 */
export class PgEventLog implements EventLog {
  readonly #pool: pg.Pool;
  readonly #committer: PgGroupCommitter;
  readonly #limits: StoreLimits;
  readonly #pruneChunk: number;
  readonly #pager = new PgKeysetPager<EventQuery, EventRow>(`${EVENT_COLUMNS} FROM events`, [
    ['type', 'type'],
    ['vendor', 'vendor'],
    ['sourceId', 'source_id'],
  ]);

  constructor(pool: pg.Pool, committer: PgGroupCommitter, limits: StoreLimits, pruneChunk: number) {
    this.#pool = pool;
    this.#committer = committer;
    this.#limits = limits;
    this.#pruneChunk = pruneChunk;
  }

  appendEvent(insert: EventInsert, now: Date): Promise<AppendOutcome> {
    return this.#committer.append(insert, now);
  }

  async getEvent(id: string): Promise<StoredEvent | null> {
    const { rows } = await this.#pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE id = $1`, [id]);
    return rows[0] ? toStoredEvent(rows[0]) : null;
  }

  async listEvents(query: EventQuery): Promise<EventPage> {
    const { rows, nextCursor } = await this.#pager.page(this.#pool, query);
    return { events: rows.map(toStoredEvent), nextCursor };
  }

  /** An exact count: O(events). For tests and tools, not for hot paths. */
  async countEvents(): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>('SELECT count(*) AS n FROM events');
    return rows[0]?.n ?? 0;
  }

  /** Inserted and trimmed in one group-commit job, so concurrent refusals keep exactly the newest. */
  addRejection(record: RejectionRecord): Promise<void> {
    const excerpt = pgText(record.body_excerpt.slice(0, REJECTION_BODY_LIMIT));
    const keep = rejectionsKept(record.code, this.#limits);
    const unauthenticated = isUnauthenticatedRejection(record.code);
    return this.#committer.enqueue(async (client: Queryable) => {
      await client.query(
        `INSERT INTO rejections (${REJECTION_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
        [
          record.id,
          record.source_id,
          record.received_at,
          pgText(record.method),
          record.status,
          pgText(record.code),
          pgText(record.reason),
          pgText(record.content_type),
          excerpt,
          record.body_bytes,
          jsonbText(record.headers),
        ],
      );
      // Trims only the bucket the new row is in (see rejectionBuckets.ts).
      await client.query(
        `DELETE FROM rejections WHERE source_id = $1 AND (code = ANY($3::text[])) = $4 AND seq <=
           (SELECT seq FROM rejections WHERE source_id = $1 AND (code = ANY($3::text[])) = $4 ORDER BY seq DESC LIMIT 1 OFFSET $2)`,
        [record.source_id, keep, UNAUTHENTICATED_REJECTION_CODES, unauthenticated],
      );
    });
  }

  async listRejections(sourceId: string, limit: number): Promise<RejectionRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${String(limit)}`);
    }
    const { rows } = await this.#pool.query<RejectionRow>(
      `SELECT ${REJECTION_COLUMNS} FROM rejections WHERE source_id = $1 ORDER BY seq DESC LIMIT $2`,
      [sourceId, limit],
    );
    return rows.map(toRejection);
  }

  deleteRejections(sourceId: string): Promise<void> {
    return this.#committer.enqueue(async (client: Queryable) => {
      await client.query('DELETE FROM rejections WHERE source_id = $1', [sourceId]);
    });
  }

  /** Also drops finished deliveries and attempts past `deliveryRetentionDays`; see `pgPrune`. */
  prune(now: Date): Promise<PgPruneCounts> {
    return pgPrune(this.#pool, this.#limits, now, this.#pruneChunk);
  }
}
