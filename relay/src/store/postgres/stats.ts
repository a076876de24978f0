import type pg from 'pg';
import type { ActivityCounts, DeliveryCounts, DeliveryStatus, HookHealthRecord, QueueDepth, StatsLog } from '../types.js';

const iso = (date: Date | null): string | null => (date === null ? null : date.toISOString());

/**
 * The admin overview's counts. Each query reads one index range: `events_received_at`,
 * `deliveries_created_status`, the partial `deliveries_due`, the sharded `delivery_counts` and
 * the small `hook_health` table. Reads only; they see committed data.
 */
export class PgStats implements StatsLog {
  readonly #pool: pg.Pool;

  constructor(pool: pg.Pool) {
    this.#pool = pool;
  }

  async activitySince(since: Date): Promise<ActivityCounts> {
    const at = since.toISOString();
    const [events, byStatus] = await Promise.all([
      this.#pool.query<{ n: number }>('SELECT count(*) AS n FROM events WHERE received_at >= $1', [at]),
      this.#pool.query<{ status: string; n: number }>(
        'SELECT status, count(*) AS n FROM deliveries WHERE created_at >= $1 GROUP BY status',
        [at],
      ),
    ]);
    const deliveries: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const { status, n } of byStatus.rows) {
      if (status in deliveries) deliveries[status as DeliveryStatus] = n;
    }
    return { events: events.rows[0]?.n ?? 0, deliveries };
  }

  async queueDepth(now: Date): Promise<QueueDepth> {
    const [pending, due] = await Promise.all([
      this.#pool.query<{ n: number | null }>(`SELECT sum(n)::bigint AS n FROM delivery_counts WHERE status = 'pending'`),
      this.#pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM deliveries WHERE status = 'pending' AND next_attempt_at <= $1`,
        [now.toISOString()],
      ),
    ]);
    return { pending: pending.rows[0]?.n ?? 0, due: due.rows[0]?.n ?? 0 };
  }

  async hookHealth(): Promise<HookHealthRecord[]> {
    const { rows } = await this.#pool.query<{
      hook_id: string;
      consecutive_failures: number;
      last_success_at: Date | null;
      last_failure_at: Date | null;
    }>('SELECT hook_id, consecutive_failures, last_success_at, last_failure_at FROM hook_health ORDER BY hook_id COLLATE "C"');
    return rows.map((row) => ({ ...row, last_success_at: iso(row.last_success_at), last_failure_at: iso(row.last_failure_at) }));
  }

  /** The envelope's own `received_at` text of the newest event, as the embedded store answers. */
  async lastEventAt(): Promise<string | null> {
    const { rows } = await this.#pool.query<{ received_at: string }>(
      `SELECT envelope->>'received_at' AS received_at FROM events ORDER BY seq DESC LIMIT 1`,
    );
    return rows[0]?.received_at ?? null;
  }
}
