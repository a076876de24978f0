import type pg from 'pg';
import type {
  AttemptRecord,
  AttemptWrite,
  DeliveryCounts,
  DeliveryLog,
  DeliveryPage,
  DeliveryQuery,
  DeliveryRecord,
  DeliveryStatus,
  NewDelivery,
} from '../types.js';
import { insertDeliveries } from './appendEvents.js';
import { ATTEMPT_COLUMNS, DELIVERY_COLUMNS, toAttempt, toDelivery, type AttemptRow, type DeliveryRow } from './deliveryRows.js';
import type { PgGroupCommitter } from './groupCommit.js';
import { PgKeysetPager } from './keysetPage.js';
import type { Queryable } from './pool.js';
import { recordAttempt } from './recordAttempt.js';

/**
 * Deliveries, attempts and per-hook health in PostgreSQL. The table is the queue, as in the
 * embedded store: a delivery stays `pending` with a due time until an attempt settles it. Writes
 * go through the group committer; reads use the pool.
 *
 * Phase 1 of the scale-out keeps the in-process delivery engine, which reads due work with
 * `dueDeliveries`; with several relays on one database each would attempt the same due
 * deliveries. The BullMQ phase claims work instead (a queue per hook, or `FOR UPDATE SKIP
 * LOCKED` on `deliveries_due_by_hook`); until then run one delivering relay per database.
 */
