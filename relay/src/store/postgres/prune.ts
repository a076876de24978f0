import type pg from 'pg';
import type { PruneCounts } from '../sqlite/prune.js';
import type { StoreLimits } from '../types.js';
import { inTransaction } from './pool.js';

export type PgPruneCounts = PruneCounts;

const DAY_MS = 24 * 60 * 60 * 1000;

/** An event some pending delivery still needs is never pruned: an in-flight retry keeps its event. */
const NOT_AWAITED = `NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = e.id AND d.status = 'pending')`;

/**
 * The same retention as the embedded store (docs/storage.md, "Retention"), `chunk` rows per
 * statement, each its own transaction, so no prune holds locks long. Rows another transaction has
 * locked (a delivery being recorded, a dedupe key being claimed) are skipped (`SKIP LOCKED`) and
 * left for the next prune, so prune never waits on, or deadlocks with, ingest and delivery.
 * Several relays may prune at once; each row is deleted once.
 */
export async function pgPrune(pool: pg.Pool, limits: StoreLimits, now: Date, chunk: number): Promise<PruneCounts> {
  const deliveryCutoff = new Date(now.getTime() - limits.deliveryRetentionDays * DAY_MS).toISOString();
  const { deliveries, attempts: withDeliveries } = await pruneDeliveries(pool, deliveryCutoff, chunk);
  const attempts =
    withDeliveries +
    (await inChunks(() =>
      count(
        pool,
        `DELETE FROM attempts WHERE seq IN
           (SELECT seq FROM attempts WHERE started_at < $1 ORDER BY started_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [deliveryCutoff, chunk],
      ),
    chunk));

  const eventCutoff = new Date(now.getTime() - limits.eventRetentionDays * DAY_MS).toISOString();
  let events = await inChunks(
    () =>
      count(
        pool,
        `DELETE FROM events WHERE seq IN (SELECT seq FROM events e WHERE received_at < $1 AND ${NOT_AWAITED}
           ORDER BY received_at LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [eventCutoff, chunk],
      ),
    chunk,
  );
  const boundary = await pool.query<{ seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET $1', [
    limits.eventRetentionMax - 1,
  ]);
  const oldestKept = boundary.rows[0]?.seq;
  if (oldestKept !== undefined) {
    events += await inChunks(
      () =>
        count(
          pool,
          `DELETE FROM events WHERE seq IN (SELECT seq FROM events e WHERE seq < $1 AND ${NOT_AWAITED}
             ORDER BY seq LIMIT $2 FOR UPDATE SKIP LOCKED)`,
          [oldestKept, chunk],
        ),
      chunk,
    );
  }
  const dedupeKeys = await inChunks(
    () =>
      count(
        pool,
        `DELETE FROM dedupe_keys WHERE (source_id, key) IN
           (SELECT source_id, key FROM dedupe_keys WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
        [now.toISOString(), chunk],
      ),
    chunk,
  );
  return { events, dedupeKeys, deliveries, attempts };
}

/** Finished deliveries last updated before the cutoff, with all their attempts, one transaction per chunk. */
async function pruneDeliveries(pool: pg.Pool, cutoff: string, chunk: number): Promise<{ deliveries: number; attempts: number }> {
  let attempts = 0;
  const deliveries = await inChunks(
    () =>
      inTransaction(pool, async (client) => {
        const doomed = await client.query<{ id: string }>(
          `SELECT id FROM deliveries WHERE updated_at < $1 AND status <> 'pending'
            ORDER BY updated_at, seq LIMIT $2 FOR UPDATE SKIP LOCKED`,
          [cutoff, chunk],
        );
        const ids = doomed.rows.map((row) => row.id);
        if (ids.length === 0) return 0;
        attempts += (await client.query('DELETE FROM attempts WHERE delivery_id = ANY($1::text[])', [ids])).rowCount ?? 0;
        return (await client.query('DELETE FROM deliveries WHERE id = ANY($1::text[])', [ids])).rowCount ?? 0;
      }),
    chunk,
  );
  return { deliveries, attempts };
}

async function count(pool: pg.Pool, sql: string, params: unknown[]): Promise<number> {
  return (await pool.query(sql, params)).rowCount ?? 0;
}

/** Runs `step` (one transaction deleting up to `size` rows) until it deletes fewer than `size`. */
async function inChunks(step: () => Promise<number>, size: number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = await step();
    total += deleted;
    if (deleted < size) return total;
  }
}
