import type Database from 'better-sqlite3';
import type { ActivityCounts, DeliveryCounts, DeliveryStatus, HookHealthRecord, QueueDepth, StatsLog } from '../types.js';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

/**
 * The admin overview's counts. Each query reads one index range: `events_received_ms`,
 * `deliveries_created_status` (migration 3, covering), the partial `deliveries_due`, and the
 * small `hook_health` table. Reads only; they see committed data.
 */
export class SqliteStats implements StatsLog {
  readonly #sql;

  constructor(db: Database.Database) {
    this.#sql = {
      events: db.prepare<[number], { n: number }>('SELECT count(*) AS n FROM events WHERE received_ms >= ?'),
      deliveries: db.prepare<[number], { status: string; n: number }>(
        'SELECT status, count(*) AS n FROM deliveries INDEXED BY deliveries_created_status WHERE created_ms >= ? GROUP BY status',
      ),
      pending: db.prepare<[], { n: number }>("SELECT n FROM delivery_counts WHERE status = 'pending'"),
      due: db.prepare<[number], { n: number }>(
        "SELECT count(*) AS n FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending' AND next_attempt_ms <= ?",
      ),
      health: db.prepare<[], { hook_id: string; consecutive_failures: number; last_success_ms: number | null; last_failure_ms: number | null }>(
        'SELECT hook_id, consecutive_failures, last_success_ms, last_failure_ms FROM hook_health ORDER BY hook_id',
      ),
      lastEvent: db.prepare<[], { received_at: string }>('SELECT received_at FROM events ORDER BY seq DESC LIMIT 1'),
    };
  }

  async activitySince(since: Date): Promise<ActivityCounts> {
    const ms = since.getTime();
    const deliveries: DeliveryCounts = { pending: 0, succeeded: 0, failed: 0, cancelled: 0 };
    for (const { status, n } of this.#sql.deliveries.all(ms)) {
      if (status in deliveries) deliveries[status as DeliveryStatus] = n;
    }
    return { events: this.#sql.events.get(ms)?.n ?? 0, deliveries };
  }

  async queueDepth(now: Date): Promise<QueueDepth> {
    return { pending: this.#sql.pending.get()?.n ?? 0, due: this.#sql.due.get(now.getTime())?.n ?? 0 };
  }

  async hookHealth(): Promise<HookHealthRecord[]> {
    return this.#sql.health.all().map((row) => ({
      hook_id: row.hook_id,
      consecutive_failures: row.consecutive_failures,
      last_success_at: iso(row.last_success_ms),
      last_failure_at: iso(row.last_failure_ms),
    }));
  }

  async lastEventAt(): Promise<string | null> {
    return this.#sql.lastEvent.get()?.received_at ?? null;
  }
}