export class PgDeliveryLog implements DeliveryLog {
  readonly #pool: pg.Pool;
  readonly #committer: PgGroupCommitter;
  readonly #pager = new PgKeysetPager<DeliveryQuery, DeliveryRow>(`${DELIVERY_COLUMNS} FROM deliveries`, [
    ['deliveryId', 'id'],
    ['hookId', 'hook_id'],
    ['status', 'status'],
    ['eventType', 'event_type'],
    ['eventId', 'event_id'],
  ]);

  constructor(pool: pg.Pool, committer: PgGroupCommitter) {
    this.#pool = pool;
    this.#committer = committer;
  }

  addDeliveries(eventId: string, eventType: string, deliveries: NewDelivery[], now: Date): Promise<void> {
    const rows = deliveries.map((delivery) => ({ ...delivery, eventId, eventType, now }));
    return this.#committer.enqueue((client) => insertDeliveries(client, rows));
  }

  async getDelivery(id: string): Promise<DeliveryRecord | null> {
    const { rows } = await this.#pool.query<DeliveryRow>(`SELECT ${DELIVERY_COLUMNS} FROM deliveries WHERE id = $1`, [id]);
    return rows[0] ? toDelivery(rows[0]) : null;
  }

  /** Newest first; the page's attempts come from one query over `(delivery_id, seq)`. */
  async listDeliveries(query: DeliveryQuery): Promise<DeliveryPage> {
    const { rows, nextCursor } = await this.#pager.page(this.#pool, query);
    const attempts = await this.#attemptsOf(this.#pool, rows.map((row) => row.id));
    return { deliveries: rows.map((row) => ({ ...toDelivery(row), attempts_log: attempts.get(row.id) ?? [] })), nextCursor };
  }

  async dueDeliveries(hookId: string, now: Date, limit: number, exclude: readonly string[]): Promise<DeliveryRecord[]> {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Expected \`limit\` to be an integer >= 1, got ${String(limit)}`);
    }
    const { rows } = await this.#pool.query<DeliveryRow>(
      `SELECT ${DELIVERY_COLUMNS} FROM deliveries
        WHERE status = 'pending' AND hook_id = $1 AND next_attempt_at <= $2 AND NOT (id = ANY($3::text[]))
        ORDER BY next_attempt_at, seq LIMIT $4`,
      [hookId, now.toISOString(), [...exclude], limit],
    );
    return rows.map(toDelivery);
  }

  async nextDueAt(after?: Date): Promise<Date | null> {
    const { rows } = await this.#pool.query<{ at: Date | null }>(
      `SELECT min(next_attempt_at) AS at FROM deliveries WHERE status = 'pending' AND next_attempt_at > $1`,
      [after ? after.toISOString() : '-infinity'],
    );
    return rows[0]?.at ?? null;
  }

  /**
   * A loose index scan over `deliveries_due_by_hook`: one index probe per hook with pending work,
   * so the cost follows the number of such hooks, not the backlog behind them.
   */
  async hooksWithDueDeliveries(now: Date): Promise<string[]> {
    const { rows } = await this.#pool.query<{ hook_id: string }>(
      `WITH RECURSIVE hooks AS (
         (SELECT hook_id FROM deliveries WHERE status = 'pending' ORDER BY hook_id LIMIT 1)
         UNION ALL
         SELECT (SELECT d.hook_id FROM deliveries d WHERE d.status = 'pending' AND d.hook_id > hooks.hook_id
                  ORDER BY d.hook_id LIMIT 1)
           FROM hooks WHERE hooks.hook_id IS NOT NULL
       )
       SELECT hook_id FROM hooks
        WHERE hook_id IS NOT NULL AND EXISTS (SELECT 1 FROM deliveries d WHERE d.status = 'pending'
          AND d.hook_id = hooks.hook_id AND d.next_attempt_at <= $1)`,
      [now.toISOString()],
    );
    return rows.map((row) => row.hook_id);
  }

  /** See `recordAttempt`: numbers the attempt; safe to repeat; a cancelled delivery is never made pending again. */
  recordAttempt(write: AttemptWrite, now: Date): Promise<number | null> {
    const next = write.nextAttemptAt?.getTime() ?? Number.NaN;
    if (write.status === 'pending' && !Number.isFinite(next)) {
      return Promise.reject(
        new RangeError(`Expected \`nextAttemptAt\` to be a valid Date for a pending delivery, got ${String(write.nextAttemptAt)}`),
      );
    }
    // Locks its delivery row, then its subscription's health row: ordered by both across a batch.
    return this.#committer.enqueue((client) => recordAttempt(client, write, now), `${write.attempt.hook_id}\u0000${write.attempt.delivery_id}`);
  }

  /** Test deliveries stay failed: their sample event was never stored, so another attempt could only fail. */
  requeueFailed(hookId: string, since: Date, now: Date): Promise<number> {
    return this.#committer.enqueue(async (client) => {
      const result = await client.query(
        `UPDATE deliveries SET status = 'pending', cycle_attempts = 0, next_attempt_at = $1, updated_at = $1
          WHERE hook_id = $2 AND status = 'failed' AND created_at >= $3 AND trigger <> 'test'`,
        [now.toISOString(), hookId, since.toISOString()],
      );
      return result.rowCount ?? 0;
    });
  }

  cancelPending(hookId: string, now: Date): Promise<number> {
    return this.#committer.enqueue(async (client) => {
      const result = await client.query(
        `UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL, updated_at = $1
          WHERE hook_id = $2 AND status = 'pending'`,
        [now.toISOString(), hookId],
      );
      return result.rowCount ?? 0;
    });
  }

  async consecutiveFailures(hookId: string): Promise<number> {
    const { rows } = await this.#pool.query<{ n: number }>('SELECT consecutive_failures AS n FROM hook_health WHERE hook_id = $1', [hookId]);
    return rows[0]?.n ?? 0;
  }

  /** Sums `delivery_counts` (kept by triggers, sharded by connection): a few rows whatever the history. */
  async deliveryCounts(): Promise<DeliveryCounts> {
    const counts: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    const { rows } = await this.#pool.query<{ status: string; n: number }>(
      'SELECT status, sum(n)::bigint AS n FROM delivery_counts GROUP BY status',
    );
    for (const { status, n } of rows) {
      if (status in counts) counts[status as DeliveryStatus] = n;
    }
    return counts;
  }

  async #attemptsOf(db: Queryable, ids: string[]): Promise<Map<string, AttemptRecord[]>> {
    const byDelivery = new Map<string, AttemptRecord[]>();
    if (ids.length === 0) return byDelivery;
    const { rows } = await db.query<AttemptRow>(
      `SELECT ${ATTEMPT_COLUMNS} FROM attempts WHERE delivery_id = ANY($1::text[]) ORDER BY delivery_id, seq`,
      [ids],
    );
    for (const row of rows) {
      const list = byDelivery.get(row.delivery_id);
      if (list) list.push(toAttempt(row));
      else byDelivery.set(row.delivery_id, [toAttempt(row)]);
    }
    return byDelivery;
  }
}
