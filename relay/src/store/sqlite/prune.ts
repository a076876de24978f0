import type Database from 'better-sqlite3';
import type { StoreLimits } from '../types.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** Rows deleted per transaction: small enough that one chunk never blocks the event loop long. */
export const DEFAULT_PRUNE_CHUNK = 5000;

/** What one `prune` removed. `events` and `dedupeKeys` are the `EventLog.prune` contract; the rest are extra. */
export interface PruneCounts {
  events: number;
  dedupeKeys: number;
  deliveries: number;
  attempts: number;
}

/** An event some pending delivery still needs is never pruned: an in-flight retry keeps its event. */
const NOT_AWAITED = `NOT EXISTS (SELECT 1 FROM deliveries d WHERE d.event_id = events.id AND d.status = 'pending')`;

/**
 * Deletes, oldest first and `chunk` rows per transaction, yielding to the event loop between
 * transactions: finished deliveries (with their attempts) last updated before
 * `now - deliveryRetentionDays` and attempts started before then; events received before
 * `now - eventRetentionDays` and events beyond the newest `eventRetentionMax`, except those a
 * pending delivery still needs; and dedupe keys that have expired. Pending deliveries are never
 * pruned. Freed pages are reused by later writes, so the file stops growing at its high-water mark.
 */
export async function pruneEventLog(
  db: Database.Database,
  limits: StoreLimits,
  now: Date,
  chunk = DEFAULT_PRUNE_CHUNK,
): Promise<PruneCounts> {
  const { deliveries, attempts } = await pruneDeliveries(db, now.getTime() - limits.deliveryRetentionDays * DAY_MS, chunk);
  const cutoffMs = now.getTime() - limits.eventRetentionDays * DAY_MS;
  const byAge = db.prepare<[number, number]>(
    `DELETE FROM events WHERE seq IN
       (SELECT seq FROM events WHERE received_ms < ? AND ${NOT_AWAITED} ORDER BY received_ms LIMIT ?)`,
  );
  const oldestKept = db.prepare<[number], { seq: number }>('SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET ?');
  const byCount = db.prepare<[number, number]>(
    `DELETE FROM events WHERE seq IN (SELECT seq FROM events WHERE seq < ? AND ${NOT_AWAITED} ORDER BY seq LIMIT ?)`,
  );
  const expiredKeys = db.prepare<[number, number]>(
    'DELETE FROM dedupe_keys WHERE rowid IN (SELECT rowid FROM dedupe_keys WHERE expires_ms <= ? LIMIT ?)',
  );

  let events = await inChunks(chunk, (size) => byAge.run(cutoffMs, size).changes);
  const boundary = oldestKept.get(limits.eventRetentionMax - 1);
  if (boundary) events += await inChunks(chunk, (size) => byCount.run(boundary.seq, size).changes);
  const dedupeKeys = await inChunks(chunk, (size) => expiredKeys.run(now.getTime(), size).changes);
  return { events, dedupeKeys, deliveries, attempts };
}

/** Finished deliveries last updated before `cutoffMs` with all their attempts, then any older attempt. */
async function pruneDeliveries(
  db: Database.Database,
  cutoffMs: number,
  chunk: number,
): Promise<{ deliveries: number; attempts: number }> {
  const finished = db.prepare<[number, number], { id: string }>(
    `SELECT id FROM deliveries WHERE updated_ms < ? AND status != 'pending' ORDER BY updated_ms, seq LIMIT ?`,
  );
  const attemptsOf = db.prepare<[string]>('DELETE FROM attempts WHERE delivery_id IN (SELECT value FROM json_each(?))');
  const deliveriesIn = db.prepare<[string]>('DELETE FROM deliveries WHERE id IN (SELECT value FROM json_each(?))');
  const statusesIn = db.prepare<[string], { status: string; n: number }>(
    'SELECT status, count(*) AS n FROM deliveries WHERE id IN (SELECT value FROM json_each(?)) GROUP BY status',
  );
  const uncount = db.prepare<[number, string]>('UPDATE delivery_counts SET n = n - ? WHERE status = ?');
  const oldAttempts = db.prepare<[number, number]>(
    'DELETE FROM attempts WHERE seq IN (SELECT seq FROM attempts WHERE started_ms < ? ORDER BY started_ms LIMIT ?)',
  );
  let attempts = 0;
  const step = db.transaction((size: number): number => {
    const ids = JSON.stringify(finished.all(cutoffMs, size).map((row) => row.id));
    attempts += attemptsOf.run(ids).changes;
    for (const { status, n } of statusesIn.all(ids)) uncount.run(n, status); // see migration 4
    return deliveriesIn.run(ids).changes;
  });
  const deliveries = await inChunks(chunk, (size) => step(size));
  attempts += await inChunks(chunk, (size) => oldAttempts.run(cutoffMs, size).changes);
  return { deliveries, attempts };
}

/** Runs `step` (one transaction deleting up to `size` rows) until it deletes fewer than `size`. */
async function inChunks(size: number, step: (size: number) => number): Promise<number> {
  let total = 0;
  for (;;) {
    const deleted = step(size);
    total += deleted;
    if (deleted < size) return total;
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
